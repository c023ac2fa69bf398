// Tolerant means nothing real is dropped (issue 12): Z-API documents no retry, so a refused
// delivery is lost. Mutated copies of every example still parse to their own event by default,
// with `invalid_field` warnings naming the fields; strict mode refuses them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createFetchWebhookHandler,
  createWebhookDispatcher,
  parseWebhook,
  webhookVariants,
  WebhookError,
} from '../../packages/webhooks/src/index.js';
import { root } from '../support/spec.js';

const examplesDir = path.join(root, 'spec/examples');
const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

/** The event a file holds, from its name: `ReceivedCallback.image.sent-by-me.json` → `ReceivedCallback.image`. */
function expectedName(file: string): string {
  const [kind, second] = file.replace(/\.json$/, '').split('.') as [keyof typeof webhookVariants, string | undefined];
  return second && (webhookVariants[kind] as readonly string[]).includes(second) ? `${kind}.${second}` : kind;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every leaf changed by `change`, except the top-level `type` (missing or unknown types are refused by design). */
function mapLeaves(value: Json, change: (leaf: Json) => Json, top = true): Json {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, change, false));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, top && k === 'type' ? v : mapLeaves(v, change, false)]));
  }
  return change(value);
}

const numbersAsStrings = (leaf: Json) => (typeof leaf === 'number' ? String(leaf) : leaf);
// A string that reads as a number becomes it; others become their length, as a wrong-typed sender would.
const stringsAsNumbers = (leaf: Json) => (typeof leaf === 'string' ? (/^-?\d+(\.\d+)?$/.test(leaf) ? Number(leaf) : leaf.length) : leaf);
const booleansAsStrings = (leaf: Json) => (typeof leaf === 'boolean' ? String(leaf) : leaf);

/** Removes every top-level field but `type` and the content key that names the event. */
function onlyTypeAndContent(payload: Record<string, Json>, file: string): Record<string, Json> {
  const [, variant] = expectedName(file).split('.');
  return Object.fromEntries(Object.entries(payload).filter(([k]) => k === 'type' || k === variant));
}

const examples = files.map((file) => ({
  file,
  name: expectedName(file),
  payload: JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Record<string, Json>,
}));

const refusedStrict = (payload: unknown): WebhookError => {
  try {
    parseWebhook(JSON.stringify(payload), { strict: true });
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
  throw new Error('strict mode accepted it');
};

describe('tolerant parsing of mutated copies of every example', () => {
  it('has the examples to mutate', () => {
    expect(examples.length).toBeGreaterThanOrEqual(70);
  });

  const mutations = {
    'numbers as strings': numbersAsStrings,
    'strings as numbers': stringsAsNumbers,
    'booleans as strings': booleansAsStrings,
  };

  it.each(Object.keys(mutations))(
    '%s: each copy parses to its own event by default, with invalid_field warnings naming fields',
    (mutation) => {
      const change = mutations[mutation as keyof typeof mutations];
      let changed = 0;
      for (const { file, name, payload } of examples) {
        const copy = mapLeaves(payload, change) as Record<string, Json>;
        if (JSON.stringify(copy) === JSON.stringify(payload)) continue; // nothing of that kind to change
        changed++;
        const event = parseWebhook(JSON.stringify(copy));
        expect(event.name, file).toBe(name);
        expect(event.payload, file).toEqual(copy); // delivered as it came, not "repaired"
        for (const warning of event.warnings.filter((w) => w.code === 'invalid_field')) {
          expect(warning.field, `${file}: ${warning.message}`).toBeTruthy();
          expect(warning.message).toContain(`"${warning.field}"`);
        }
      }
      expect(changed).toBeGreaterThan(10);
    },
  );

  it('strings as numbers: every copy is refused in strict mode, naming a field', () => {
    for (const { file, payload } of examples) {
      const error = refusedStrict(mapLeaves(payload, stringsAsNumbers));
      expect(error.code, file).toBe('invalid_payload');
      expect(error.message, file).toMatch(/field "[^"]+" must be/);
    }
  });

  it('every leaf mistyped at once: delivered with warnings by default, refused in strict mode', () => {
    const mistype = (leaf: Json) =>
      typeof leaf === 'number' ? numbersAsStrings(leaf) : typeof leaf === 'string' ? stringsAsNumbers(leaf) : booleansAsStrings(leaf);
    for (const { file, name, payload } of examples) {
      const copy = mapLeaves(payload, mistype);
      const event = parseWebhook(JSON.stringify(copy));
      expect(event.name, file).toBe(name);
      expect(
        event.warnings.some((w) => w.code === 'invalid_field'),
        file,
      ).toBe(true);
      expect(refusedStrict(copy).code, file).toBe('invalid_payload');
    }
  });

  it('optional fields removed: every copy still parses to its own event, tolerant and strict', () => {
    for (const { file, name, payload } of examples) {
      const copy = onlyTypeAndContent(payload, file);
      if (name === 'MessageStatusCallback' || name === 'PresenceChatCallback') continue; // status is required: below
      expect(parseWebhook(JSON.stringify(copy)).name, file).toBe(name);
      expect(parseWebhook(JSON.stringify(copy), { strict: true }).name, file).toBe(name);
    }
  });

  it('required fields removed: delivered with a warning naming the field, refused in strict mode', () => {
    for (const { file, name, payload } of examples.filter((e) => e.name === 'MessageStatusCallback' || e.name === 'PresenceChatCallback')) {
      const copy = onlyTypeAndContent(payload, file);
      const event = parseWebhook(JSON.stringify(copy));
      expect(event.name, file).toBe(name);
      expect(event.warnings, file).toContainEqual({ code: 'invalid_field', field: 'status', message: 'field "status" is missing' });
      expect(refusedStrict(copy).message, file).toBe(`${name}: field "status" is missing`);
    }
  });
});

describe('real shapes the schema does not describe', () => {
  // Seen in real traffic: a presence event with the phone only.
  const presence = { type: 'PresenceChatCallback', phone: '5544999999999' };

  it('a PresenceChatCallback without status is delivered with a warning', async () => {
    const got: string[] = [];
    const dispatcher = createWebhookDispatcher().on('PresenceChatCallback', (e) => void got.push(e.payload.phone ?? ''));
    const handler = createFetchWebhookHandler(dispatcher, { instanceToken: false });
    const answer = await handler(
      new Request('http://localhost/zapi', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(presence),
      }),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true, event: 'PresenceChatCallback', warnings: ['field "status" is missing'] });
    expect(got).toEqual(['5544999999999']);
  });

  it('is refused by a strict dispatcher', async () => {
    const handler = createFetchWebhookHandler(createWebhookDispatcher({ strict: true }), { instanceToken: false });
    const answer = await handler(
      new Request('http://localhost/zapi', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(presence),
      }),
    );
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ code: 'invalid_payload', error: 'PresenceChatCallback: field "status" is missing' });
  });

  it('a value outside an enum or a wrong type deep inside is named by its path', () => {
    const event = parseWebhook({
      type: 'ReceivedCallback',
      messageId: 'M1',
      image: { imageUrl: 'https://example.com/a.jpg', width: 'wide' },
    });
    expect(event.name).toBe('ReceivedCallback.image');
    expect(event.warnings).toEqual([
      { code: 'invalid_field', field: 'image.width', message: 'field "image.width" must be integer, not string' },
    ]);
  });
});
