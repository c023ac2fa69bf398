// Every request example found on Z-API's documentation pages (spec/examples/requests, one file per
// example with the page it comes from) must be accepted by the mock: zapi-kit is never stricter
// than Z-API's own docs. The body is the docs' own; path and query values are the spec's examples.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { root, specOperations } from '../support/spec.js';

interface DocumentedExample {
  operationId: string;
  /** The public page the example is on. */
  source: string;
  /** Which edition of the page, and which part of it (request body example, code sample). */
  edition: string;
  /** When the docs wrote a placeholder or several values in one, what was put in its place. */
  substituted?: string;
  body?: unknown;
  /** Query parameters the example sends, over the spec's examples of the required ones. */
  query?: Record<string, unknown>;
}

const dir = path.join(root, 'spec/examples/requests');
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();
const examples = files.map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as DocumentedExample] as const);
const baseUrl = inject('mockUrl');

function requestFor(example: DocumentedExample): { url: string; init: RequestInit } {
  const op = specOperations.find((o) => o.operationId === example.operationId);
  if (!op) throw new Error(`${example.operationId}: no such operation in generated/openapi.json`);
  let url = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    if (p.example === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
    else if (p.in === 'query' && p.required) query.set(p.name, String(p.example));
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (op.scope === 'partner') headers.authorization = 'Bearer partner-token-1';
  else headers['Client-Token'] = 'account-security-token-1';
  for (const [k, v] of Object.entries(example.query ?? {})) query.set(k, String(v));
  const q = query.size > 0 ? `?${query}` : '';
  const body = example.body === undefined ? {} : { body: JSON.stringify(example.body) };
  return { url: `${baseUrl}${url}${q}`, init: { method: op.method.toUpperCase(), headers, ...body } };
}

describe("Z-API's documented request examples are accepted by the mock", () => {
  it('there is a set of documented examples, each naming its public page', () => {
    expect(examples.length).toBeGreaterThan(100);
    for (const [file, example] of examples) {
      expect(example.source, file).toMatch(/^https:\/\/developer\.z-api\.io\/en\/[a-z-]+\/[a-zA-Z0-9-]+/);
      expect(file.startsWith(`${example.operationId}${path.sep}`), `${file} lives in its operation's folder`).toBe(true);
    }
  });

  it.each(examples)('%s', async (_file, example) => {
    const { url, init } = requestFor(example);
    const res = await fetch(url, init);
    const text = await res.text();
    expect(res.status, `${example.operationId} refused ${example.source}'s example: ${text}`).toBeLessThan(300);
  });
});
