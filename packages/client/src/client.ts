import createClient, { type Client } from 'openapi-fetch';
import type { paths as InstancePaths } from '../../../generated/client/instance.js';
import type { paths as PartnerPaths } from '../../../generated/client/partner.js';
import { createCaller, type Caller } from './call.js';
import type { InstanceOperationId, PartnerOperationId } from './types.js';

export const DEFAULT_BASE_URL = 'https://api.z-api.io';
export const DEFAULT_TIMEOUT_MS = 30_000;

interface CommonOptions {
  /** Z-API's address; point it at `zapi-mock serve` in tests. Default `https://api.z-api.io`. */
  baseUrl?: string;
  /** A fetch implementation, for runtimes without a global one or to instrument calls. */
  fetch?: typeof globalThis.fetch;
  /** How long a call may take before it fails with ZapiTimeoutError. Default 30 s. */
  timeoutMs?: number;
}

export interface ZapiClientOptions extends CommonOptions {
  /** The instance id (panel → Instances). */
  instanceId: string;
  /** The instance token shown beside the id. It goes in the URL path; zapi-kit redacts it everywhere it prints. */
  token: string;
  /**
   * The account security token (panel → Security), sent as the `Client-Token` header. Required by
   * Z-API once the account activates it; it is a different secret from `token`.
   */
  clientToken?: string;
}

export interface ZapiPartnerClientOptions extends CommonOptions {
  /** The partner (integrator) token, sent as `Authorization: Bearer <token>`. */
  partnerToken: string;
}

export interface ZapiClient {
  readonly instanceId: string;
  /** Calls an instance operation by its operationId: `zapi.call('updateName', { body: { value: 'Shop' } })`. */
  readonly call: Caller<InstanceOperationId>;
  /** The openapi-fetch client on the instance base URL, with paths relative to it (`/update-name`). */
  readonly raw: Client<InstancePaths>;
}

export interface ZapiPartnerClient {
  /** Calls a partner operation by its operationId: `partner.call('listInstances', { query: { page: 1, pageSize: 10 } })`. */
  readonly call: Caller<PartnerOperationId>;
  /** The openapi-fetch client on Z-API's base URL. */
  readonly raw: Client<PartnerPaths>;
}

function required(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`zapi-kit: \`${name}\` must be a non-empty string`);
  }
  return value;
}

function baseUrlOf(options: CommonOptions): string {
  const url = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new TypeError(`zapi-kit: \`baseUrl\` must be an http(s) URL, got ${JSON.stringify(url)}`);
  return url;
}

export function createZapiClient(options: ZapiClientOptions): ZapiClient {
  const instanceId = required('instanceId', options.instanceId);
  const token = required('token', options.token);
  if (options.clientToken !== undefined) required('clientToken', options.clientToken);
  if (options.clientToken === token) {
    throw new TypeError(
      'zapi-kit: `clientToken` is the instance token. The Client-Token is the account security token (panel → Security), a different secret.',
    );
  }
  const raw = createClient<InstancePaths>({
    baseUrl: `${baseUrlOf(options)}/instances/${encodeURIComponent(instanceId)}/token/${encodeURIComponent(token)}`,
    headers: options.clientToken ? { 'Client-Token': options.clientToken } : {},
    ...(options.fetch && { fetch: options.fetch }),
  });
  const secrets = [token, options.clientToken].filter((s): s is string => Boolean(s));
  return {
    instanceId,
    raw,
    call: createCaller({ raw, secrets, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }, 'instance'),
  };
}

export function createZapiPartnerClient(options: ZapiPartnerClientOptions): ZapiPartnerClient {
  const partnerToken = required('partnerToken', options.partnerToken);
  const raw = createClient<PartnerPaths>({
    baseUrl: baseUrlOf(options),
    headers: { Authorization: `Bearer ${partnerToken}` },
    ...(options.fetch && { fetch: options.fetch }),
  });
  return {
    raw,
    call: createCaller({ raw, secrets: [partnerToken], timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }, 'partner'),
  };
}
