// Z-API announced webhooks in gzip format: both handlers read `Content-Encoding: gzip` bodies, and
// the size limit holds for the inflated body too (a gzip bomb gets 413, not gigabytes of memory).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchWebhookHandler, createNodeWebhookHandler, createWebhookDispatcher } from '../../packages/webhooks/src/index.js';

const TOKEN = 'F1E2D3C4B5A6978812345ABC';
const received: unknown[] = [];
const dispatcher = createWebhookDispatcher().on('*', (e) => void received.push(e.payload));
const options = { instanceToken: TOKEN, maxBodyBytes: 64 * 1024 };
const payload = { type: 'ReceivedCallback', messageId: 'M1', phone: '5544999999999', text: { message: 'olá, tudo bem?' } };

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(createNodeWebhookHandler(dispatcher, options));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zapi`;
});
afterAll(() => server.close());
const fetchHandler = createFetchWebhookHandler(dispatcher, options);
// 8 MB of JSON in about 8 KB of gzip.
const bomb = gzipSync(`{"type":"ReceivedCallback","text":{"message":"${'a'.repeat(8 * 1024 * 1024)}"}}`);

const post = (encoding: string, body: Uint8Array) => ({
  method: 'POST',
  body: new Uint8Array(body) as Uint8Array<ArrayBuffer>,
  headers: { 'content-type': 'application/json', 'content-encoding': encoding, 'z-api-token': TOKEN },
});

describe.each(['node', 'fetch'])('%s handler', (which) => {
  const send = async (init: ReturnType<typeof post>) => {
    // Node's fetch would inflate nothing on the way out: the body goes as the bytes given.
    const res = which === 'node' ? await fetch(url, init) : await fetchHandler(new Request(url, init));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('accepts a gzip body and delivers the inflated payload', async () => {
    received.length = 0;
    for (const encoding of ['gzip', 'GZIP', 'x-gzip']) {
      expect(await send(post(encoding, gzipSync(JSON.stringify(payload))))).toEqual({
        status: 200,
        body: { ok: true, event: 'ReceivedCallback.text', warnings: [] },
      });
    }
    expect(received).toEqual([payload, payload, payload]);
  });

  it('answers 413 for a gzip bomb: small on the wire, over the limit once inflated', async () => {
    expect(bomb.byteLength).toBeLessThan(options.maxBodyBytes);
    const answer = await send(post('gzip', bomb));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ code: 'body_too_large', error: 'body is over the limit of 65536 bytes once inflated' });
  });

  it('400 for a body that says gzip and is not', async () => {
    const answer = await send(post('gzip', new TextEncoder().encode(JSON.stringify(payload))));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('not_gzip');
  });

  it('415 for an encoding it cannot read', async () => {
    expect(await send(post('br', new Uint8Array([1, 2, 3])))).toEqual({
      status: 415,
      body: { code: 'unsupported_encoding', error: 'content encoding "br" is not supported: send the body as it is or gzip it' },
    });
  });
});
