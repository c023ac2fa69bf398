// The options both entries take (the client and its raw openapi-fetch sibling), checked once: the
// base URL a client's paths are relative to, the headers every call carries, and the secrets to redact.
import { instancePrefix } from '@zapi-kit/shared';
import type { RetryOptions } from './retry.js';

export const DEFAULT_BASE_URL = 'https://api.z-api.io';
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface CommonOptions {
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

/** Where a client's calls go and what they carry. */
export interface Target {
  baseUrl: string;
  headers: Record<string, string>;
  /** Secret values to redact from every error. */
  secrets: string[];
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

/** The instance's own URL (credentials in the path, as Z-API addresses it) and its Client-Token header. */
export function instanceTarget(options: ZapiClientOptions): Target {
  const instanceId = required('instanceId', options.instanceId);
  const token = required('token', options.token);
  if (options.clientToken !== undefined) required('clientToken', options.clientToken);
  if (options.clientToken === token) {
    throw new TypeError(
      'zapi-kit: `clientToken` is the instance token. The Client-Token is the account security token (panel → Security), a different secret.',
    );
  }
  return {
    baseUrl: `${baseUrlOf(options)}${instancePrefix(encodeURIComponent(instanceId), encodeURIComponent(token))}`,
    headers: options.clientToken ? { 'Client-Token': options.clientToken } : {},
    secrets: options.clientToken ? [token, options.clientToken] : [token],
  };
}

/** Z-API's base URL and the partner bearer. */
export function partnerTarget(options: ZapiPartnerClientOptions): Target {
  const partnerToken = required('partnerToken', options.partnerToken);
  return { baseUrl: baseUrlOf(options), headers: { Authorization: `Bearer ${partnerToken}` }, secrets: [partnerToken] };
}
