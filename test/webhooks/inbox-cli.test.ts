// zapi-webhooks inbox serve | list | retry | replay, as a user runs them (the built binary).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createWebhookDispatcher, createWebhookInbox } from '../../packages/webhooks/src/index.js';
import { eventually, example, listen, post, TOKEN } from '../support/inbox.js';
import { closedPortUrl } from '../support/ports.js';
import { root } from '../support/spec.js';

const cli = path.join(root, 'packages/webhooks/dist/cli.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-inbox-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'inbox', ...args], { encoding: 'utf8', env: { ...process.env, ZAPI_INSTANCE_TOKEN: '' } });
const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

it('serve keeps deliveries; list, retry and replay work on what it kept', { timeout: 60_000 }, async () => {
  const store = `sqlite:${path.join(dir, 'cli.db')}`;
  const port = new URL(await closedPortUrl()).port;
  const server = spawn(
    process.execPath,
    [cli, 'inbox', 'serve', '--host', '127.0.0.1', '--port', port, '--store', store, '--instance-token', TOKEN],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let said = '';
  server.stdout.on('data', (c: Buffer) => (said += String(c)));
  try {
    await eventually(() => said.includes('listening on'), 15_000, 'serve to listen');
    expect(said).toContain(`http://127.0.0.1:${port}`);
    expect(said).not.toContain(TOKEN);
    const url = `http://127.0.0.1:${port}/any/path`;
    const text = await post(url, example('ReceivedCallback.text'));
    const status = await post(url, example('MessageStatusCallback.READ'));
    const bad = await post(url, '[1, 2]');
    expect([text.status, status.status, bad.status]).toEqual([200, 200, 200]);
    expect((await post(url, example('ReceivedCallback.text'), 'not-the-token')).status).toBe(401);

    const all = run('list', '--store', store, '--json');
    expect(all.status).toBe(0);
    const listed = lines(all.stdout);
    expect(listed.map((d) => [d.id, d.status, d.event, d.messageId])).toEqual([
      [text.json.id, 'pending', 'ReceivedCallback.text', example('ReceivedCallback.text').messageId],
      [status.json.id, 'pending', 'MessageStatusCallback', (example('MessageStatusCallback.READ').ids as string[])[0]],
      [bad.json.id, 'failed', null, null],
    ]);
    for (const d of listed) expect(Date.parse(String(d.receivedAt))).toBeGreaterThan(Date.now() - 60_000);
    const failed = lines(run('list', '--store', store, '--failed', '--json').stdout);
    expect(failed.map((d) => d.id)).toEqual([bad.json.id]);
    expect(failed[0]!.error).toBe('not_object: body must be a JSON object, got an array');
    expect(run('list', '--store', store).stdout.split('\n')[0]).toMatch(
      new RegExp(`^${text.json.id}\\t\\S+Z\\tpending\\tReceivedCallback\\.text\\t`),
    );
    expect(lines(run('list', '--store', store, '--json', '--since', '1h').stdout)).toHaveLength(3);
    expect(lines(run('list', '--store', store, '--json', '--since', new Date(Date.now() + 60_000).toISOString()).stdout)).toHaveLength(0);
    expect(run('list', '--store', store, '--since', 'yesterday-ish').stderr).toContain(
      '--since must be a duration (30s, 15m, 1h, 2d) or a date',
    );

    // A handler dead-letters the text message; retry puts it back in line.
    const inbox = createWebhookInbox({ store, instanceToken: TOKEN });
    let healthy = false;
    const worker = inbox.process(
      createWebhookDispatcher().on('ReceivedCallback.text', () => {
        if (!healthy) throw new Error('CRM down');
      }),
      { attempts: 1 },
    );
    await eventually(async () => (await inbox.get(String(text.json.id)))!.status === 'failed', 10_000, 'dead letter');
    expect(run('retry', '424242', '--store', store)).toMatchObject({ status: 1, stderr: expect.stringContaining('no delivery "424242"') });
    healthy = true;
    const retried = run('retry', String(text.json.id), '--store', store);
    expect(retried.stdout).toBe(`delivery ${text.json.id} is pending again (was failed)\n`);
    await eventually(async () => (await inbox.get(String(text.json.id)))!.status === 'done', 10_000, 'retried delivery done');
    await worker.stop();
    await inbox.close();

    // Replay after an outage: the same bytes, in arrival order, to another endpoint.
    const received: Array<{ body: string; token: string | undefined; type: string | undefined }> = [];
    const target = await listen(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      received.push({ body, token: req.headers['z-api-token'] as string | undefined, type: req.headers['content-type'] });
      res.writeHead(body.startsWith('[') ? 400 : 200).end('{}');
    });
    try {
      // Not spawnSync: the target answers from this process.
      const replay = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [cli, 'inbox', 'replay', '--store', store, '--to', `${target.url}/zapi`, '--since', '1h', '--instance-token', TOKEN],
          (error, stdout, stderr) => resolve({ status: error ? (error.code as number) : 0, stdout, stderr }),
        );
      });
      expect(replay.stdout).toBe(`replayed 3 deliveries to ${target.url}/zapi: 2 accepted, 1 refused\n`);
      expect(replay.stderr).toBe(`delivery ${bad.json.id} (unparsed): 400\n`);
      expect(replay.status).toBe(1);
      expect(received.map((r) => JSON.parse(r.body).type ?? 'array')).toEqual(['ReceivedCallback', 'MessageStatusCallback', 'array']);
      expect(received[0]!.body).toBe(JSON.stringify(example('ReceivedCallback.text')));
      expect(received.every((r) => r.token === TOKEN && r.type === 'application/json')).toBe(true);
    } finally {
      await target.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
});

it('serve fails closed without an instance token; bad command lines exit 2 with a reason', () => {
  const store = `sqlite:${path.join(dir, 'closed.db')}`;
  const r = run('serve', '--port', '0', '--store', store);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('no instance token: pass --instance-token T (or set ZAPI_INSTANCE_TOKEN)');
  expect(run('serve', '--store', store, '--instance-token', TOKEN).stderr).toBe(
    'zapi-webhooks inbox serve: missing --port P, the port to listen on; see zapi-webhooks inbox serve --help\n',
  );
  expect(run('replay', '--store', store, '--to', 'ftp://x').stderr).toContain('--to must be an http(s) URL');
  expect(run('retry', '--store', store).stderr).toBe(
    'zapi-webhooks inbox retry: missing the delivery ID (inbox list --failed shows them); see zapi-webhooks inbox retry --help\n',
  );
  expect(run('list', '--store', 'mysql://db').stderr).toContain('unknown inbox store "mysql://db": use sqlite:PATH or redis://HOST:PORT');
  expect(run('frobnicate').status).toBe(2);
});
