// The generated operation table, with its left-out defaults filled in.
import { operations, type OperationId } from './generated/operations.js';

export interface OperationEntry {
  tag: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  path: string;
  scope: 'instance' | 'partner';
  pathParams: readonly string[];
  queryParams: readonly string[];
  body: 'object' | 'raw' | 'none';
  response: 'json' | 'text' | 'binary' | 'empty';
  idempotent: boolean;
  pagination?: { style: 'page' | 'cursor'; items?: string; cursor?: string; next?: string };
}

const NONE: readonly string[] = [];

/** The entry of an operation, or undefined for a name the spec does not have. */
export function entryOf(id: string): OperationEntry | undefined {
  const row = (operations as Record<string, Partial<OperationEntry> & Pick<OperationEntry, 'tag' | 'method' | 'path'>>)[id];
  if (!row) return undefined;
  return {
    scope: 'instance',
    pathParams: NONE,
    queryParams: NONE,
    body: 'none',
    response: 'json',
    idempotent: false,
    ...row,
  };
}

export const operationIds = Object.keys(operations) as OperationId[];
