// The generated standalone validators (an ES module built from ajv's output) accept every example
// and name the fault in a bad payload.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as webhooks from '../../packages/webhooks/src/index.js';
import { root } from '../support/spec.js';

describe('@zapi-kit/webhooks validators', () => {
  it('has one validator per webhook kind', () => {
    for (const kind of webhooks.webhookKinds) expect(typeof (webhooks as Record<string, unknown>)[`validate${kind}`]).toBe('function');
    expect(webhooks.webhookKinds).toHaveLength(6);
  });

  it('accepts every example of spec/examples', async () => {
    const files = (await readdir(path.join(root, 'spec/examples'))).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const payload = JSON.parse(await readFile(path.join(root, 'spec/examples', file), 'utf8'));
      const validate = (webhooks as unknown as Record<string, webhooks.ValidateFunction<unknown>>)[`validate${payload.type}`]!;
      expect(validate(payload), file).toBe(true);
    }
  });

  it('accepts what Z-API really sends beyond the docs and refuses a wrong type', () => {
    // Real traffic: chatLid without senderLid, no participantPhone/photo, waitingMessage with no content.
    expect(webhooks.validateReceivedCallback({ type: 'ReceivedCallback', chatLid: '81896604192873@lid', waitingMessage: true })).toBe(true);
    expect(webhooks.validateDeliveryCallback({ type: 'DeliveryCallback', error: 'Message not sent', errorCode: 463 })).toBe(true);
    expect(webhooks.validateMessageStatusCallback({ type: 'MessageStatusCallback', status: 'READ', ids: 'one' })).toBe(false);
    expect(webhooks.validateMessageStatusCallback.errors?.[0]).toMatchObject({ instancePath: '/ids', message: 'must be array' });
  });
});
