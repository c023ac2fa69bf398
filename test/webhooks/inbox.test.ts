// The durable inbox: the same conformance suite against both stores, a real SQLite file and a real
// redis-server. Everything goes through the published API and HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookDispatcher,
  createWebhookInbox,
  reduceMessageStatus,
  type InboxStore,
  type StoredDelivery,
  type WebhookInbox,
} from '../../packages/webhooks/src/index.js';
import { eventually, example, listen, post, TOKEN } from '../support/inbox.js';
import { redisServerMissing, startRedis, type RunningRedis } from '../support/redis.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-inbox-'));
let redis: RunningRedis | undefined;
beforeAll(async () => {
  if (!redisServerMissing) redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const stores: Array<[string, () => string, string | undefined]> = [
  ['sqlite', () => `sqlite:${path.join(dir, `inbox-${++n}.db`)}`, undefined],
  ['redis', () => `${redis!.url}/0?prefix=t${++n}:`, redisServerMissing],
];

const all = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

it('fails closed: instanceToken undefined or empty is an error at construction; false opts out', () => {
  const store = `sqlite:${path.join(dir, 'closed.db')}`;
  expect(() => createWebhookInbox({ store } as never)).toThrow(/instanceToken is missing: pass your instance token .* or false/);
  expect(() => createWebhookInbox({ store, instanceToken: '' })).toThrow(/instanceToken is empty/);
  expect(() => createWebhookInbox({ store: 'postgres://x', instanceToken: TOKEN })).toThrow(
    /unknown store "postgres:\/\/x": use sqlite:PATH or redis:\/\/HOST:PORT/,
  );
  expect(() => createWebhookInbox({ store, instanceToken: false })).not.toThrow();
});

it('answers 503, not 200, when the store cannot confirm the write', async () => {
  const broken = { add: () => Promise.reject(new Error(`disk full while writing ${TOKEN}`)) } as unknown as InboxStore;
  const inbox = createWebhookInbox({ store: broken, instanceToken: TOKEN });
  const server = await listen(inbox.nodeHandler);
  try {
    const r = await post(server.url, example('ReceivedCallback.text'));
    expect(r.status).toBe(503);
    expect(r.json.code).toBe('store_unavailable');
    expect(String(r.json.error)).toContain('disk full');
    expect(JSON.stringify(r.json)).not.toContain(TOKEN);
  } finally {
    await server.close();
  }
});

it('reduceMessageStatus never moves a status backwards', () => {
  expect(reduceMessageStatus(undefined, 'RECEIVED')).toBe('RECEIVED');
  expect(reduceMessageStatus('READ', 'RECEIVED')).toBe('READ');
  expect(reduceMessageStatus('RECEIVED', 'READ')).toBe('READ');
  expect(reduceMessageStatus('PLAYED', 'READ')).toBe('PLAYED');
  expect(reduceMessageStatus('READ', 'SOMETHING_NEW')).toBe('READ');
});

describe.each(stores)('inbox on %s', (_name, storeUrl, missing) => {
  let inbox: WebhookInbox;
  let server: { url: string; close(): Promise<void> };
  const open = async (options: { dedupeWindowMs?: number } = {}) => {
    inbox = createWebhookInbox({ store: storeUrl(), instanceToken: TOKEN, leaseMs: 3000, ...options });
    await inbox.ready();
    server = await listen(inbox.nodeHandler);
  };
  afterEach(async () => {
    await server?.close();
    await inbox?.close();
  });

  it.skipIf(missing)('keeps headers, bytes and time before answering 200; refuses a wrong token without keeping it', async () => {
    await open();
    const body = JSON.stringify(example('ReceivedCallback.image'));
    const before = Date.now();
    const r = await post(server.url, body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, event: 'ReceivedCallback.image' });
    const kept = (await inbox.get(String(r.json.id)))!;
    expect(Buffer.from(kept.body).toString('utf8')).toBe(body);
    expect(kept.headers['content-type']).toBe('application/json');
    expect(kept.headers['z-api-token']).toBe('[redacted]');
    expect(kept.receivedAt).toBeGreaterThanOrEqual(before);
    expect(kept).toMatchObject({
      status: 'pending',
      event: 'ReceivedCallback.image',
      messageId: example('ReceivedCallback.image').messageId,
    });

    expect((await post(server.url, body, 'wrong')).status).toBe(401);
    expect((await post(server.url, body, null)).status).toBe(401);
    expect((await all(inbox.list())).length).toBe(1);
  });

  it.skipIf(missing)('keeps what the parser refuses as a dead letter, with the reason', async () => {
    await open();
    const r = await post(server.url, '{"status": "READ", "ids": ["x"]}');
    expect(r.status).toBe(200);
    expect(String(r.json.deadLetter)).toBe('missing_type: payload has no "type" field');
    const notJson = await post(server.url, '{oops');
    const failed = await all(inbox.list({ failed: true }));
    expect(failed.map((d) => d.id)).toEqual([String(r.json.id), String(notJson.json.id)]);
    expect(failed[1]!.error).toMatch(/^not_json: body is not JSON/);
    expect(Buffer.from(failed[1]!.body).toString()).toBe('{oops');
  });

  it.skipIf(missing)('answers without waiting for handlers, even one that never returns', async () => {
    await open();
    const started: string[] = [];
    let release!: () => void;
    const never = new Promise<void>((r) => (release = r)); // a hanging handler, let go at the end
    const worker = inbox.process(
      createWebhookDispatcher().on('*', async (e) => {
        started.push(e.name);
        await never;
      }),
      { concurrency: 2 },
    );
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await post(server.url, example('ReceivedCallback.text', { messageId: `H${i}` }));
      expect(r.status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
    await eventually(() => started.length === 1, 5000, 'the handler to start');
    expect(started).toHaveLength(1); // same chat: the others wait behind the hanging one, still kept
    release();
    await worker.stop();
  });

  it.skipIf(missing)('dedupes repeats by delivery key within the window, and records the duplicate', async () => {
    await open();
    const handled: string[] = [];
    const worker = inbox.process(createWebhookDispatcher().on('*', (e) => void handled.push(e.name)));
    const status = example('MessageStatusCallback.READ', { ids: ['M1', 'M2'] });
    const a = await post(server.url, status);
    const b = await post(server.url, { ...status, ids: ['M2', 'M1'], momment: 1 }); // same status, same ids
    const text = example('ReceivedCallback.text');
    const c = await post(server.url, text);
    const d = await post(server.url, text);
    const e = await post(server.url, example('ReceivedCallback.text', { messageId: 'OTHER' }));
    await eventually(async () => (await inbox.counts()).pending + (await inbox.counts()).processing === 0, 10_000, 'all processed');
    await worker.stop();
    expect(handled.sort()).toEqual(['MessageStatusCallback', 'ReceivedCallback.text', 'ReceivedCallback.text']);
    expect(await inbox.get(String(b.json.id))).toMatchObject({ status: 'duplicate', duplicateOf: String(a.json.id) });
    expect(await inbox.get(String(d.json.id))).toMatchObject({ status: 'duplicate', duplicateOf: String(c.json.id) });
    expect((await inbox.get(String(e.json.id)))!.status).toBe('done');
  });

  it.skipIf(missing)('a delivery seen again after the window reaches handlers again', async () => {
    await open({ dedupeWindowMs: 50 });
    let handled = 0;
    const worker = inbox.process(createWebhookDispatcher().on('*', () => void handled++));
    await post(server.url, example('ReceivedCallback.text'));
    await eventually(() => handled === 1);
    await new Promise((r) => setTimeout(r, 120));
    await post(server.url, example('ReceivedCallback.text'));
    await eventually(() => handled === 2);
    await worker.stop();
  });

  it.skipIf(missing)('retries a failing handler with backoff, then dead-letters it; retry brings it back', async () => {
    await open();
    const calls: number[] = [];
    let healthy = false;
    const errors: unknown[] = [];
    const worker = inbox.process(
      createWebhookDispatcher().on('ReceivedCallback.text', () => {
        calls.push(performance.now());
        if (!healthy) throw new Error(`CRM down (token ${TOKEN})`);
      }),
      { attempts: 3, backoffMs: 40, onError: (error) => errors.push(error) },
    );
    const r = await post(server.url, example('ReceivedCallback.text'));
    const id = String(r.json.id);
    await eventually(async () => (await inbox.get(id))!.status === 'failed', 10_000, 'dead letter');
    expect(calls).toHaveLength(3);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(35);
    expect(calls[2]! - calls[1]!).toBeGreaterThanOrEqual(75); // doubled
    const dead = (await inbox.get(id))!;
    expect(dead).toMatchObject({ status: 'failed', attempts: 3 });
    expect(dead.error).toContain('CRM down');
    expect(dead.error).not.toContain(TOKEN);
    expect(errors).toHaveLength(3);
    expect((await all(inbox.list({ failed: true }))).map((d) => d.id)).toEqual([id]);

    healthy = true;
    expect(await inbox.retry(id)).toBe(true);
    await eventually(async () => (await inbox.get(id))!.status === 'done', 10_000, 'retried delivery done');
    expect(calls).toHaveLength(4);
    expect(await all(inbox.list({ failed: true }))).toEqual([]);
    expect(await inbox.retry('999999')).toBe(false);
    await worker.stop();
  });

  it.skipIf(missing)('keeps per-chat order while running different chats in parallel', async () => {
    await open();
    const seen = new Map<string, number[]>();
    let running = 0;
    let most = 0;
    const worker = inbox.process(
      createWebhookDispatcher().on('ReceivedCallback.text', async ({ payload }) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, Math.random() * 8));
        const [chat, seq] = payload.text.message.split('#');
        seen.set(chat!, [...(seen.get(chat!) ?? []), Number(seq)]);
        running--;
      }),
      { concurrency: 8 },
    );
    const chats = ['5511900000001', '5511900000002', '5511900000003', '5511900000004'];
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 15; i++) {
      for (const phone of chats) {
        // one chat's deliveries are sent one after the other, as Z-API's arrive; chats interleave
        sends.push(
          post(server.url, example('ReceivedCallback.text', { phone, messageId: `${phone}-${i}`, text: { message: `${phone}#${i}` } })),
        );
      }
      await Promise.all(sends.splice(0));
    }
    await eventually(() => [...seen.values()].flat().length === 60, 15_000, 'all 60 handled');
    await worker.stop();
    for (const phone of chats) expect(seen.get(phone)).toEqual([...Array(15).keys()]);
    expect(most).toBeGreaterThan(1);
  });

  it.skipIf(missing)('keeps each message status moving forward only (READ not undone by a late RECEIVED)', async () => {
    await open();
    const worker = inbox.process(createWebhookDispatcher());
    await post(server.url, example('MessageStatusCallback.SENT', { ids: ['X1'] }));
    await post(server.url, example('MessageStatusCallback.READ', { ids: ['X1', 'X2'] }));
    await post(server.url, example('MessageStatusCallback.RECEIVED', { ids: ['X1', 'X2', 'X3'] }));
    await eventually(async () => (await inbox.counts()).done === 3, 10_000, 'three statuses processed');
    await worker.stop();
    expect(await inbox.statusOf('X1')).toBe('READ');
    expect(await inbox.statusOf('X2')).toBe('READ');
    expect(await inbox.statusOf('X3')).toBe('RECEIVED');
    expect(await inbox.statusOf('nope')).toBeUndefined();
  });

  it.skipIf(missing)("learns LID ↔ phone from payloads that carry both, and puts LID-only deliveries in the phone's chat", async () => {
    await open();
    await post(server.url, example('ReceivedCallback.text', { chatLid: '111222333@lid', phone: '5544911112222' }));
    expect(await inbox.phoneOf('111222333@lid')).toBe('5544911112222');
    expect(await inbox.phoneOf('999@lid')).toBeUndefined();
    const lidOnly = await post(
      server.url,
      example('ReceivedCallback.waitingMessage.lid-only', { phone: '111222333@lid', chatLid: '111222333@lid' }),
    );
    const kept = (await inbox.get(String(lidOnly.json.id)))!;
    expect(kept.chat.endsWith('|5544911112222')).toBe(true);
  });

  it.skipIf(missing)('the fetch handler keeps deliveries the same way', async () => {
    await open();
    const request = new Request('http://inbox.test/zapi', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'z-api-token': TOKEN },
      body: JSON.stringify(example('DeliveryCallback')),
    });
    const response = await inbox.fetchHandler(request);
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    expect((await inbox.get(id))!.event).toBe('DeliveryCallback');
    const wrong = await inbox.fetchHandler(new Request('http://inbox.test/zapi', { method: 'GET' }));
    expect(wrong.status).toBe(405);
  });

  it.skipIf(missing)('a stopped worker hands back what it had not started; another worker carries on in order', async () => {
    await open();
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = inbox.process(
      createWebhookDispatcher().on('ReceivedCallback.text', async ({ payload }) => {
        order.push(Number(payload.text.message));
        await gate;
      }),
      { concurrency: 1 },
    );
    for (let i = 0; i < 5; i++)
      await post(server.url, example('ReceivedCallback.text', { messageId: `S${i}`, text: { message: String(i) } }));
    await eventually(() => order.length === 1, 5000, 'first delivery started');
    const stopping = first.stop();
    release();
    await stopping;
    const kept: StoredDelivery[] = await all(inbox.list());
    expect(kept.filter((d) => d.status === 'done')).toHaveLength(1);
    const second = inbox.process(
      createWebhookDispatcher().on('ReceivedCallback.text', ({ payload }) => void order.push(Number(payload.text.message))),
    );
    await eventually(() => order.length === 5, 10_000, 'the rest handled by the second worker');
    await second.stop();
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });
});
