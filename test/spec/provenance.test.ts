// What users read (titles, summaries, descriptions of the bundles, the generated JSDoc and types)
// says what things do; where a statement comes from lives in x-zapi-source and spec/NOTES.md.
// Every operation links its page of Z-API's docs, and every constraint of a request schema cites a source.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generated, openapi, root, specOperations, type SpecOperation } from '../support/spec.js';

// Internal references that mean nothing to a user: seed lines, docs-repo file paths, our own notes.
const INTERNAL = [
  /\b00[0-4]:\d+/,
  /\bSeeds?\b/i,
  /\bz-api-docs\b/i,
  /NOTES(\.md)?\b/,
  /DESIGN\.md/,
  /\banchor says\b/i,
  /\b[\w-]+\/[\w-]+\.mdx?\b/,
];

function userText(node: unknown, at: string, out: { at: string; text: string }[]): void {
  if (Array.isArray(node)) return node.forEach((v, i) => userText(v, `${at}/${i}`, out));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-')) continue; // extensions are for tools, not shown to users
    if (['summary', 'description', 'title'].includes(k) && typeof v === 'string') out.push({ at: `${at}/${k}`, text: v });
    else userText(v, `${at}/${k}`, out);
  }
}

const files = (dir: string, ext: RegExp): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => path.join(dir, f));

/** The operation object of the bundled document, as written in the spec. */
const operationObject = (op: SpecOperation): Record<string, unknown> =>
  (openapi as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths[op.path]![op.method]!;

describe('user-visible text carries no internal references', () => {
  it('has none in the titles, summaries and descriptions of the bundled documents', () => {
    const found: { at: string; text: string }[] = [];
    for (const name of ['openapi.json', 'asyncapi.json']) userText(JSON.parse(readFileSync(generated(name), 'utf8')), name, found);
    expect(found.length).toBeGreaterThan(500);
    const bad = found.filter((f) => INTERNAL.some((re) => re.test(f.text))).map((f) => `${f.at}: ${f.text.slice(0, 120)}`);
    expect(bad).toEqual([]);
  });

  it('has none in the comments of the generated client, webhook and mock code (JSDoc, types)', () => {
    const sources = ['packages/client/src/generated', 'packages/webhooks/src/generated', 'packages/mock/src/generated'].flatMap((dir) =>
      files(dir, /\.(ts|js)$/),
    );
    expect(sources.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const file of sources) {
      const comments = readFileSync(path.join(root, file), 'utf8').match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? [];
      for (const c of comments) if (INTERNAL.some((re) => re.test(c))) bad.push(`${file}: ${c.slice(0, 120)}`);
    }
    expect(bad).toEqual([]);
  });

  it('the check catches what it is meant to catch', () => {
    for (const text of [
      'Seed 003:1764-1849.',
      'z-api-docs newsletter/create-newsletter.',
      '(NOTES.md)',
      'see newsletter/newsletter-metadata.md',
      'its anchor says `/queue`',
    ])
      expect(
        INTERNAL.some((re) => re.test(text)),
        text,
      ).toBe(true);
    expect(INTERNAL.some((re) => re.test('Sends a text to a contact, a group or a channel.'))).toBe(false);
  });
});

describe('every operation links its page of Z-API docs', () => {
  it.each(specOperations.map((op) => [op.operationId, op] as const))('%s', (_id, op) => {
    const docs = operationObject(op).externalDocs as { url?: string } | undefined;
    expect(docs?.url).toMatch(/^https:\/\/developer\.z-api\.io\/en\/[a-z-]+\/[\w-]+(\/[\w-]+)?$/);
  });
});

describe('every constraint of a request schema names its source', () => {
  const CONSTRAINTS = [
    'pattern',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
    'minItems',
    'maxItems',
    'format',
  ];
  const resolve = (ref: string): unknown =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .map((k) => decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], openapi);

  /** Constraints without x-zapi-source on their schema or on an enclosing schema of the same component. */
  function unsourced(schema: unknown, at: string, sourced: boolean, seen: Set<string>, out: string[]): void {
    if (!schema || typeof schema !== 'object') return;
    const s = schema as Record<string, unknown>;
    const here = sourced || typeof s['x-zapi-source'] === 'string';
    if (typeof s.$ref === 'string') {
      if (!seen.has(s.$ref)) unsourced(resolve(s.$ref), `${at}(${s.$ref})`, false, new Set([...seen, s.$ref]), out);
    }
    for (const k of CONSTRAINTS) if (s[k] !== undefined && !here) out.push(`${at} ${k}`);
    for (const [name, p] of Object.entries((s.properties as Record<string, unknown>) ?? {}))
      unsourced(p, `${at}.${name}`, false, seen, out);
    if (s.items) unsourced(s.items, `${at}[]`, false, seen, out);
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const b of (s[k] as unknown[]) ?? []) unsourced(b, at, here, seen, out);
  }

  it('has an x-zapi-source on every pattern, range, length, item count and format', () => {
    const out: string[] = [];
    let checked = 0;
    for (const op of specOperations) {
      for (const p of op.parameters) unsourced(p.schema, `${op.operationId} ${p.in}.${p.name}`, false, new Set(), out);
      if (op.body.schemaPointer) unsourced(resolve(op.body.schemaPointer), `${op.operationId} body`, false, new Set(), out);
      checked++;
    }
    expect(checked).toBe(specOperations.length);
    expect(out).toEqual([]);
  });
});
