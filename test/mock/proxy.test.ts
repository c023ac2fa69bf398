// zapi-mock proxy against a local fake Z-API that answers with drifted bodies and statuses, and
// zapi-mock drift summarising the report. Expectations come from the fake's own answers, written
// here by hand, and from the spec's text (getStatus: `connected` is a boolean; sendText answers
// zaapId and messageId; updateWebhookReceived documents 200, 400, 405, 415).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockCli, startCli, type RunningCli } from '../support/cli.js';

const TOKEN = 'SECRETTOKEN123456';
const CLIENT_TOKEN = 'ACCOUNTSECRET456789';
const prefix = `/instances/I1/token/${TOKEN}`;

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// What the fake Z-API answers, per request line: status, headers, body bytes.
const statusBody = gzipSync(JSON.stringify({ connected: 'true', smartphoneConnected: true, session: { device: 'android' } }));
const answers: Record<string, { status: number; headers: Record<string, string>; body: Buffer }> = {
  [`GET ${prefix}/status`]: {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-upstream': 'fake' },
    body: statusBody,
  },
  [`GET ${prefix}/status?conforming=1`]: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{"connected":true}'),
  },
  [`POST ${prefix}/send-text`]: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{"zaapId":"Z1","id":"M1"}'),
  },
  [`PUT ${prefix}/update-webhook-received`]: {
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{"value":true}'),
  },
  [`GET ${prefix}/brand-new-thing`]: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') },
};

let upstream: Server;
let upstreamUrl: string;
const seen: Seen[] = [];
let dir: string;
let proxy: RunningCli;
let proxyUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-proxy-'));
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      const answer = answers[`${req.method} ${req.url}`] ?? {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"error":"not found"}'),
      };
      res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length }).end(answer.body);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = startCli(mockCli, ['proxy', '--upstream', upstreamUrl, '--port', '0', '--report', path.join(dir, 'drift.jsonl')]);
  proxyUrl = (await proxy.waitFor(/proxy listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
});

