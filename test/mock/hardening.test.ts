// `zapi-mock serve` under bad input: what a probe of the mock broke (issue 16, B1–B4 and B8), each
// reproduced through the mock's HTTP port the way a client or an attacker reaches it.
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../packages/mock/src/index.js';

const TOKEN = 'F1E2D3C4B5A6978812345ABC';
const CLIENT_TOKEN = 'account-security-token-1';
const instancePath = `/instances/3C4A1B2D5E6F7A8B9C0D1E2F3A4B5C6D/token/${TOKEN}`;

let mock: RunningMock;
const logLines: string[] = [];
beforeAll(async () => {
  mock = await startMock({ port: 0, log: (line) => logLines.push(line) });
}, 180_000); // Prism starts in 2 s on an idle machine, in a minute on a crowded one
afterAll(() => mock?.close());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One request with node:http, which sends the target and headers as given (fetch would normalise them). */
function send(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: Buffer | string;
  waitForContinue?: boolean;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: mock.host, port: mock.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.waitForContinue) req.on('continue', () => req.end(options.body));
    else req.end(options.body);
  });
}

const json = { 'Client-Token': CLIENT_TOKEN, 'content-type': 'application/json' };

describe('B1: "did you mean" costs little, whatever the path', () => {
  it('20 unknown 15 KB paths cost the mock under 500 ms of CPU in all, and a normal GET is answered meanwhile', async () => {
    // The mock runs in this process: its CPU time is what a normal request queued behind the 20 can
    // wait at most. (CPU rather than wall time, which a loaded machine stretches at random.)
    const long = `${instancePath}/${'send-text-'.repeat(1500)}`; // 15 KB, under Node's 16 KB header limit
    const cpu = process.cpuUsage();
    const unknown = Array.from({ length: 20 }, () => send({ path: long, headers: { 'Client-Token': CLIENT_TOKEN } }));
    const normal = await send({ path: `${instancePath}/status`, headers: { 'Client-Token': CLIENT_TOKEN } });
    const answers = await Promise.all(unknown);
    const used = process.cpuUsage(cpu);
    expect(normal.status).toBe(200);
    expect((used.user + used.system) / 1000).toBeLessThan(500);
    for (const a of answers) {
      expect(a.status).toBe(404);
      const { error } = JSON.parse(a.text) as { error: string };
      expect(error).toMatch(/^Unknown path: GET \/instances\/3C4A1B2D5E6F7A8B9C0D1E2F3A4B5C6D\/token\/\[redacted\]\/send-text-/);
      // The path is shown, but not 15 KB of it.
      expect(a.text.length).toBeLessThan(1024);
    }
  });

  it('a short typo still gets its suggestion', async () => {
    const a = await send({ method: 'POST', path: `${instancePath}/send-txet`, headers: json, body: '{}' });
    expect(a.status).toBe(404);
    expect(JSON.parse(a.text).error).toContain('did you mean /instances/{instanceId}/token/{token}/send-text?');
  });
});

describe('B2: Expect and Upgrade', () => {
  const body = JSON.stringify({ phone: '5511999999999', message: 'hello' });

  it('Expect: 100-continue (curl sends it for bodies over 1 MB) is answered as if it were absent', async () => {
    const plain = await send({ method: 'POST', path: `${instancePath}/send-text`, headers: json, body });
    const expecting = await send({
      method: 'POST',
      path: `${instancePath}/send-text`,
      headers: { ...json, expect: '100-continue', 'content-length': Buffer.byteLength(body) },
      body,
      waitForContinue: true,
    });
    expect(plain.status).toBe(200);
    expect(expecting.status).toBe(plain.status);
    expect(JSON.parse(expecting.text)).toEqual(JSON.parse(plain.text));
  });

  it("Upgrade: websocket is refused with 400 in Z-API's error shape", async () => {
    const a = await send({
      path: `${instancePath}/status`,
      headers: {
        'Client-Token': CLIENT_TOKEN,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': 13,
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toEqual({ error: expect.stringMatching(/upgrade.*websocket/i) });
  });
});

describe('B3: the documented 32 MiB limit holds end to end', () => {
  const image = (bytes: number) => JSON.stringify({ phone: '5511999999999', image: `data:image/png;base64,${'A'.repeat(bytes)}` });

  it('a 20 MiB send-image reaches the documented answer (Prism alone stops at 10 MB)', async () => {
    const a = await send({ method: 'POST', path: `${instancePath}/send-image`, headers: json, body: image(20 * 1024 * 1024) });
    expect(a.status, a.text).toBe(200);
    expect(JSON.parse(a.text)).toHaveProperty('messageId');
  });

  it("a body over 32 MiB gets 413 in Z-API's shape", async () => {
    const a = await send({ method: 'POST', path: `${instancePath}/send-image`, headers: json, body: image(32 * 1024 * 1024) });
    expect(a.status).toBe(413);
    expect(JSON.parse(a.text)).toEqual({ error: `Request body is over the limit of ${32 * 1024 * 1024} bytes` });
  });
});

describe('B4: request targets the mock cannot route', () => {
  it("malformed percent-encoding gets 400 in Z-API's shape", async () => {
    for (const path of [`${instancePath}/send-text%zz`, `/instances/%E0%A4%A/token/${TOKEN}/status`, `${instancePath}/status?phone=%FF`]) {
      const a = await send({ method: 'GET', path, headers: { 'Client-Token': CLIENT_TOKEN } });
      expect(a.status, path).toBe(400);
      expect(JSON.parse(a.text), path).toEqual({ error: expect.stringMatching(/^Malformed percent-encoding in the request target/) });
      expect(a.text).not.toContain(TOKEN);
    }
  });

  it('an absolute-form target gets 400 and never shows where Prism listens', async () => {
    const prismPort = new URL(mock.prismUrl).port;
    for (const path of [`http://evil.example${instancePath}/status`, `http://127.0.0.1:${prismPort}${instancePath}/status`, '*']) {
      const a = await send({ method: path === '*' ? 'OPTIONS' : 'GET', path, headers: { 'Client-Token': CLIENT_TOKEN } });
      expect(a.status, path).toBe(400);
      expect(JSON.parse(a.text), path).toEqual({ error: expect.stringMatching(/^The request target must be a path/) });
      expect(a.text).not.toContain(prismPort);
      expect(a.text).not.toContain(TOKEN);
    }
  });
});

describe('B8: redaction ignores case', () => {
  it('the instance token after /Token/ or /TOKEN/ is neither logged nor echoed', async () => {
    for (const spelling of ['Token', 'TOKEN', 'tOkEn']) {
      const secret = `SECRET${spelling}9F8E7D6C5B4A`;
      const a = await send({ path: `/instances/I1/${spelling}/${secret}/status`, headers: { 'Client-Token': CLIENT_TOKEN } });
      expect(a.status).toBe(404);
      expect(a.text).not.toContain(secret);
      expect(a.text).toContain(`/${spelling}/[redacted]/status`);
    }
    await new Promise((r) => setTimeout(r, 20));
    const lines = logLines.filter((l) => /\/instances\/I1\//.test(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toMatch(/SECRET/);
  });
});
