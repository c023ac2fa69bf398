// Calls one operation of the spec by its operationId: the base every generated method is built on.
// It speaks fetch directly (the operation table says how), so that it knows which phase failed:
// before the request left, while Z-API held it, or while its answer was being read. A send whose
// request left may have been delivered; the error says so instead of "could not reach".
import { describeFetchError } from '@zapi-kit/shared';
import type { OperationId } from './generated/operations.js';
import { deadline } from './deadline.js';
import { entryOf, type OperationEntry } from './table.js';
import { ZapiAbortError, ZapiError, ZapiHttpError, ZapiNetworkError, ZapiResponseError, ZapiTimeoutError } from './errors.js';
import { DEFAULT_TIMEOUT_MS, type CommonOptions, type Target } from './options.js';
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, retryAfterMs, sleep, type RetryOptions } from './retry.js';
import type { CallArgs, CallOptions, ResponseData } from './types.js';

export interface CallContext {
  /** Base URL the table's paths are relative to (the instance URL for the instance client). */
  baseUrl: string;
  /** Headers every call carries (Client-Token, or the partner bearer). */
  headers: Readonly<Record<string, string>>;
  /** The same with the JSON content type, for calls with a body: built once, not per call. */
  jsonHeaders: Readonly<Record<string, string>>;
  fetch: typeof globalThis.fetch;
  /** Secret values to redact from every error. */
  secrets: readonly string[];
  timeoutMs: number;
  /** The client's retry policy, defaults filled in; false turns retries off. */
  retry: Required<RetryOptions> | false;
}

export function contextOf(target: Target, options: CommonOptions): CallContext {
  return {
    baseUrl: target.baseUrl,
    headers: target.headers,
    jsonHeaders: { ...target.headers, 'Content-Type': 'application/json' },
    // Looked up at call time, so a fetch patched after the client was made (tests, instrumentation) is used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    secrets: target.secrets,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry },
  };
}

export type Caller<Id extends OperationId> = <K extends Id>(operationId: K, ...args: CallArgs<K>) => Promise<ResponseData<K>>;

/** The HTTP parts of a call, once CallArgs (or a method's params) have been checked. */
export interface Parts {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

type Attempt = { ok: true; data: unknown } | { ok: false; error: ZapiError; retryable: boolean; retryAfter?: number };

/** `zapi.call(operationId, { path, query, body, ...options })`: any operation of the client's scope by name. */
export function createCaller<Id extends OperationId>(context: CallContext, scope: 'instance' | 'partner'): Caller<Id> {
  return (operationId, ...[args]) => {
    const op = entryOf(operationId);
    if (!op || op.scope !== scope) {
      return Promise.reject(new ZapiError(`${String(operationId)} is not an operation of the ${scope} client`, String(operationId)));
    }
    return callOperation(context, operationId, op, args as Parts | undefined, args) as never;
  };
}

/** Calls one operation, retrying what is safe to repeat. */
export async function callOperation(
  context: CallContext,
  operationId: string,
  op: OperationEntry,
  parts: Parts | undefined,
  options: CallOptions | undefined,
): Promise<unknown> {
  // Only what is safe to repeat is retried, unless the caller opts in for this call: a retried
  // send-text is a second WhatsApp message.
  const optedIn = options?.retry;
  const policy =
    optedIn === false || context.retry === false || (!op.idempotent && !optedIn)
      ? undefined
      : typeof optedIn === 'object'
        ? { ...context.retry, ...optedIn }
        : context.retry;
  const timeoutMs = options?.timeoutMs ?? context.timeoutMs;
  const signal = options?.signal;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new ZapiAbortError(operationId, false, signal.reason, context.secrets);
    const result = await attemptOnce(context, operationId, op, parts, signal, timeoutMs);
    if (result.ok) return result.data;
    if (!policy || !result.retryable || attempt > policy.retries) throw result.error;
    try {
      await sleep(backoffMs(attempt, policy, result.retryAfter), signal);
    } catch {
      throw new ZapiAbortError(operationId, false, signal?.reason, context.secrets);
    }
  }
}

