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

type Row = Partial<OperationEntry> & Pick<OperationEntry, 'tag' | 'method' | 'path'>;
const entries = new Map<string, OperationEntry>();

/** The entry of an operation, or undefined for a name the spec does not have. Filled in once per operation. */
export function entryOf(id: string): OperationEntry | undefined {
  let entry = entries.get(id);
  if (entry) return entry;
  if (!Object.hasOwn(operations, id)) return undefined;
  const row = (operations as Record<string, Row>)[id]!;
  entry = { scope: 'instance', pathParams: NONE, queryParams: NONE, body: 'none', response: 'json', idempotent: false, ...row };
  entries.set(id, entry);
  return entry;
}

export const operationIds = Object.keys(operations) as OperationId[];
