// Retries: only what is safe to repeat, on network errors, 429 and 5xx, honouring Retry-After.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createZapiClient, createZapiPartnerClient, ZapiHttpError } from '../../packages/client/src/index.js';
import { closedPortUrl } from '../support/ports.js';
import { backoffMs, DEFAULT_RETRY, retryAfterMs } from '../../packages/client/src/retry.js';

/** A server that answers each request with the next scripted reply and records what it got. */
async function scripted(replies: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req);
    const reply = replies[Math.min(seen.length - 1, replies.length - 1)]!;
    res
      .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      .end(JSON.stringify(reply.body ?? { error: 'scripted' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const fast = { minDelayMs: 1, maxDelayMs: 5 };
const instance = (baseUrl: string, retry: object | false = fast) =>
  createZapiClient({ instanceId: 'I1', token: 'TOKEN1', clientToken: 'CT1', baseUrl, retry: retry as never });

describe('retries', () => {
  it('retries a GET on 503 and 429, then resolves', async () => {
    const server = await scripted([{ status: 503 }, { status: 429 }, { status: 200, body: { connected: true } }]);
    await expect(instance(server.url).instance.getStatus()).resolves.toEqual({ connected: true });
    expect(server.seen).toHaveLength(3);
  });

  it('retries an idempotent PUT (a setter) on 502', async () => {
    const server = await scripted([{ status: 502 }, { status: 200, body: { value: true } }]);
    await expect(instance(server.url).instance.updateName({ value: 'Shop' })).resolves.toEqual({ value: true });
    expect(server.seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('gives up after the configured retries with the last error', async () => {
    const server = await scripted([{ status: 500, body: { error: 'boom' } }]);
    const error = (await instance(server.url, { ...fast, retries: 3 })
      .instance.getMe()
      .catch((e: unknown) => e)) as ZapiHttpError;
    expect(error).toBeInstanceOf(ZapiHttpError);
    expect(error.status).toBe(500);
    expect(server.seen).toHaveLength(4);
  });

  it('never retries a 4xx other than 429', async () => {
    const server = await scripted([{ status: 400, body: { error: 'null not allowed' } }]);
    await expect(instance(server.url).instance.getStatus()).rejects.toBeInstanceOf(ZapiHttpError);
    expect(server.seen).toHaveLength(1);
  });

  it('does not retry an operation that is not safe to repeat, unless the call opts in', async () => {
    const once = await scripted([{ status: 503 }, { status: 503 }, { status: 200, body: { id: 'I2', token: 'T2', due: 1 } }]);
    const partner = createZapiPartnerClient({ partnerToken: 'P1', baseUrl: once.url, retry: fast });
    await expect(partner.createInstance({ name: 'Shop' })).rejects.toMatchObject({ status: 503 });
    expect(once.seen).toHaveLength(1);
    await expect(partner.createInstance({ name: 'Shop' }, { retry: true })).resolves.toEqual({ id: 'I2', token: 'T2', due: 1 });
    expect(once.seen).toHaveLength(3);
  });

  it('restartInstance is a GET the spec marks unsafe to repeat: one attempt', async () => {
    const server = await scripted([{ status: 503 }, { status: 200, body: { value: true } }]);
    await expect(instance(server.url).instance.restartInstance()).rejects.toMatchObject({ status: 503 });
    expect(server.seen).toHaveLength(1);
  });

  it('honours Retry-After', async () => {
    const server = await scripted([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: { connected: true } },
    ]);
    const started = performance.now();
    await instance(server.url, { minDelayMs: 1, maxDelayMs: 5_000 }).instance.getStatus();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retry: false on the client turns retries off; retry: false on a call does too', async () => {
    const server = await scripted([{ status: 503 }, { status: 503 }, { status: 200, body: { connected: true } }]);
    await expect(instance(server.url, false).instance.getStatus()).rejects.toMatchObject({ status: 503 });
    await expect(instance(server.url).instance.getStatus(undefined, { retry: false })).rejects.toMatchObject({ status: 503 });
    expect(server.seen).toHaveLength(2);
  });

  it('retries a GET after a network error', async () => {
    // A closed port refuses each attempt; a server started after the first refusal answers the retry.
    const url = await closedPortUrl();
    const port = Number(new URL(url).port);
    const late = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"connected":true}'));
    servers.push(late);
    const zapi = instance(url, { minDelayMs: 200, maxDelayMs: 400 });
    const pending = zapi.instance.getStatus();
    await new Promise((r) => setTimeout(r, 50));
    await new Promise<void>((r) => late.listen(port, '127.0.0.1', r));
    await expect(pending).resolves.toEqual({ connected: true });
  });
});

describe('backoff', () => {
  it('doubles from minDelayMs with jitter in [ceiling/2, ceiling], capped by maxDelayMs', () => {
    const policy = { ...DEFAULT_RETRY, minDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffMs(1, policy, undefined, () => 0)).toBe(50);
    expect(backoffMs(1, policy, undefined, () => 1)).toBe(100);
    expect(backoffMs(3, policy, undefined, () => 1)).toBe(400);
    expect(backoffMs(10, policy, undefined, () => 1)).toBe(1_000);
    expect(backoffMs(1, policy, 5_000)).toBe(1_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
