// zapi-webhooks listen, run as a user runs it, against a fake Z-API: the URLs it finds are saved,
// every webhook is pointed at the public URL, deliveries are forwarded byte for byte and recorded
// as fixtures the other tools take, and the URLs come back on SIGTERM or with --restore.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockCli, runCli, startCli, webhooksCli, type RunningCli } from '../support/cli.js';
import { startFakeZapi, WEBHOOK_FIELDS, type FakeZapi } from '../support/fake-zapi.js';
import { closedPortUrl } from '../support/ports.js';
import { root } from '../support/spec.js';

const INSTANCE = 'INSTANCE1';
const TOKEN = 'INSTANCETOKEN0123456789';
const CLIENT_TOKEN = 'CLIENTTOKEN9876543210';
const ORIGINAL = {
  receivedCallbackUrl: 'https://app.example.com/zapi/received',
  deliveryCallbackUrl: 'https://app.example.com/zapi/delivery',
  messageStatusCallbackUrl: 'https://app.example.com/zapi/status',
  presenceChatCallbackUrl: null,
  connectedCallbackUrl: '',
  disconnectedCallbackUrl: 'https://app.example.com/zapi/disconnected',
};
const example = (name: string) => readFileSync(path.join(root, 'spec/examples', name));

interface Forwarded {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let target: Server;
let targetUrl: string;
const forwarded: Forwarded[] = [];
let zapi: FakeZapi;
let dir: string;
let listen: RunningCli | undefined;

beforeAll(async () => {
  // The user's endpoint: answers 202 with a body of its own, which listen hands back to Z-API.
  target = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      forwarded.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202, { 'content-type': 'application/json', 'x-app': 'mine' }).end('{"stored":true}');
    });
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise((r) => target.close(r)));

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-listen-'));
  forwarded.length = 0;
  zapi = await startFakeZapi({
    instanceId: INSTANCE,
    token: TOKEN,
    clientToken: CLIENT_TOKEN,
    me: {
      id: INSTANCE,
      token: TOKEN,
      name: 'Shop',
      due: 1700000000,
      connected: true,
      paymentStatus: 'ACTIVE',
      ...ORIGINAL,
      receiveCallbackSentByMe: true,
    },
  });
});
afterEach(async () => {
  await listen?.stop('SIGKILL');
  listen = undefined;
  await zapi.close();
  rmSync(dir, { recursive: true, force: true });
});

const credentials = () => ['--instance-id', INSTANCE, '--instance-token', TOKEN, '--client-token', CLIENT_TOKEN, '--base-url', zapi.url];
const env = () => ({ XDG_STATE_HOME: path.join(dir, 'state') });
const stateFile = () => path.join(dir, 'state', 'zapi-kit', `listen-${INSTANCE}.json`);

async function startListen(extra: string[] = []) {
  const port = new URL(await closedPortUrl()).port;
  const publicUrl = `http://127.0.0.1:${port}/`;
  listen = startCli(
    webhooksCli,
    ['listen', ...credentials(), '--public-url', publicUrl, '--forward-to', targetUrl, '--port', port, ...extra],
    env(),
  );
  await listen.waitFor(/Ctrl-C restores them/);
  return { publicUrl, listen };
}

/** Z-API's side: POST a delivery to the URL the instance now holds for that kind. */
const deliver = (url: string, body: Uint8Array, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'z-api-token': TOKEN, ...headers },
    body: new Uint8Array(body),
  });

