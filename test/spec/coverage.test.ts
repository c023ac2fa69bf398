// Every operation Z-API documents is in the bundle. test/fixtures/zapi-documented-operations.tsv lists
// the method and path of each operation of both editions of Z-API's docs: the older single-page
// English documentation and the newer site (https://developer.z-api.io/en/), read page by page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, specOperations } from '../support/spec.js';

const PREFIX = '/instances/{instanceId}/token/{token}';

/** `POST /groups/{x}` with parameter names and the instance prefix taken out. */
const key = (method: string, p: string) =>
  `${method.toUpperCase()} ${p
    .replace(PREFIX, '')
    .replace(/\{[^}]+\}/g, '{}')
    .replace(/\/$/, '')}`;

const [, ...rows] = readFileSync(path.join(root, 'test/fixtures/zapi-documented-operations.tsv'), 'utf8').trim().split('\n');
const documented = (edition: string) =>
  rows
    .map((row) => row.split('\t'))
    .filter((cells) => cells[2] === edition)
    .map(([method, route]) => key(method!, route!));

describe("coverage of Z-API's documented operations", () => {
  const bundled = new Set(specOperations.map((op) => key(op.method, op.path)));

  it('every operation of the older English documentation is in the bundle', () => {
    const older = documented('older');
    expect(older).toHaveLength(164);
    expect(older.filter((op) => !bundled.has(op))).toEqual([]);
  });

  it("every operation of Z-API's newer docs site is in the bundle", () => {
    const newer = documented('newer');
    expect(newer).toHaveLength(193);
    expect(newer.filter((op) => !bundled.has(op))).toEqual([]);
  });
});
