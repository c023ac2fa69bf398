// Property test: whatever arrives, parseWebhook throws nothing but WebhookError and the handlers
// always answer with a status.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as webhooks from '../../packages/webhooks/src/index.js';
import { createFetchWebhookHandler, createWebhookDispatcher, parseWebhook, WebhookError } from '../../packages/webhooks/src/index.js';
import { root } from '../support/spec.js';

const examples = readdirSync(path.join(root, 'spec/examples'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(root, 'spec/examples', f), 'utf8')) as Record<string, unknown>);

/** An example with one field replaced, removed or added, at the top or one level down. */
const mutated = fc
  .tuple(fc.constantFrom(...examples), fc.nat(), fc.jsonValue(), fc.constantFrom('replace', 'delete', 'add', 'nested'), fc.string())
  .map(([example, index, value, how, newKey]) => {
    const copy = structuredClone(example);
    const keys = Object.keys(copy);
    const key = keys[index % keys.length]!;
    if (how === 'replace') copy[key] = value;
    else if (how === 'delete') delete copy[key];
    else if (how === 'add') copy[newKey] = value;
    else if (Array.isArray(copy[key])) (copy[key] as unknown[]).push(value);
    else if (copy[key] && typeof copy[key] === 'object') (copy[key] as Record<string, unknown>)[newKey] = value;
    return copy;
  });

const anyBody = fc.oneof(
  mutated,
  mutated.map((p) => JSON.stringify(p)),
  mutated.map((p) => JSON.stringify(p).slice(0, -3)),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc.string(),
  fc.uint8Array({ maxLength: 200 }),
);

function neverThrowsOtherThanWebhookError(body: unknown): boolean {
  try {
    parseWebhook(body as string);
    return true;
  } catch (error) {
    return error instanceof WebhookError;
  }
}

describe('property: parseWebhook and the HTTP handler survive any input', () => {
  it('parseWebhook throws only WebhookError', () => {
    fc.assert(fc.property(anyBody, neverThrowsOtherThanWebhookError), { numRuns: 3000 });
  });

  it("validating the envelope and the content keys present gives the whole schema's verdict", () => {
    // Only a string names a kind: String() of a mutated `{"toString": 0}` would throw in the test itself.
    const whole = (type: unknown) =>
      typeof type === 'string'
        ? (webhooks as unknown as Record<string, webhooks.ValidateFunction<unknown> | undefined>)[`validate${type}`]
        : undefined;
    fc.assert(
      fc.property(mutated, (payload) => {
        const validate = whole(payload.type);
        if (typeof validate !== 'function') return true; // type mutated away: refused before any schema
        let refusedForSchema = false;
        try {
          parseWebhook(payload, { strict: true });
        } catch (error) {
          refusedForSchema = (error as WebhookError).code === 'invalid_payload';
        }
        return refusedForSchema === !validate(payload);
      }),
      { numRuns: 5000 },
    );
  });

  it('the fetch handler always answers with 200 or a 4xx, never throws', async () => {
    const handler = createFetchWebhookHandler(createWebhookDispatcher(), { instanceToken: false, maxBodyBytes: 64 * 1024 });
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
        const response = await handler(
          new Request('http://localhost/zapi', { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload }),
        );
        expect([200, 400, 413]).toContain(response.status);
        const answer = (await response.json()) as { ok?: boolean; code?: string };
        expect(answer.ok === true || typeof answer.code === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
