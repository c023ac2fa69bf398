// The HTML docs: self-contained (no script from a CDN this machine cannot reach) and complete.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generated, openapi, specOperations } from '../support/spec.js';

const sandboxApi = JSON.parse(await readFile(generated('sandbox', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; summary: string }>>;
};

describe('docs', () => {
  it('builds self-contained REST, webhook and sandbox pages that name every operation and webhook kind', async () => {
    const { buildDocs } = await import('../../scripts/docs.mjs');
    const [rest, webhooks, sandbox] = await buildDocs();
    const [restHtml, webhooksHtml, sandboxHtml] = await Promise.all([readFile(rest!, 'utf8'), readFile(webhooks!, 'utf8'), readFile(sandbox!, 'utf8')]);
    for (const html of [restHtml, webhooksHtml, sandboxHtml]) {
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(html.length).toBeGreaterThan(100_000); // the Redoc bundle is inlined
    }
    for (const { operationId, summary } of specOperations) {
      expect(restHtml, `${operationId} in rest.html`).toContain(summary);
    }
    // The sandbox's control API has a page of its own (dist/docs/sandbox.html).
    for (const operation of Object.values(sandboxApi.paths).flatMap((item) => Object.values(item).filter((o) => !Array.isArray(o)))) {
      expect(sandboxHtml, `${operation.operationId} in sandbox.html`).toContain(operation.summary);
    }
    for (const kind of Object.keys(openapi.webhooks)) {
      expect(restHtml, `${kind} in rest.html`).toContain(kind);
      expect(webhooksHtml, `${kind} in webhooks.html`).toContain(kind);
    }
  });
});
