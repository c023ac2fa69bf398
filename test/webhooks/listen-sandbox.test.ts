// The end-to-end listen test against zapi-mock sandbox: configure, inbound message via the
// control API, forwarded, recorded, restored.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createZapiClient } from '../../packages/client/src/index.js';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { runCli, startCli, webhooksCli } from '../support/cli.js';
import { closedPortUrl } from '../support/ports.js';

const CLIENT_TOKEN = 'SANDBOXCLIENTTOKEN123';
let sandbox: RunningSandbox;
let target: Server;
let targetUrl: string;
const forwarded: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-listen-sandbox-'));
  target = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      forwarded.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"stored":true}');
    });
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
  sandbox = await startSandbox({ port: 0, speed: 0, clientToken: CLIENT_TOKEN });
});
afterAll(async () => {
  await sandbox?.close();
  await new Promise((r) => target?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

it('listen against the sandbox: configure, inbound message forwarded and recorded, URLs restored', async () => {
  const zapi = createZapiClient({
    instanceId: sandbox.instanceId,
    token: sandbox.instanceToken,
    clientToken: CLIENT_TOKEN,
    baseUrl: sandbox.url,
  });
  await zapi.webhooks.updateWebhookReceived({ value: 'https://app.example.com/zapi/received' });
  await zapi.webhooks.updateWebhookDelivery({ value: 'https://app.example.com/zapi/delivery' });
  const port = new URL(await closedPortUrl()).port;
  const publicUrl = `http://127.0.0.1:${port}/zapi`;
  const credentials = [
    '--instance-id',
    sandbox.instanceId,
    '--instance-token',
    sandbox.instanceToken,
    '--client-token',
    CLIENT_TOKEN,
    '--base-url',
    sandbox.url,
  ];
  const env = { XDG_STATE_HOME: path.join(dir, 'state') };
  const listen = startCli(
    webhooksCli,
    [
      'listen',
      ...credentials,
      '--public-url',
      publicUrl,
      '--forward-to',
      targetUrl,
      '--port',
      port,
      '--record',
      path.join(dir, 'fixtures'),
    ],
    env,
  );
  try {
    await listen.waitFor(/Ctrl-C restores them/);
    const me = (await zapi.instance.getMe()) as Record<string, unknown>;
    expect(me.receivedCallbackUrl).toBe(publicUrl);
    expect(me.deliveryCallbackUrl).toBe(publicUrl);

    const inbound = sandbox.inbound({ from: '5511999999999', text: 'hi from the sandbox' });
    const delivery = await sandbox.waitForWebhook('ReceivedCallback.text', (p) => p.messageId === inbound.messageId);
    await sandbox.settled();
    expect(delivery.url).toBe(publicUrl);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]!.headers['z-api-token']).toBe(sandbox.instanceToken);
    expect(JSON.parse(forwarded[0]!.body.toString())).toEqual(delivery.payload);
    const line = (await listen.waitFor(/^.* ReceivedCallback\.text → 202 .*recorded (\S+)$/m))[1]!;
    expect(readFileSync(line).equals(forwarded[0]!.body)).toBe(true);
    expect((await runCli(webhooksCli, ['validate', line])).stdout).toContain('ok ReceivedCallback.text');

    expect(await listen.stop('SIGTERM')).toBe(0);
    const after = (await zapi.instance.getMe()) as Record<string, unknown>;
    expect(after.receivedCallbackUrl).toBe('https://app.example.com/zapi/received');
    expect(after.deliveryCallbackUrl).toBe('https://app.example.com/zapi/delivery');
    expect(listen.output()).not.toContain(sandbox.instanceToken);
    expect(listen.output()).not.toContain(CLIENT_TOKEN);
  } finally {
    await listen.stop('SIGKILL');
  }
});
