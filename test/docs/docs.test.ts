// The HTML docs: self-contained (no script from a CDN this machine cannot reach) and complete.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openapi, specOperations } from '../support/spec.js';

describe('docs', () => {
  it('builds self-contained REST and webhook pages that name every operation and webhook kind', async () => {
    const { buildDocs } = await import('../../scripts/docs.mjs');
    const [rest, webhooks] = await buildDocs();
    const [restHtml, webhooksHtml] = await Promise.all([readFile(rest!, 'utf8'), readFile(webhooks!, 'utf8')]);
    for (const html of [restHtml, webhooksHtml]) {
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(html.length).toBeGreaterThan(100_000); // the Redoc bundle is inlined
    }
    for (const { operationId, summary } of specOperations) {
      expect(restHtml, `${operationId} in rest.html`).toContain(summary);
    }
    for (const kind of Object.keys(openapi.webhooks)) {
      expect(restHtml, `${kind} in rest.html`).toContain(kind);
      expect(webhooksHtml, `${kind} in webhooks.html`).toContain(kind);
    }
  });
});