/** `/send-text`, `/chats/{phone}` with its values, and the query string. */
export function urlOf(baseUrl: string, op: OperationEntry, path?: Record<string, unknown>, query?: Record<string, unknown>): string {
  let url =
    baseUrl +
    (op.pathParams.length === 0
      ? op.path
      : op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const value = path?.[name];
          if (value === undefined || value === null || value === '')
            throw new TypeError(`zapi-kit: path parameter "${name}" of ${op.path} is required`);
          return encodeURIComponent(String(value));
        }));
  if (!query) return url;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  if (text) url += `?${text}`;
  return url;
}

/**
 * Connection errors that prove nothing was sent: no address, no route, refused, TLS refused.
 * Anything else (a reset, "other side closed", a timeout) may come after Z-API got the request.
 */
const NOT_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT|ERR_TLS_.*|CERT_.*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_.*|ERR_INVALID_URL)$/;

async function attemptOnce(
  context: CallContext,
  operationId: string,
  op: OperationEntry,
  parts: Parts | undefined,
  userSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Attempt> {
  const url = urlOf(context.baseUrl, op, parts?.path, parts?.query);
  const hasBody = parts?.body !== undefined;
  const time = deadline(timeoutMs, userSignal);
  const fail = (error: ZapiError, retryable: boolean): Attempt => ({ ok: false, error, retryable });
  // Whatever happens after the request left is reported with requestSent: true.
  let phase: 'connect' | 'answer' = 'connect';
  try {
    const response = await context.fetch(url, {
      method: op.method.toUpperCase(),
      headers: hasBody ? context.jsonHeaders : context.headers,
      body: hasBody ? JSON.stringify(parts.body) : null,
      signal: time.signal,
    });
    phase = 'answer';
    if (!response.ok) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      return {
        ...fail(
          new ZapiHttpError({
            operationId,
            status: response.status,
            body: bodyOf(bytes),
            method: op.method,
            url,
            secrets: context.secrets,
          }),
          isRetryableStatus(response.status),
        ),
        ...(retryAfter !== undefined && { retryAfter }),
      };
    }
    if (op.response === 'binary') return { ok: true, data: new Uint8Array(await response.arrayBuffer()) };
    return { ok: true, data: decode(operationId, op, response, await response.text(), context.secrets) };
  } catch (error) {
    if (error instanceof ZapiResponseError) return fail(error, false);
    const sent = phase === 'answer' || !NOT_SENT.test(describeFetchError(error));
    if (userSignal?.aborted) return fail(new ZapiAbortError(operationId, sent, userSignal.reason, context.secrets), false);
    if (time.expired) return fail(new ZapiTimeoutError(operationId, timeoutMs, sent), true);
    const reason = describeFetchError(error);
    const message =
      phase === 'answer'
        ? `${operationId}: the connection failed while Z-API's answer was read (${reason}); the request was sent and may have taken effect`
        : sent
          ? `${operationId}: the connection failed after the request was sent (${reason}); it may have taken effect (a send may have been delivered)`
          : `${operationId} could not reach Z-API: ${reason}`;
    return fail(new ZapiNetworkError(message, operationId, { cause: error, secrets: context.secrets, requestSent: sent }), true);
  } finally {
    time.release();
  }
}

const decoder = new TextDecoder();

/** An error answer's body: Z-API's JSON (`{ error }`) when it is JSON, its text otherwise. */
function bodyOf(bytes: Uint8Array): unknown {
  const text = decoder.decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A 2xx answer's text as the operation documents it: parsed JSON, the text, or nothing. */
function decode(operationId: string, op: OperationEntry, response: Response, text: string, secrets: readonly string[]): unknown {
  // 204, a 200 Z-API sends without a body, or an operation documented without one.
  if (text === '' || op.response === 'empty') return undefined;
  if (op.response === 'text') return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ZapiResponseError({
      operationId,
      status: response.status,
      contentType: response.headers.get('content-type'),
      text,
      cause: error,
      secrets,
    });
  }
}
