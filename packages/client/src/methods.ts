// Binds one method per operation of the generated table onto a client: `zapi.<tag>.<operationId>`.
import { tagProperty } from '@zapi-kit/shared';
import type { OperationId } from './generated/operations.js';
import { entryOf, operationIds, type OperationEntry } from './table.js';
import type { Caller } from './call.js';
import type { CallOptions } from './types.js';

/** Splits a method's one params object into the path, query and body parts of the HTTP call. */
export function splitParams(entry: OperationEntry, params: Record<string, unknown> | undefined) {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (entry.pathParams.includes(key)) path[key] = value;
    else if (entry.queryParams.includes(key)) query[key] = value;
    else if (entry.body === 'object') body[key] = value;
    else if (!(entry.body === 'raw' && key === 'body')) {
      throw new TypeError(`zapi-kit: "${key}" is not a parameter of ${entry.method.toUpperCase()} ${entry.path}`);
    }
  }
  return {
    ...(Object.keys(path).length > 0 && { path }),
    ...(Object.keys(query).length > 0 && { query }),
    ...(entry.body === 'object' && Object.keys(body).length > 0 && { body }),
    ...(entry.body === 'raw' && params && 'body' in params && { body: params.body }),
  };
}

/** Calls an operation with a method's arguments: one params object and the call options. */
export function invoke(call: Caller<OperationId>, id: OperationId, params?: Record<string, unknown>, options?: CallOptions): Promise<unknown> {
  try {
    return call(id, { ...splitParams(entryOf(id)!, params), ...options } as never);
  } catch (error) {
    return Promise.reject(error);
  }
}

const method = (call: Caller<OperationId>, id: OperationId) => (params?: Record<string, unknown>, options?: CallOptions) =>
  invoke(call, id, params, options);

export function bindGroupedMethods(call: Caller<OperationId>, scope: 'instance'): Record<string, Record<string, unknown>> {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const id of operationIds) {
    const entry = entryOf(id)!;
    if (entry.scope !== scope) continue;
    (groups[tagProperty(entry.tag)] ??= {})[id] = method(call, id);
  }
  return groups;
}

export function bindFlatMethods(call: Caller<OperationId>, scope: 'partner'): Record<string, unknown> {
  return Object.fromEntries(operationIds.filter((id) => entryOf(id)!.scope === scope).map((id) => [id, method(call, id)]));
}
