// parseWebhook on every example and on what goes wrong.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhook, webhookVariants, WebhookError } from '../../packages/webhooks/src/index.js';
import { root } from '../support/spec.js';

const examplesDir = path.join(root, 'spec/examples');

/** `ReceivedCallback.image.json` is a ReceivedCallback.image; `MessageStatusCallback.READ.json` a MessageStatusCallback. */
function expectedName(file: string): string {
  const [kind, second] = file.replace(/\.json$/, '').split('.') as [keyof typeof webhookVariants, string | undefined];
  return second && (webhookVariants[kind] as readonly string[]).includes(second) ? `${kind}.${second}` : kind;
}

const failure = (fn: () => unknown): WebhookError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
  throw new Error('expected a WebhookError');
};

describe('parseWebhook', () => {
  it('parses every example of spec/examples to its own event, with no warning, from bytes, text and objects', async () => {
    const files = (await readdir(examplesDir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(70);
    const names = new Set<string>();
    for (const file of files) {
      const bytes = await readFile(path.join(examplesDir, file));
      for (const body of [bytes, bytes.toString('utf8'), JSON.parse(bytes.toString('utf8')) as object]) {
        const event = parseWebhook(body, { strict: true });
        expect(event.name, file).toBe(expectedName(file));
        expect(event.warnings, file).toEqual([]);
      }
      names.add(expectedName(file));
    }
    // Every variant the spec declares has at least one example.
    for (const [kind, variants] of Object.entries(webhookVariants)) {
      expect(names.has(kind) || variants.length > 0, kind).toBe(true);
      for (const v of variants) expect(names, `${kind}.${v} has an example`).toContain(`${kind}.${v}`);
    }
  });

  it('names the fault of each bad input', () => {
    expect(failure(() => parseWebhook('')).toJSON()).toEqual({ code: 'empty_body', error: 'body is empty' });
    expect(failure(() => parseWebhook('{"type": "ReceivedCallback",')).code).toBe('not_json');
    expect(failure(() => parseWebhook('{"type": "ReceivedCallback",')).message).toMatch(/^body is not JSON: /);
    expect(failure(() => parseWebhook(new Uint8Array([0x7b, 0xff, 0x7d]))).code).toBe('not_utf8');
    expect(failure(() => parseWebhook('[1,2]')).message).toBe('body must be a JSON object, got an array');
    expect(failure(() => parseWebhook('null')).message).toBe('body must be a JSON object, got null');
    expect(failure(() => parseWebhook('{"phone":"5511999999999"}')).toJSON()).toEqual({
      code: 'missing_type',
      error: 'payload has no "type" field',
    });
    expect(failure(() => parseWebhook({ type: 42 })).message).toBe('"type" must be a string, got 42');
    const unknown = failure(() => parseWebhook({ type: 'MessageReceived' }));
    expect(unknown.code).toBe('unknown_type');
    expect(unknown.message).toMatch(/^unknown webhook type "MessageReceived"; known types: ConnectedCallback, /);
    // Schema faults are refused in strict mode (tolerant mode warns: see below).
    const strict = { strict: true };
    const wrongField = failure(() => parseWebhook({ type: 'MessageStatusCallback', status: 'READ', ids: 'A1' }, strict));
    expect(wrongField.toJSON()).toEqual({ code: 'invalid_payload', error: 'MessageStatusCallback: field "ids" must be array, not string' });
    expect(failure(() => parseWebhook({ type: 'MessageStatusCallback' }, strict)).message).toBe(
      'MessageStatusCallback: field "status" is missing',
    );
    expect(failure(() => parseWebhook({ type: 'ReceivedCallback', image: { width: 'wide' } }, strict)).message).toBe(
      'ReceivedCallback: field "image.width" must be integer, not string',
    );
    expect(failure(() => parseWebhook({ type: 'MessageStatusCallback', status: 'READ', ids: ['A1', 2, 'A3', 4] }, strict)).message).toBe(
      'MessageStatusCallback: field "ids.*" must be string, not number (2 times)',
    );
    expect(wrongField.status).toBe(400);
  });

  it('is tolerant by default and strict on request', () => {
    const casing = parseWebhook({ type: 'ReceivedCallBack', text: { message: 'hi' } });
    expect(casing.name).toBe('ReceivedCallback.text');
    expect(casing.payload.type).toBe('ReceivedCallback');
    expect(casing.warnings).toEqual([{ code: 'type_casing', message: 'type "ReceivedCallBack" read as "ReceivedCallback"' }]);
    expect(failure(() => parseWebhook({ type: 'ReceivedCallBack', text: { message: 'hi' } }, { strict: true })).message).toContain(
      'did you mean "ReceivedCallback"?',
    );

    const extra = parseWebhook({ type: 'DeliveryCallback', messageId: 'M1', newField: 1 });
    expect(extra.warnings).toEqual([
      { code: 'unknown_field', message: 'DeliveryCallback has fields the spec does not describe: newField' },
    ]);
    expect(failure(() => parseWebhook({ type: 'DeliveryCallback', newField: 1 }, { strict: true })).code).toBe('unknown_field');

    const novel = parseWebhook({ type: 'ReceivedCallback', messageId: 'M1', fromMe: false });
    expect(novel.name).toBe('ReceivedCallback');
    expect(novel.variant).toBeUndefined();
    expect(novel.warnings[0]?.code).toBe('unknown_variant');
    expect(failure(() => parseWebhook({ type: 'ReceivedCallback' }, { strict: true })).code).toBe('unknown_variant');
  });

  it('picks the variant by the first key present, notification first and waitingMessage last', () => {
    expect(parseWebhook({ type: 'ReceivedCallback', notification: 'PROFILE_NAME_UPDATED', profileName: 'Shop' }).name).toBe(
      'ReceivedCallback.notification',
    );
    expect(parseWebhook({ type: 'ReceivedCallback', waitingMessage: true }).name).toBe('ReceivedCallback.waitingMessage');
    // waitingMessage: false does not count; null envelope fields are fine.
    expect(parseWebhook({ type: 'ReceivedCallback', waitingMessage: false, externalAdReply: null, text: { message: 'x' } }).name).toBe(
      'ReceivedCallback.text',
    );
    // A ConnectedCallback that arrives at the received URL is still a ConnectedCallback.
    expect(parseWebhook({ type: 'ConnectedCallback', connected: true }).name).toBe('ConnectedCallback');
  });
});
