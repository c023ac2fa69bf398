// The client's own behaviour: secrets never printed, clear errors for bad options, timeouts, network failures.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createZapiClient,
  createZapiPartnerClient,
  ZapiAbortError,
  ZapiHttpError,
  ZapiNetworkError,
  ZapiTimeoutError,
} from '../../packages/client/src/index.js';
import { createZapiPartnerRawClient, createZapiRawClient } from '../../packages/client/src/raw.js';
import { closedPortUrl } from '../support/ports.js';
import { root } from '../support/spec.js';

const execFileAsync = promisify(execFile);

const TOKEN = 'F1E2D3C4B5A6978812345ABC';
const CLIENT_TOKEN = 'account-security-token-XYZ';

/** Every way an error can be shown; none may contain a secret. */
function allRenderings(error: Error): string {
  return [
    error.message,
    error.stack,
    String(error),
    inspect(error),
    JSON.stringify(error),
    inspect(error, { showHidden: true, depth: 5 }),
  ].join('\n');
}

let slow: Server;
let slowUrl: string;
let echo: Server;
let echoUrl: string;

beforeAll(async () => {
  const listen = (server: Server) =>
    new Promise<string>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
    );
  slow = createServer((_req, res) => setTimeout(() => res.end('{}'), 2_000));
  // Answers like Z-API does for an account whose Client-Token does not match, echoing what it got.
  echo = createServer((req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'your client-token is not configured', path: req.url, got: req.headers['client-token'] }));
  });
  [slowUrl, echoUrl] = await Promise.all([listen(slow), listen(echo)]);
});

afterAll(() => {
  slow.closeAllConnections();
  slow.close();
  echo.close();
});

describe('createZapiClient', () => {
  it('refuses missing or empty credentials with a clear message', () => {
    expect(() => createZapiClient({ instanceId: '', token: TOKEN })).toThrow('`instanceId` must be a non-empty string');
    expect(() => createZapiClient({ instanceId: 'I1', token: ' ' })).toThrow('`token` must be a non-empty string');
    expect(() => createZapiPartnerClient({ partnerToken: '' })).toThrow('`partnerToken` must be a non-empty string');
    expect(() => createZapiClient({ instanceId: 'I1', token: TOKEN, baseUrl: 'api.z-api.io' })).toThrow('`baseUrl` must be an http(s) URL');
  });

  it('catches the classic mix-up: the instance token passed as Client-Token', () => {
    expect(() => createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: TOKEN })).toThrow(/account security token/);
  });

  it('binds the instance path once: raw calls (@zapi-kit/client/raw) use paths relative to the instance', async () => {
    const raw = createZapiRawClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: inject('mockUrl') });
    const { data, response } = await raw.GET('/status');
    expect(response.status).toBe(200);
    expect(new URL(response.url).pathname).toBe(`/instances/I1/token/${TOKEN}/status`);
    expect(data?.connected).toBe(true);
  });

  it('the raw clients check their options as the typed clients do', () => {
    expect(() => createZapiRawClient({ instanceId: 'I1', token: TOKEN, clientToken: TOKEN })).toThrow(/account security token/);
    expect(() => createZapiRawClient({ instanceId: '', token: TOKEN })).toThrow('`instanceId` must be a non-empty string');
    expect(() => createZapiPartnerRawClient({ partnerToken: ' ' })).toThrow('`partnerToken` must be a non-empty string');
    expect(() => createZapiPartnerRawClient({ partnerToken: 'P1', baseUrl: 'api.z-api.io' })).toThrow('`baseUrl` must be an http(s) URL');
  });

  it('returns the QR code image as bytes, with no per-call flag', async () => {
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: inject('mockUrl') });
    const png = await zapi.call('getQrCodeImage');
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
  });
});

