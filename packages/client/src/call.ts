// Calls one operation of the spec by its operationId: the base every generated method is built on.
import type { Client } from 'openapi-fetch';
import { operations, type OperationId } from '../../../generated/client/operations.js';
import { ZapiError, ZapiHttpError, ZapiNetworkError, ZapiTimeoutError } from './errors.js';
import type { CallArgs, ResponseData } from './types.js';

const PARSE_AS = { json: 'json', text: 'text', binary: 'arrayBuffer', empty: 'text' } as const;

export interface CallContext {
  // The operation table decides paths at run time; the typed surface is CallArgs/ResponseData.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  raw: Client<any>;
  /** Secret values to redact from every error. */
  secrets: readonly string[];
  timeoutMs: number;
}

export type Caller<Id extends OperationId> = <K extends Id>(operationId: K, ...args: CallArgs<K>) => Promise<ResponseData<K>>;

export function createCaller<Id extends OperationId>(context: CallContext, scope: 'instance' | 'partner'): Caller<Id> {
  return async (operationId, ...[args]) => {
    const op = operations[operationId];
    if (!op || op.scope !== scope) {
      throw new ZapiError(`${String(operationId)} is not an operation of the ${scope} client`, String(operationId));
    }
    const timeoutMs = args?.timeoutMs ?? context.timeoutMs;
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
      if (timeout.aborted) throw new ZapiTimeoutError(operationId, timeoutMs);
      if (args?.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ZapiNetworkError(`${operationId} could not reach Z-API: ${reason}`, operationId, {
        cause: error,
        secrets: context.secrets,
      });
    }
    const { response } = result;
    if (!response.ok) {
      throw new ZapiHttpError({
        operationId,
        status: response.status,
        body: result.error,
        method: op.method,
        url: response.url || 'http://unknown/',
        secrets: context.secrets,
      });
    }
    const data = result.data as unknown;
    return (op.response === 'binary' && data instanceof ArrayBuffer ? new Uint8Array(data) : data) as never;
  };
}