afterAll(async () => {
  await proxy?.stop();
  await new Promise((r) => upstream?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A request whose answer is read as raw bytes (no decompression), to compare with what the fake sent. */
function call(method: string, url: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = request(`${proxyUrl}${url}`, { method, agent: false, headers: { 'client-token': CLIENT_TOKEN, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const report = () =>
  readFileSync(path.join(dir, 'drift.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { subject: string; kind: string; where: string; observed?: string; status: number; path: string; method: string },
    );

describe('zapi-mock proxy', () => {
  it('forwards calls and answers unchanged, and reports each kind of drift', async () => {
    const sendBody = '{"phone":"5511999999999","message":"hi","brandNewOption":true}';
    const status = await call('GET', `${prefix}/status`, { 'x-request-id': 'r-1' });
    const conforming = await call('GET', `${prefix}/status?conforming=1`);
    const sent = await call('POST', `${prefix}/send-text`, { 'content-type': 'application/json' }, sendBody);
    const webhook = await call(
      'PUT',
      `${prefix}/update-webhook-received`,
      { 'content-type': 'application/json' },
      '{"value":"https://example.com/hook"}',
    );
    const unknown = await call('GET', `${prefix}/brand-new-thing`);

    // The caller gets Z-API's status, headers and bytes (still gzip-compressed) as they were.
    expect(status.status).toBe(200);
    expect(status.headers['content-encoding']).toBe('gzip');
    expect(status.headers['x-upstream']).toBe('fake');
    expect(status.body.equals(statusBody)).toBe(true);
    expect([conforming.status, sent.status, webhook.status, unknown.status]).toEqual([200, 200, 201, 200]);
    expect(sent.body.toString()).toBe('{"zaapId":"Z1","id":"M1"}');

    // Z-API gets the caller's path (token included), headers and body bytes as they were.
    const sendSeen = seen.find((s) => s.url.endsWith('/send-text'))!;
    expect(sendSeen.method).toBe('POST');
    expect(sendSeen.url).toBe(`${prefix}/send-text`);
    expect(sendSeen.headers['client-token']).toBe(CLIENT_TOKEN);
    expect(sendSeen.body.toString()).toBe(sendBody);
    expect(seen.find((s) => s.url === `${prefix}/status`)!.headers['x-request-id']).toBe('r-1');

    const lines = report();
    const findings = lines.map((l) => [l.subject, l.kind, l.where, l.observed ?? null]);
    expect(findings).toEqual([
      ['getStatus', 'type-mismatch', 'response 200 body.connected', 'string'],
      ['getStatus', 'undescribed-field', 'response 200 body.session', 'object'],
      ['sendText', 'request-accepted-by-zapi', 'request.body.brandNewOption', null],
      ['sendText', 'missing-field', 'response 200 body.messageId', null],
      ['updateWebhookReceived', 'undocumented-status', 'status 201', null],
      [
        'GET /instances/{instanceId}/token/{token}/brand-new-thing',
        'unknown-path',
        'GET /instances/{instanceId}/token/{token}/brand-new-thing',
        null,
      ],
    ]);
    // The call that matches the spec left no line; every line names its call with the token redacted.
    expect(lines.every((l) => !l.path.includes('conforming'))).toBe(true);
    expect(lines[0]).toMatchObject({ method: 'GET', path: '/instances/I1/token/[redacted]/status', status: 200 });
    const text = readFileSync(path.join(dir, 'drift.jsonl'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(CLIENT_TOKEN);
    // One log line per call, token redacted.
    await proxy.waitFor(/GET \/instances\/I1\/token\/\[redacted\]\/status → 200 getStatus: 2 drift findings/);
    await proxy.waitFor(/GET \/instances\/I1\/token\/\[redacted\]\/status\?conforming=1 → 200 getStatus: matches the spec/);
    await proxy.waitFor(/GET \/instances\/I1\/token\/\[redacted\]\/brand-new-thing → 200 unknown path: 1 drift finding/);
    expect(proxy.output()).not.toContain(TOKEN);
    expect(proxy.output()).not.toContain(CLIENT_TOKEN);
  });

  it('answers 502 naming the cause when Z-API cannot be reached, and says why a command line is wrong', async () => {
    const down = startCli(mockCli, ['proxy', '--upstream', 'http://127.0.0.1:1', '--port', '0', '--report', path.join(dir, 'down.jsonl')]);
    try {
      const url = (await down.waitFor(/proxy listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
      const res = await fetch(`${url}${prefix}/status`, { headers: { 'client-token': CLIENT_TOKEN } });
      expect(res.status).toBe(502);
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/could not reach http:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
    } finally {
      await down.stop();
    }
    const missing = spawnSync(process.execPath, [mockCli, 'proxy'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('zapi-mock proxy: missing --upstream URL, e.g. https://api.z-api.io; see zapi-mock proxy --help\n');
    const bad = spawnSync(process.execPath, [mockCli, 'proxy', '--upstream', 'ftp://z-api.io'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--upstream must be an http(s) URL, got ftp:');
  });
});

describe('zapi-mock drift', () => {
  it('summarises the report per operation, most frequent first', async () => {
    // Two more drifted status calls: getStatus now has the most findings.
    await call('GET', `${prefix}/status`);
    await call('GET', `${prefix}/status`);
    const r = spawnSync(process.execPath, [mockCli, 'drift', path.join(dir, 'drift.jsonl')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'getStatus: 6 findings',
      '     3× type-mismatch response 200 body.connected (string) → widen the type of response 200 body.connected to allow string',
      '     3× undescribed-field response 200 body.session (object) → describe response 200 body.session (object)',
      'sendText: 2 findings',
      '     1× request-accepted-by-zapi request.body.brandNewOption → loosen the request schema at request.body.brandNewOption: Z-API accepted it',
      '     1× missing-field response 200 body.messageId → make response 200 body.messageId optional: it did not always come',
      'GET /instances/{instanceId}/token/{token}/brand-new-thing: 1 finding',
      '     1× unknown-path GET /instances/{instanceId}/token/{token}/brand-new-thing → add the operation GET /instances/{instanceId}/token/{token}/brand-new-thing',
      'updateWebhookReceived: 1 finding',
      '     1× undocumented-status status 201 → document the 201 response',
    ]);
    const json = spawnSync(process.execPath, [mockCli, 'drift', '--json', path.join(dir, 'drift.jsonl')], { encoding: 'utf8' });
    expect((JSON.parse(json.stdout) as Array<{ subject: string; count: number }>).map((s) => [s.subject, s.count])).toEqual([
      ['getStatus', 6],
      ['sendText', 2],
      ['GET /instances/{instanceId}/token/{token}/brand-new-thing', 1],
      ['updateWebhookReceived', 1],
    ]);
  });

  it('names the lines that are not findings and a file it cannot read', () => {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"subject":"getStatus","kind":"undocumented-status","where":"status 502","detail":"x"}\nnot json\n{"a":1}\n');
    const r = spawnSync(process.execPath, [mockCli, 'drift', bad], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('1× undocumented-status status 502 → document the 502 response');
    expect(r.stderr).toContain(`${bad} line 2: not JSON`);
    expect(r.stderr).toContain(`${bad} line 3: not a drift finding (needs subject, kind and where)`);
    const missing = spawnSync(process.execPath, [mockCli, 'drift', path.join(dir, 'nope.jsonl')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    expect(missing.stderr).toContain('ENOENT');
  });
});