describe('errors never show a secret', () => {
  it('ZapiHttpError: message, stack, inspect and JSON redact the instance token and the Client-Token', async () => {
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: echoUrl });
    const error = (await zapi.call('getMe').catch((e: unknown) => e)) as ZapiHttpError;
    expect(error).toBeInstanceOf(ZapiHttpError);
    expect(error.status).toBe(400);
    expect(error.operationId).toBe('getMe');
    expect(error.request).toBe('GET /instances/I1/token/[redacted]/me');
    expect(error.hint).toMatch(/account security token/);
    expect(error.body).toEqual({
      error: 'your client-token is not configured',
      path: '/instances/I1/token/[redacted]/me',
      got: '[redacted]',
    });
    const shown = allRenderings(error);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(CLIENT_TOKEN);
    expect(shown).toContain('getMe failed with HTTP 400: your client-token is not configured');
  });

  it('ZapiNetworkError when nothing listens, without the token', async () => {
    const zapi = createZapiClient({
      instanceId: 'I1',
      token: TOKEN,
      clientToken: CLIENT_TOKEN,
      baseUrl: await closedPortUrl(),
      retry: false,
    });
    const error = (await zapi.call('getStatus').catch((e: unknown) => e)) as ZapiNetworkError;
    expect(error).toBeInstanceOf(ZapiNetworkError);
    expect(error.message).toBe('getStatus could not reach Z-API: ECONNREFUSED');
    expect(allRenderings(error)).not.toContain(TOKEN);
  });

  it('ZapiTimeoutError after the per-call timeout', async () => {
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: slowUrl, timeoutMs: 10_000 });
    const started = performance.now();
    // Without retries: two jittered backoffs (up to 1.5 s) would leave the bound below no margin on a loaded machine.
    const error = (await zapi.call('getStatus', { timeoutMs: 100, retry: false }).catch((e: unknown) => e)) as ZapiTimeoutError;
    expect(error).toBeInstanceOf(ZapiTimeoutError);
    expect(error.timeoutMs).toBe(100);
    // The server answers after 2 s: the call ended on its own 100 ms clock, not the client's 10 s.
    expect(performance.now() - started).toBeLessThan(1_900);
  });

  it('calls ending in the same instant time out together, each on its own clock, and one with a signal still times out', async () => {
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: slowUrl });
    const started = performance.now();
    const settled = await Promise.all([
      ...Array.from({ length: 5 }, () => zapi.call('getStatus', { timeoutMs: 150, retry: false }).catch((e: unknown) => e)),
      zapi.call('getStatus', { timeoutMs: 150, retry: false, signal: new AbortController().signal }).catch((e: unknown) => e),
    ]);
    for (const error of settled) expect(error).toMatchObject({ name: 'ZapiTimeoutError', timeoutMs: 150, requestSent: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    // A later call does not inherit a deadline that has passed.
    const later = await zapi.call('getStatus', { timeoutMs: 150, retry: false }).catch((e: unknown) => e);
    expect(later).toMatchObject({ name: 'ZapiTimeoutError' });
  });

  it('a program that made a call exits at once: no timeout timer holds Node open after the answer', async () => {
    const program = `import { createZapiClient } from ${JSON.stringify(pathToFileURL(path.join(root, 'packages/client/dist/index.js')).href)};
const zapi = createZapiClient({ instanceId: 'I1', token: 'T1', clientToken: ${JSON.stringify(CLIENT_TOKEN)}, baseUrl: ${JSON.stringify(inject('mockUrl'))} });
await zapi.instance.getStatus();
await zapi.messages.sendText({ phone: '5511999999999', message: 'hi' });`;
    const started = performance.now();
    const { stderr } = await execFileAsync(process.execPath, ['--input-type=module', '-e', program], { timeout: 20_000 });
    expect(stderr).toBe('');
    // The default timeout is 30 s: a timer left holding the process would keep it alive that long.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('an AbortSignal of the caller rejects with a redacted ZapiAbortError, not a raw DOMException', async () => {
    const zapi = createZapiClient({ instanceId: 'I1', token: TOKEN, clientToken: CLIENT_TOKEN, baseUrl: slowUrl });
    const controller = new AbortController();
    const pending = zapi.call('getStatus', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = (await pending.catch((e: unknown) => e)) as ZapiAbortError;
    expect(error).toBeInstanceOf(ZapiAbortError);
    expect(error).toMatchObject({ name: 'ZapiAbortError', operationId: 'getStatus', requestSent: true });
    expect(allRenderings(error)).not.toContain(TOKEN);
    const before = new AbortController();
    before.abort();
    const early = (await zapi.instance.getStatus(undefined, { signal: before.signal }).catch((e: unknown) => e)) as ZapiAbortError;
    expect(early).toMatchObject({ name: 'ZapiAbortError', requestSent: false });
  });

  it('a partner call redacts the partner token', async () => {
    const partner = createZapiPartnerClient({ partnerToken: 'partner-secret-123', baseUrl: echoUrl });
    const error = (await partner.call('listInstances', { query: { page: 1, pageSize: 5 } }).catch((e: unknown) => e)) as ZapiHttpError;
    expect(error).toBeInstanceOf(ZapiHttpError);
    expect(allRenderings(error)).not.toContain('partner-secret-123');
  });
});
