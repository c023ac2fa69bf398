// Binds one method per operation of the generated table onto a client: `zapi.<tag>.<operationId>`.
import { tagProperty } from '@zapi-kit/shared';
import type { OperationId } from './generated/operations.js';
import { entryOf, operationIds, type OperationEntry } from './table.js';
import { callOperation, type CallContext, type Parts } from './call.js';
import type { CallOptions } from './types.js';

const hasKeys = (object: object): boolean => {
  for (const _ in object) return true;
  return false;
};

/** Splits a method's one params object into the path, query and body parts of the HTTP call. */
export function splitParams(entry: OperationEntry, params: Record<string, unknown> | undefined): Parts {
  if (!params) return {};
  // The common case, a body and nothing else (send-text): the params are the body, sent as given.
  if (entry.body === 'object' && entry.pathParams.length === 0 && entry.queryParams.length === 0) {
    return hasKeys(params) ? { body: params } : {};
  }
  const parts: Parts = {};
  let body: Record<string, unknown> | undefined;
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (entry.pathParams.includes(key)) (parts.path ??= {})[key] = value;
    else if (entry.queryParams.includes(key)) (parts.query ??= {})[key] = value;
    else if (entry.body === 'object') (body ??= {})[key] = value;
    else if (!(entry.body === 'raw' && key === 'body')) {
      throw new TypeError(`zapi-kit: "${key}" is not a parameter of ${entry.method.toUpperCase()} ${entry.path}`);
    }
  }
  if (body) parts.body = body;
  if (entry.body === 'raw' && 'body' in params) parts.body = params.body;
  return parts;
}

/** Calls an operation with a method's arguments: one params object and the call options. */
export function invoke(context: CallContext, id: OperationId, params?: Record<string, unknown>, options?: CallOptions): Promise<unknown> {
  const entry = entryOf(id)!;
  try {
    return callOperation(context, id, entry, splitParams(entry, params), options);
  } catch (error) {
    return Promise.reject(error);
  }
}

const method =
  (context: CallContext, id: OperationId, entry: OperationEntry) => (params?: Record<string, unknown>, options?: CallOptions) => {
    try {
      return callOperation(context, id, entry, splitParams(entry, params), options);
    } catch (error) {
      return Promise.reject(error);
    }
  };

export function bindGroupedMethods(context: CallContext, scope: 'instance'): Record<string, Record<string, unknown>> {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const id of operationIds) {
    const entry = entryOf(id)!;
    if (entry.scope !== scope) continue;
    (groups[tagProperty(entry.tag)] ??= {})[id] = method(context, id, entry);
  }
  return groups;
}

export function bindFlatMethods(context: CallContext, scope: 'partner'): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const id of operationIds) {
    const entry = entryOf(id)!;
    if (entry.scope === scope) methods[id] = method(context, id, entry);
  }
  return methods;
}
