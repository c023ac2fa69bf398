// Every operation of the reference checklists (shared/reference, derived from Z-API's docs) is in
// the bundle. The checklists sit beside the repository (as in CI); elsewhere this suite is skipped.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, specOperations } from '../support/spec.js';

const reference = path.resolve(root, '../shared/reference');
const PREFIX = '/instances/{instanceId}/token/{token}';

/** `POST /groups/{x}` with parameter names and the instance prefix taken out. */
const key = (method: string, p: string) => `${method.toUpperCase()} ${p.replace(PREFIX, '').replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '')}`;

function checklist(file: string): string[] {
  const [header, ...rows] = readFileSync(path.join(reference, file), 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  const method = columns.indexOf('method');
  const route = columns.indexOf('path');
  return rows.map((row) => row.split('\t')).map((cells) => key(cells[method]!, cells[route]!));
}

describe.skipIf(!existsSync(reference))('coverage of Z-API\'s documented operations', () => {
  const bundled = new Set(specOperations.map((op) => key(op.method, op.path)));

  it('every operation of the seed (seed-endpoints.tsv) is in the bundle', () => {
    const seed = checklist('seed-endpoints.tsv');
    expect(seed).toHaveLength(164);
    expect(seed.filter((op) => !bundled.has(op))).toEqual([]);
  });

  it('every operation of Z-API\'s newer docs (official-endpoints.tsv) is in the bundle', () => {
    const official = checklist('official-endpoints.tsv');
    expect(official.filter((op) => !bundled.has(op))).toEqual([]);
  });
});
