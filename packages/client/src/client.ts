import createClient, { type Client } from 'openapi-fetch';
import { instancePrefix } from '@zapi-kit/shared';
import type { paths as InstancePaths } from './generated/instance.js';
import type { InstanceMethods as InstanceMethodDocs, PartnerMethods as PartnerMethodDocs } from './generated/methods.js';
import type { OperationId } from './generated/operations.js';
import { createCaller, type Caller, type CallContext } from './call.js';
import { bindFlatMethods, bindGroupedMethods, invoke } from './methods.js';
import { createPaginator, type Paginator } from './paginate.js';
import type { RetryOptions } from './retry.js';
import type { paths as PartnerPaths } from './generated/partner.js';
import type { InstanceMethodTypes, InstanceOperationId, PartnerMethodTypes, PartnerOperationId } from './types.js';

/** The instance client's methods: `zapi.<tag>.<operationId>(params, options)`, documented from the spec. */
export type InstanceMethods = InstanceMethodDocs<InstanceMethodTypes>;
/** The partner client's methods: `partner.<operationId>(params, options)`. */
export type PartnerMethods = PartnerMethodDocs<PartnerMethodTypes>;

export const DEFAULT_BASE_URL = 'https://api.z-api.io';
export const DEFAULT_TIMEOUT_MS = 30_000;

interface CommonOptions {
  /** Z-API's address; point it at `zapi-mock serve` in tests. Default `https://api.z-api.io`. */
  baseUrl?: string;
  /** A fetch implementation, for runtimes without a global one or to instrument calls. */
  fetch?: typeof globalThis.fetch;
  /** How long one attempt may take before it fails with ZapiTimeoutError. Default 30 s. */
  timeoutMs?: number;
  /**
   * Retries of the calls that are safe to repeat (GETs and operations the spec marks idempotent) on
   * network errors, timeouts, 429 and 5xx, honouring Retry-After. Default 2 retries from 500 ms;
   * `false` turns them off. Sends are never retried unless a call passes `{ retry: true }`.
   */
  retry?: RetryOptions | false;
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

export type ZapiClient = InstanceMethods & {
  readonly instanceId: string;
  /** Calls an instance operation by its operationId with explicit parts: `zapi.call('updateName', { body: { value: 'Shop' } })`. */
  readonly call: Caller<InstanceOperationId>;
  /** Iterates every item of a paged list operation. */
  readonly paginate: Paginator<InstanceOperationId>;
  /** The openapi-fetch client on the instance base URL, with paths relative to it (`/update-name`). */
  readonly raw: Client<InstancePaths>;
};

export type ZapiPartnerClient = PartnerMethods & {
  /** Calls a partner operation by its operationId: `partner.call('listInstances', { query: { page: 1, pageSize: 10 } })`. */
  readonly call: Caller<PartnerOperationId>;
  /** Iterates every item of a paged list: `for await (const instance of partner.paginate('listInstances', { pageSize: 50 }))`. */
  readonly paginate: Paginator<PartnerOperationId>;
  /** The openapi-fetch client on Z-API's base URL. */
  readonly raw: Client<PartnerPaths>;
};

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

function callContext(baseUrl: string, headers: Record<string, string>, secrets: string[], options: CommonOptions): CallContext {
  // Looked up at call time, so a fetch patched after the client was made (tests, instrumentation) is used.
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return { baseUrl, headers, fetch: fetchImpl, secrets, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, retry: options.retry ?? {} };
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
  const baseUrl = `${baseUrlOf(options)}${instancePrefix(encodeURIComponent(instanceId), encodeURIComponent(token))}`;
  const headers: Record<string, string> = options.clientToken ? { 'Client-Token': options.clientToken } : {};
  const raw = createClient<InstancePaths>({ baseUrl, headers, ...(options.fetch && { fetch: options.fetch }) });
  const secrets = [token, options.clientToken].filter((s): s is string => Boolean(s));
  const call = createCaller<InstanceOperationId>(callContext(baseUrl, headers, secrets, options), 'instance');
  const anyCall = call as Caller<OperationId>;
  return {
    ...(bindGroupedMethods(anyCall, 'instance') as unknown as InstanceMethods),
    instanceId,
    raw,
    call,
    paginate: createPaginator((id, params, opts) => invoke(anyCall, id, params, opts)),
  };
}

export function createZapiPartnerClient(options: ZapiPartnerClientOptions): ZapiPartnerClient {
  const partnerToken = required('partnerToken', options.partnerToken);
  const baseUrl = baseUrlOf(options);
  const headers = { Authorization: `Bearer ${partnerToken}` };
  const raw = createClient<PartnerPaths>({ baseUrl, headers, ...(options.fetch && { fetch: options.fetch }) });
  const call = createCaller<PartnerOperationId>(callContext(baseUrl, headers, [partnerToken], options), 'partner');
  const anyCall = call as Caller<OperationId>;
  return {
    ...(bindFlatMethods(anyCall, 'partner') as unknown as PartnerMethods),
    raw,
    call,
    paginate: createPaginator((id, params, opts) => invoke(anyCall, id, params, opts)),
  };
}
