// zapi-mock trigger from the built binary: --json, and --payload checked against EVENT by the
// webhooks package's parser before anything is sent.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockCli, runCli } from '../support/cli.js';
import { root } from '../support/spec.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-trigger-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const example = (name: string) => readFileSync(path.join(root, 'spec/examples', `${name}.json`), 'utf8');

describe('zapi-mock trigger', () => {
  let server: Server;
  let url: string;
  const received: Array<{ token: string | undefined; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        received.push({ token: req.headers['z-api-token'] as string | undefined, body });
        res.writeHead(req.url === '/refuse' ? 422 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  beforeEach(() => void (received.length = 0));
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one line, or with --json one JSON object: event, url, status, ok, durationMs, body', async () => {
    const text = await runCli(mockCli, ['trigger', 'ReceivedCallback.text', '--to', url]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^POST ${url} ReceivedCallback\\.text → 200 \\(\\d+ ms\\) \\{"ok":true\\}\\n$`));

    const json = await runCli(mockCli, ['trigger', 'DeliveryCallback', '--to', url, '--json', '--token', 'MY-INSTANCE-TOKEN']);
    expect(json.status).toBe(0);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['event', 'url', 'status', 'ok', 'durationMs', 'body']);
    expect(result).toMatchObject({ event: 'DeliveryCallback', url, status: 200, ok: true, body: '{"ok":true}' });
    expect(result.durationMs).toBeTypeOf('number');
    expect(received.map((r) => r.token)).toEqual(['F1E2D3C4B5A6978812345ABC', 'MY-INSTANCE-TOKEN']);
    expect(JSON.parse(received[0]!.body)).toEqual(JSON.parse(example('ReceivedCallback.text')));

    // An endpoint that refuses: the same object, ok false, exit 1.
    const refused = await runCli(mockCli, ['trigger', 'DeliveryCallback', '--to', url.replace('/hook', '/refuse'), '--json']);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ status: 422, ok: false });
  });

  it('refuses a --payload of another event and says what the file is; nothing is sent', async () => {
    const textPayload = file('text.json', example('ReceivedCallback.text'));
    const r = await runCli(mockCli, ['trigger', 'MessageStatusCallback', '--to', url, '--payload', textPayload]);
    expect(r.stderr).toBe(
      `zapi-mock trigger: --payload ${textPayload} is a ReceivedCallback.text webhook, not MessageStatusCallback; see zapi-mock trigger --help\n`,
    );
    expect(r.status).toBe(2);
    const status = file('status.json', example('MessageStatusCallback.READ'));
    const other = await runCli(mockCli, ['trigger', 'ReceivedCallback.image', '--to', url, '--payload', status]);
    expect(other.stderr).toBe(
      `zapi-mock trigger: --payload ${status} is a MessageStatusCallback webhook, not ReceivedCallback.image; see zapi-mock trigger --help\n`,
    );
    expect(received).toEqual([]);

    // The right event goes out as the file says.
    const right = await runCli(mockCli, ['trigger', 'ReceivedCallback.text', '--to', url, '--payload', textPayload]);
    expect(right.status).toBe(0);
    expect(received.map((x) => JSON.parse(x.body))).toEqual([JSON.parse(example('ReceivedCallback.text'))]);
  });

  it("refuses an invalid payload with the parser's own words, unless --force", async () => {
    const bad = file('bad-status.json', '{"type":"MessageStatusCallback","status":"READ","ids":"x"}');
    const notObject = file('array.json', '[1, 2]');
    const notJson = file('broken.json', '{"type":');
    const [invalid, array, broken, missing] = await Promise.all([
      runCli(mockCli, ['trigger', 'MessageStatusCallback', '--to', url, '--payload', bad]),
      runCli(mockCli, ['trigger', 'MessageStatusCallback', '--to', url, '--payload', notObject]),
      runCli(mockCli, ['trigger', 'MessageStatusCallback', '--to', url, '--payload', notJson]),
      runCli(mockCli, ['trigger', 'MessageStatusCallback', '--to', url, '--payload', path.join(dir, 'none.json')]),
    ]);
    expect(invalid.stderr).toBe(
      `zapi-mock trigger: --payload ${bad} is not a valid MessageStatusCallback: MessageStatusCallback: field "ids" must be array, not string (--force sends it anyway); see zapi-mock trigger --help\n`,
    );
    expect(array.stderr).toBe(
      `zapi-mock trigger: --payload ${notObject} is not a webhook: body must be a JSON object, got an array (--force sends it anyway); see zapi-mock trigger --help\n`,
    );
    expect(broken.stderr).toMatch(new RegExp(`^zapi-mock trigger: --payload ${notJson} is not JSON: .+; see zapi-mock trigger --help\\n$`));
    expect(missing.stderr).toBe(
      `zapi-mock trigger: cannot read --payload ${path.join(dir, 'none.json')}: ENOENT; see zapi-mock trigger --help\n`,
    );
    expect([invalid.status, array.status, broken.status, missing.status]).toEqual([2, 2, 2, 2]);
    expect(received).toEqual([]);

    // --force sends it byte for byte as JSON, to see how the endpoint takes it.
    const forced = await runCli(mockCli, ['trigger', 'MessageStatusCallback', '--to', url, '--payload', bad, '--force']);
    expect(forced.status).toBe(0);
    expect(received.map((x) => x.body)).toEqual(['{"type":"MessageStatusCallback","status":"READ","ids":"x"}']);
  });
});
