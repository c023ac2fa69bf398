// Each fault mode of the sandbox, observed on the wire by a real receiver.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { parseWebhook } from '../../packages/webhooks/src/index.js';
import { closedPortUrl } from '../support/ports.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, speed: 0, readAfterMs: null });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
afterEach(async () => {
  await sandbox.settled();
  for (const r of receiver.received)
    parseWebhook(r.raw.length && r.headers['content-encoding'] !== 'gzip' ? r.raw : r.json, { strict: true });
  sandbox.reset();
  receiver.received.length = 0;
  receiver.respond = () => 200;
});

const base = () => `${sandbox.url}/instances/${sandbox.instanceId}/token/${sandbox.instanceToken}`;
const headers = { 'client-token': 'x', 'content-type': 'application/json' };
const put = (path: string, body: unknown) => fetch(`${base()}${path}`, { method: 'PUT', headers, body: JSON.stringify(body) });
const sendText = async (message: string) =>
  (await (
    await fetch(`${base()}/send-text`, { method: 'POST', headers, body: JSON.stringify({ phone: '5511999999999', message }) })
  ).json()) as { messageId: string };
const setFaults = (faults: object) =>
  fetch(`${sandbox.url}/_sandbox/instances/${sandbox.instanceId}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });

describe('sandbox faults', () => {
  it('duplicate: the same delivery arrives twice', async () => {
    await put('/update-webhook-delivery', { value: `${receiver.url}/d` });
    expect((await setFaults({ duplicate: 1 })).status).toBe(200);
    const { messageId } = await sendText('twice');
    const wire = await receiver.waitForCount(2);
    expect(wire.map((r) => r.json.messageId)).toEqual([messageId, messageId]);
    await sandbox.settled();
    expect(sandbox.deliveries('DeliveryCallback')[0]).toMatchObject({
      faults: ['duplicate'],
      outcome: 'delivered',
      attempts: [{ status: 200 }, { status: 200 }],
    });
  });

  it('drop: recorded as dropped, never POSTed, and waitForWebhook does not see it', async () => {
    await put('/update-webhook-delivery', { value: `${receiver.url}/d` });
    sandbox.setFaults({ drop: 1 });
    await sendText('lost');
    await expect(sandbox.waitForWebhook('DeliveryCallback', () => true, { timeoutMs: 100 })).rejects.toThrow(
      /no DeliveryCallback webhook matched/,
    );
    await sandbox.settled();
    expect(receiver.received).toHaveLength(0);
    expect(sandbox.deliveries('DeliveryCallback').map((d) => d.outcome)).toEqual(['dropped']);
  });

  it('reorder: a held delivery goes out after the next one', async () => {
    await put('/update-every-webhooks', { value: `${receiver.url}/all` });
    sandbox.setFaults({ reorder: 1 });
    const first = await sendText('first');
    const wire = await receiver.waitForCount(2);
    // DeliveryCallback is held back, RECEIVED overtakes it.
    expect(wire.map((r) => r.json.type)).toEqual(['MessageStatusCallback', 'DeliveryCallback']);
    expect(wire[1]!.json.messageId).toBe(first.messageId);
  });

  it('delay: a delivery goes out delayMs late (scaled by speed)', async () => {
    const slow = await startSandbox({ port: 0, speed: 0.01, readAfterMs: null, faults: { delay: 1, delayMs: 20_000 } });
    try {
      await fetch(`${slow.url}/instances/${slow.instanceId}/token/${slow.instanceToken}/update-webhook-delivery`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ value: `${receiver.url}/slow` }),
      });
      const started = performance.now();
      await fetch(`${slow.url}/instances/${slow.instanceId}/token/${slow.instanceToken}/send-text`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ phone: '5511999999999', message: 'late', delayMessage: 1 }),
      });
      await receiver.waitForCount(1);
      // delayMessage 1 s + delayMs 20 s, × 0.01 = 210 ms at least.
      expect(performance.now() - started).toBeGreaterThanOrEqual(205);
      expect(slow.deliveries('DeliveryCallback')[0]!.faults).toEqual(['delay']);
    } finally {
      await slow.close();
    }
  });

  it('gzip: bodies arrive compressed with content-encoding: gzip', async () => {
    await put('/update-webhook-delivery', { value: `${receiver.url}/d` });
    sandbox.setFaults({ gzip: true });
    const { messageId } = await sendText('squeezed');
    const [r] = await receiver.waitForCount(1);
    expect(r!.headers['content-encoding']).toBe('gzip');
    expect(r!.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(r!.json.messageId).toBe(messageId);
  });

  it('connection events also go to the received URL', async () => {
    await put('/update-webhook-received', { value: `${receiver.url}/received` });
    sandbox.setFaults({ connectionEventsToReceived: true });
    sandbox.disconnect();
    sandbox.connect();
    const wire = await receiver.waitForCount(2);
    expect(wire.map((r) => [r.path, r.json.type])).toEqual([
      ['/received', 'DisconnectedCallback'],
      ['/received', 'ConnectedCallback'],
    ]);
  });

  it('a receiver answering 5xx, timing out or unreachable is recorded as failed, not retried', async () => {
    await put('/update-webhook-delivery', { value: `${receiver.url}/d` });
    receiver.respond = () => 503;
    await sendText('refused');
    await sandbox.settled();
    expect(sandbox.deliveries('DeliveryCallback')[0]).toMatchObject({ outcome: 'failed', attempts: [{ status: 503 }] });

    sandbox.reset();
    await put('/update-webhook-delivery', { value: `${receiver.url}/d` });
    sandbox.setFaults({ timeoutMs: 100 });
    receiver.respond = () => 'hang';
    await sendText('slow receiver');
    await sandbox.waitForWebhook('DeliveryCallback');
    await sandbox.settled();
    expect(sandbox.deliveries('DeliveryCallback')[0]).toMatchObject({ outcome: 'failed', attempts: [{ error: 'timed out after 100 ms' }] });

    sandbox.reset();
    await put('/update-webhook-delivery', { value: `${await closedPortUrl()}/d` });
    await sendText('nobody home');
    await sandbox.waitForWebhook('DeliveryCallback');
    await sandbox.settled();
    expect(sandbox.deliveries('DeliveryCallback')[0]).toMatchObject({ outcome: 'failed', attempts: [{ error: 'ECONNREFUSED' }] });
  });

  it('draws are seeded: the same seed drops the same deliveries', async () => {
    const run = async (seed: number) => {
      const s = await startSandbox({ port: 0, speed: 0, seed, readAfterMs: null, faults: { drop: 0.5 } });
      try {
        await fetch(`${s.url}/instances/${s.instanceId}/token/${s.instanceToken}/update-webhook-delivery`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ value: `${receiver.url}/seed` }),
        });
        for (let i = 0; i < 20; i++) {
          await fetch(`${s.url}/instances/${s.instanceId}/token/${s.instanceToken}/send-text`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ phone: '5511999999999', message: `m${i}` }),
          });
        }
        await new Promise((r) => setTimeout(r, 50));
        await s.settled();
        return s.deliveries('DeliveryCallback').map((d) => d.outcome);
      } finally {
        await s.close();
      }
    };
    const a = await run(42);
    expect(a).toHaveLength(20);
    expect(a).toContain('dropped');
    expect(a).toContain('delivered');
    expect(await run(42)).toEqual(a);
  });

  it('refuses a fault it does not know or a rate out of range', async () => {
    const res = await setFaults({ drop: 2 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/drop must be <= 1/);
    expect((await setFaults({ explode: 1 })).status).toBe(400);
    expect(() => sandbox.setFaults({ duplicate: -1 })).toThrow(/duplicate/);
  });
});
