// The Node and fetch handlers answer every request, with the status the fault deserves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  createWebhookDispatcher,
  timingSafeEqual,
} from '../../packages/webhooks/src/index.js';

const TOKEN = 'F1E2D3C4B5A6978812345ABC';
const received: string[] = [];
const dispatcher = createWebhookDispatcher()
  .on('*', (e) => void received.push(e.name))
  .on('DisconnectedCallback', () => {
    throw new Error('pager failed');
  });
const options = { instanceToken: TOKEN, maxBodyBytes: 4096 };

let server: Server;
let nodeUrl: string;
beforeAll(async () => {
  server = createServer(createNodeWebhookHandler(dispatcher, options));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  nodeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zapi`;
});
afterAll(() => server.close());

const fetchHandler = createFetchWebhookHandler(dispatcher, options);
const headers = { 'content-type': 'application/json', 'z-api-token': TOKEN };
const text = JSON.stringify({ type: 'ReceivedCallback', messageId: 'M1', text: { message: 'hi' } });

/** The same request through both handlers: they must answer alike. */
async function both(init: RequestInit): Promise<Array<{ status: number; body: Record<string, unknown>; allow: string | null }>> {
  const viaNode = await fetch(nodeUrl, init);
  const viaFetch = await fetchHandler(new Request(nodeUrl, init));
  return Promise.all(
    [viaNode, viaFetch].map(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, unknown>,
      allow: r.headers.get('allow'),
    })),
  );
}

describe.each(['node', 'fetch'])('%s handler', (which) => {
  const pick = async (init: RequestInit) => (await both(init))[which === 'node' ? 0 : 1]!;

  it('answers 200 with the event name once parsed and dispatched', async () => {
    received.length = 0;
    expect(await pick({ method: 'POST', headers, body: text })).toMatchObject({
      status: 200,
      body: { ok: true, event: 'ReceivedCallback.text' },
    });
    // `both` sends the request through each handler: one dispatch each.
    expect(received).toEqual(['ReceivedCallback.text', 'ReceivedCallback.text']);
  });

  it('405 for another method, with Allow: POST', async () => {
    expect(await pick({ method: 'GET', headers })).toMatchObject({ status: 405, allow: 'POST', body: { code: 'method_not_allowed' } });
  });

  it('415 for another content type', async () => {
    expect(await pick({ method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: text })).toMatchObject({
      status: 415,
      body: { error: 'content type must be application/json, got "text/plain"' },
    });
  });

  it('401 without the instance token or with another one', async () => {
    expect(await pick({ method: 'POST', headers: { 'content-type': 'application/json' }, body: text })).toMatchObject({
      status: 401,
      body: { error: 'z-api-token header is missing' },
    });
    expect(await pick({ method: 'POST', headers: { ...headers, 'z-api-token': 'F1E2D3C4B5A6978812345ABD' }, body: text })).toMatchObject({
      status: 401,
      body: { error: 'z-api-token does not match this instance' },
    });
  });

  it('400 for malformed JSON; a payload that breaks its schema is delivered with a warning (tolerant)', async () => {
    expect(await pick({ method: 'POST', headers, body: '{"type": "ReceivedCallback"' })).toMatchObject({
      status: 400,
      body: { code: 'not_json' },
    });
    expect(await pick({ method: 'POST', headers, body: '{"type":"MessageStatusCallback","status":1}' })).toMatchObject({
      status: 200,
      body: { event: 'MessageStatusCallback', warnings: ['field "status" must be string, not number'] },
    });
  });

  it('400 for a payload that breaks its schema when the dispatcher is strict', async () => {
    const strict = createWebhookDispatcher({ strict: true });
    const init = { method: 'POST', headers, body: '{"type":"MessageStatusCallback","status":1}' };
    const answer =
      which === 'node'
        ? await (async () => {
            const s = createServer(createNodeWebhookHandler(strict, options));
            await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
            try {
              return await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/zapi`, init);
            } finally {
              s.close();
            }
          })()
        : await createFetchWebhookHandler(strict, options)(new Request(nodeUrl, init));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      code: 'invalid_payload',
      error: 'MessageStatusCallback: field "status" must be string, not number',
    });
  });

  it('413 for a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ type: 'ReceivedCallback', text: { message: 'x'.repeat(5000) } });
    expect(await pick({ method: 'POST', headers, body: big })).toMatchObject({ status: 413, body: { code: 'body_too_large' } });
  });

  it('500 when a handler fails, without its message', async () => {
    const answer = await pick({ method: 'POST', headers, body: JSON.stringify({ type: 'DisconnectedCallback', disconnected: true }) });
    expect(answer).toMatchObject({ status: 500, body: { code: 'handler_failed', error: 'a webhook handler failed' } });
  });
});

describe('node handler after express.json()', () => {
  it('uses an already-parsed req.body', async () => {
    received.length = 0;
    const handler = createNodeWebhookHandler(dispatcher, { instanceToken: TOKEN });
    const parsed = createServer((req, res) => {
      Object.assign(req, { body: JSON.parse(text) });
      void handler(req, res);
    });
    await new Promise<void>((r) => parsed.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(parsed.address() as AddressInfo).port}`, { method: 'POST', headers, body: text });
    parsed.close();
    expect(res.status).toBe(200);
    expect(received).toEqual(['ReceivedCallback.text']);
  });
});

describe('timingSafeEqual', () => {
  it('compares whole strings of any length', () => {
    expect(timingSafeEqual(TOKEN, TOKEN)).toBe(true);
    expect(timingSafeEqual(`${TOKEN}X`, TOKEN)).toBe(false);
    expect(timingSafeEqual(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(timingSafeEqual('', TOKEN)).toBe(false);
    expect(timingSafeEqual('', '')).toBe(true);
    expect(timingSafeEqual('çã', 'çã')).toBe(true);
  });
});