describe('zapi-webhooks listen', () => {
  it('points every webhook at the public URL, forwards and records deliveries unchanged, and restores on SIGTERM', async () => {
    const { publicUrl, listen } = await startListen(['--record', path.join(dir, 'fixtures')]);

    // Before changing anything it saved what /me reported; then one update-every-webhooks call.
    expect(JSON.parse(readFileSync(stateFile(), 'utf8')).found).toEqual({
      urls: { ...ORIGINAL, presenceChatCallbackUrl: null, connectedCallbackUrl: null },
      notifySentByMe: true,
    });
    expect(zapi.calls).toEqual(['GET me', `PUT update-every-webhooks {"value":"${publicUrl}","notifySentByMe":true}`]);
    for (const field of WEBHOOK_FIELDS) expect(zapi.me[field]).toBe(publicUrl);

    const text = example('ReceivedCallback.text.json');
    const answer = await deliver(zapi.me.receivedCallbackUrl as string, text, { 'x-zapi-trace': 't-1' });
    // Z-API gets the user's endpoint's answer.
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-app')).toBe('mine');
    expect(await answer.text()).toBe('{"stored":true}');
    const status = example('MessageStatusCallback.READ.json');
    const gzipped = gzipSync(status);
    expect((await deliver(zapi.me.messageStatusCallbackUrl as string, gzipped, { 'content-encoding': 'gzip' })).status).toBe(202);
    expect((await deliver(publicUrl, Buffer.from('{"type":"CallCallback"}'))).status).toBe(202);

    // The endpoint got Z-API's headers and body bytes as they were, compressed ones included.
    expect(forwarded).toHaveLength(3);
    expect(forwarded[0]!.body.equals(text)).toBe(true);
    expect(forwarded[0]!.headers).toMatchObject({ 'z-api-token': TOKEN, 'content-type': 'application/json', 'x-zapi-trace': 't-1' });
    expect(forwarded[1]!.body.equals(gzipped)).toBe(true);
    expect(forwarded[1]!.headers['content-encoding']).toBe('gzip');

    // One line per delivery: event, the endpoint's status, warnings or errors, the fixture.
    await listen.waitFor(/CallCallback/);
    const lines = listen
      .output()
      .split('\n')
      .filter((l) => /^\d\d:\d\d:\d\d /.test(l));
    const target = `202 from ${targetUrl} \\(\\d+ ms\\)`;
    expect(lines[0]).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d ReceivedCallback\\.text → ${target}; recorded .*0001-ReceivedCallback\\.text\\.json$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d MessageStatusCallback → ${target}; recorded .*0002-MessageStatusCallback\\.json$`),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d unparsed → ${target}; error: unknown webhook type "CallCallback".*; recorded .*0003-unparsed\\.json$`,
      ),
    );

    // Fixtures: the plain body (decoded from gzip), the request head beside it with secrets redacted.
    const fixtures = path.join(dir, 'fixtures');
    expect(readdirSync(fixtures).sort()).toEqual([
      '0001-ReceivedCallback.text.headers',
      '0001-ReceivedCallback.text.json',
      '0002-MessageStatusCallback.headers',
      '0002-MessageStatusCallback.json',
      '0003-unparsed.headers',
      '0003-unparsed.json',
    ]);
    expect(readFileSync(path.join(fixtures, '0001-ReceivedCallback.text.json')).equals(text)).toBe(true);
    expect(readFileSync(path.join(fixtures, '0002-MessageStatusCallback.json')).equals(status)).toBe(true);
    const head = readFileSync(path.join(fixtures, '0001-ReceivedCallback.text.headers'), 'utf8');
    expect(head).toMatch(/^POST \/ HTTP\/1\.1\n/);
    expect(head).toContain('z-api-token: [redacted]\n');
    expect(head).toContain('x-zapi-trace: t-1\n');
    expect(readFileSync(path.join(fixtures, '0002-MessageStatusCallback.headers'), 'utf8')).toMatch(
      /^# the \.json file holds the body decoded from gzip\n/,
    );

    // The fixtures go into the other tools as they are.
    const validate = await runCli(webhooksCli, [
      'validate',
      path.join(fixtures, '0001-ReceivedCallback.text.json'),
      path.join(fixtures, '0002-MessageStatusCallback.json'),
    ]);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain('0001-ReceivedCallback.text.json: ok ReceivedCallback.text');
    expect(validate.stdout).toContain('0002-MessageStatusCallback.json: ok MessageStatusCallback');
    const replay = await runCli(mockCli, [
      'trigger',
      'ReceivedCallback.text',
      '--to',
      targetUrl,
      '--payload',
      path.join(fixtures, '0001-ReceivedCallback.text.json'),
    ]);
    expect(replay.status).toBe(0);
    expect(JSON.parse(forwarded[3]!.body.toString())).toEqual(JSON.parse(text.toString()));

    expect(await listen.stop('SIGTERM')).toBe(0);
    // Every URL that was set is back, and notify-sent-by-me too; the ones that were empty cannot be cleared.
    for (const field of ['receivedCallbackUrl', 'deliveryCallbackUrl', 'messageStatusCallbackUrl', 'disconnectedCallbackUrl'] as const) {
      expect(zapi.me[field]).toBe(ORIGINAL[field]);
    }
    expect(zapi.calls).toContain('PUT update-notify-sent-by-me {"notifySentByMe":true}');
    expect(listen.output()).toContain(
      'restored receivedCallbackUrl, deliveryCallbackUrl, messageStatusCallbackUrl, disconnectedCallbackUrl',
    );
    expect(listen.output()).toContain(
      `presenceChatCallbackUrl, connectedCallbackUrl had no URL before; Z-API has no call that clears one, so they still point at ${publicUrl}`,
    );
    expect(existsSync(stateFile())).toBe(false);
    expect(listen.output()).not.toContain(TOKEN);
    expect(listen.output()).not.toContain(CLIENT_TOKEN);
  });

  it('after a crash keeps the URLs it saved first, and listen --restore puts them back', async () => {
    const first = await startListen(['--json']);
    await deliver(first.publicUrl, example('DeliveryCallback.json'));
    const line = JSON.parse((await first.listen.waitFor(/^\{"time".*$/m))[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ event: 'DeliveryCallback', warnings: [], forward: { status: 202 } });
    await first.listen.stop('SIGKILL');
    expect(zapi.me.receivedCallbackUrl).toBe(first.publicUrl);

    // A second listen after the crash must not take the tunnel URLs for the originals.
    const second = await startListen();
    expect(second.listen.output()).toContain('an earlier listen did not restore the webhook URLs');
    await second.listen.stop('SIGKILL');
    expect(JSON.parse(readFileSync(stateFile(), 'utf8')).found.urls.receivedCallbackUrl).toBe(ORIGINAL.receivedCallbackUrl);

    const restore = await runCli(webhooksCli, ['listen', '--restore', ...credentials()], env());
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(zapi.me.receivedCallbackUrl).toBe(ORIGINAL.receivedCallbackUrl);
    expect(zapi.me.disconnectedCallbackUrl).toBe(ORIGINAL.disconnectedCallbackUrl);
    expect(existsSync(stateFile())).toBe(false);
    const again = await runCli(webhooksCli, ['listen', '--restore', ...credentials()], env());
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`nothing to restore for instance ${INSTANCE}`);
  });

  it('says what is wrong with a command line or with the credentials, without printing them', async () => {
    const run = (args: string[]) => runCli(webhooksCli, ['listen', ...args], env());
    const missing = await run(['--instance-token', TOKEN, '--client-token', CLIENT_TOKEN]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--instance-id is required');
    const badForward = await run([...credentials(), '--public-url', 'https://tunnel.example.com', '--forward-to', 'ftp://x']);
    expect(badForward.status).toBe(2);
    expect(badForward.stderr).toContain('--forward-to must be an http(s) URL, got ftp:');
    const wrongClientToken = await run([
      '--instance-id',
      INSTANCE,
      '--instance-token',
      TOKEN,
      '--client-token',
      'WRONGCLIENTTOKEN',
      '--base-url',
      zapi.url,
      '--public-url',
      'https://tunnel.example.com',
      '--forward-to',
      targetUrl,
    ]);
    expect(wrongClientToken.status).toBe(1);
    expect(wrongClientToken.stderr).toContain('your client-token is not configured');
    expect(wrongClientToken.stderr).not.toContain(TOKEN);
    expect(wrongClientToken.stderr).not.toContain('WRONGCLIENTTOKEN');
    // Nothing was changed, so nothing was saved.
    expect(existsSync(stateFile())).toBe(false);
    expect(zapi.calls.filter((c) => c.startsWith('PUT'))).toEqual([]);
  });
});
