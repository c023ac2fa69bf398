// Calls one operation of the spec by its operationId: the base every generated method is built on.
import type { Client } from 'openapi-fetch';
import { describeFetchError } from '@zapi-kit/shared';
import type { OperationId } from './generated/operations.js';
import { entryOf, type OperationEntry } from './table.js';
import { ZapiError, ZapiHttpError, ZapiNetworkError, ZapiTimeoutError } from './errors.js';
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, retryAfterMs, sleep, type RetryOptions } from './retry.js';
import type { CallArgs, ResponseData } from './types.js';

const PARSE_AS = { json: 'json', text: 'text', binary: 'arrayBuffer', empty: 'text' } as const;

export interface CallContext {
  // The operation table decides paths at run time; the typed surface is CallArgs/ResponseData.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  raw: Client<any>;
  /** Secret values to redact from every error. */
  secrets: readonly string[];
  timeoutMs: number;
  /** The client's retry policy; false turns retries off. */
  retry: RetryOptions | false;
}

export type Caller<Id extends OperationId> = <K extends Id>(operationId: K, ...args: CallArgs<K>) => Promise<ResponseData<K>>;

/** The untyped view of a call's arguments, once CallArgs has checked them. */
type RawArgs = { path?: object; query?: object; body?: unknown; signal?: AbortSignal };

type Attempt = { ok: true; data: unknown } | { ok: false; error: ZapiError; retryable: boolean; retryAfter?: number };

export function createCaller<Id extends OperationId>(context: CallContext, scope: 'instance' | 'partner'): Caller<Id> {
  return async (operationId, ...[args]) => {
    const op = entryOf(operationId);
    if (!op || op.scope !== scope) {
      throw new ZapiError(`${String(operationId)} is not an operation of the ${scope} client`, String(operationId));
    }
    // Only what is safe to repeat is retried, unless the caller opts in for this call: a retried
    // send-text is a second WhatsApp message.
    const optedIn = args?.retry;
    const policy =
      optedIn === false || context.retry === false || (!op.idempotent && !optedIn)
        ? undefined
        : { ...DEFAULT_RETRY, ...context.retry, ...(typeof optedIn === 'object' ? optedIn : {}) };
    const timeoutMs = args?.timeoutMs ?? context.timeoutMs;

    for (let attempt = 1; ; attempt++) {
      const result = await attemptOnce(context, operationId, op, args as RawArgs | undefined, timeoutMs);
      if (result.ok) return result.data as never;
      if (!policy || !result.retryable || attempt > policy.retries) throw result.error;
      await sleep(backoffMs(attempt, policy, result.retryAfter), args?.signal);
    }
  };
}

async function attemptOnce(
  context: CallContext,
  operationId: string,
  op: OperationEntry,
  args: RawArgs | undefined,
  timeoutMs: number,
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = args?.signal ? AbortSignal.any([args.signal, timeout]) : timeout;
  let result;
  try {
    result = await context.raw.request(op.method as 'get', op.path, {
      params: { path: args?.path, query: args?.query },
      body: args?.body,
      parseAs: PARSE_AS[op.response],
      signal,
    });
  } catch (error) {
    if (args?.signal?.aborted) throw error;
    if (timeout.aborted) return { ok: false, error: new ZapiTimeoutError(operationId, timeoutMs), retryable: true };
    const reason = describeFetchError(error);
    return {
      ok: false,
      retryable: true,
      error: new ZapiNetworkError(`${operationId} could not reach Z-API: ${reason}`, operationId, { cause: error, secrets: context.secrets }),
    };
  }
  const { response } = result;
  if (!response.ok) {
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    return {
      ok: false,
      retryable: isRetryableStatus(response.status),
      ...(retryAfter !== undefined && { retryAfter }),
      error: new ZapiHttpError({
        operationId,
        status: response.status,
        body: result.error,
        method: op.method,
        url: response.url || 'http://unknown/',
        secrets: context.secrets,
      }),
    };
  }
  const data = result.data as unknown;
  if (op.response === 'empty') return { ok: true, data: undefined }; // 204, or a 200 Z-API sends without a body
  return { ok: true, data: op.response === 'binary' && data instanceof ArrayBuffer ? new Uint8Array(data) : data };
}
