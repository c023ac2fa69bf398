// Errors that tell the truth about delivery. A retried send is a second WhatsApp message, so the
// client must say whether a failed request had already reached Z-API. Each case is a real TCP
// server that misbehaves at one phase; what it received is the evidence the request left.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createZapiClient, ZapiNetworkError, ZapiResponseError, ZapiTimeoutError } from '../../packages/client/src/index.js';
import { closedPortUrl } from '../support/ports.js';

const TOKEN = 'F1E2D3C4B5A6978812345ABC';
const CLIENT_TOKEN = 'account-security-token-XYZ';
const servers: Server[] = [];

/** A server that reads a whole request (headers and declared body), records it, then does `then(socket)`. */
async function misbehaving(then: (socket: Socket) => void): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(data.slice(0, end))?.[1] ?? 0);
      if (data.length - end - 4 < length) return;
      received.push(data);
      data = '';
      then(socket);
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const answer = (status: string, headers: Record<string, string | number>, body: string) =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`;

const client = (baseUrl: string) => createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl, retry: false });
const send = (baseUrl: string) =>
  client(baseUrl)
    .messages.sendText({ phone: '5511999999999', message: 'hello' })
    .catch((e: unknown) => e);

afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('a failed send says whether it may have been delivered', () => {
  it('connection refused: could not reach Z-API, requestSent false', async () => {
    const error = (await send(await closedPortUrl())) as ZapiNetworkError;
    expect(error).toBeInstanceOf(ZapiNetworkError);
    expect(error.requestSent).toBe(false);
    expect(error.message).toMatch(/could not reach Z-API: ECONNREFUSED/);
  });

  it('connection closed after the request was written: may have taken effect, requestSent true', async () => {
    const server = await misbehaving((socket) => socket.destroy());
    const error = (await send(server.url)) as ZapiNetworkError;
    expect(server.received[0], 'the server got the whole request').toContain('"message":"hello"');
    expect(error).toBeInstanceOf(ZapiNetworkError);
    expect(error.requestSent).toBe(true);
    expect(error.message).not.toMatch(/could not reach/);
    expect(error.message).toMatch(/may have taken effect/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('answer cut short (content-length 200, 20 bytes, then closed): requestSent true, not "could not reach"', async () => {
    const server = await misbehaving((socket) => {
      socket.write(answer('200 OK', { 'content-type': 'application/json', 'content-length': 200 }, '{"zaapId":"3999984263'));
      setTimeout(() => socket.destroy(), 20);
    });
    const error = (await send(server.url)) as ZapiNetworkError;
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(ZapiNetworkError);
    expect(error.requestSent).toBe(true);
    expect(error.message).toMatch(/while Z-API's answer was read/);
    expect(error.message).not.toMatch(/could not reach/);
  });

  it('2xx with an HTML page: ZapiResponseError, never a silent success', async () => {
    const html = '<html><body>502 Bad Gateway from a proxy</body></html>';
    const server = await misbehaving((socket) =>
      socket.end(answer('200 OK', { 'content-type': 'text/html', 'content-length': html.length, connection: 'close' }, html)),
    );
    const error = (await send(server.url)) as ZapiResponseError;
    expect(error).toBeInstanceOf(ZapiResponseError);
    expect(error).toMatchObject({ status: 200, contentType: 'text/html', requestSent: true, operationId: 'sendText' });
    expect(error.received).toBe(html);
    expect(error.message).toMatch(/not the documented JSON/);
  });

  it('2xx with invalid JSON: ZapiResponseError', async () => {
    const body = '{"zaapId": "39999842", "messageId": ';
    const server = await misbehaving((socket) =>
      socket.end(answer('200 OK', { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' }, body)),
    );
    const error = (await send(server.url)) as ZapiResponseError;
    expect(error).toBeInstanceOf(ZapiResponseError);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'ZapiResponseError', requestSent: true, received: body });
  });

  it('no answer within the timeout: ZapiTimeoutError with requestSent true', async () => {
    const server = await misbehaving(() => {});
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: server.url, timeoutMs: 300 });
    const error = (await zapi.messages.sendText({ phone: '5511999999999', message: 'hello' }).catch((e: unknown) => e)) as ZapiTimeoutError;
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(ZapiTimeoutError);
    expect(error.requestSent).toBe(true);
    expect(error.message).toMatch(/may have taken effect/);
  });

  it('a send is not retried after any of these (one request on the wire)', async () => {
    const server = await misbehaving((socket) => socket.destroy());
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: server.url });
    await zapi.messages.sendText({ phone: '5511999999999', message: 'hello' }).catch(() => undefined);
    expect(server.received).toHaveLength(1);
  });
});
