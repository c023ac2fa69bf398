// zapi-webhooks validate / events, and zapi-mock trigger feeding a real webhook endpoint.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trigger, triggerableEvents } from '../../packages/mock/src/index.js';
import { main } from '../../packages/webhooks/src/cli-main.js';
import {
  createNodeWebhookHandler,
  createWebhookDispatcher,
  webhookEventNames,
  type WebhookEvent,
} from '../../packages/webhooks/src/index.js';
import { closedPortUrl } from '../support/ports.js';
import { root } from '../support/spec.js';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, cb) => (append(String(chunk)), cb()) });
  const code = await main(args, sink((s) => (out += s)) as never, sink((s) => (err += s)) as never);
  return { code, out, err };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('zapi-webhooks', () => {
  it('validate prints one line per file and exits 1 if any failed', async () => {
    const good = path.join(root, 'spec/examples/ReceivedCallback.image.json');
    const bad = file('bad.json', '{"type":"MessageStatusCallback","status":"READ","ids":"x"}');
    const r = await run(['validate', '--strict', good, bad, path.join(dir, 'missing.json')]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter(Boolean)).toEqual([
      `${good}: ok ReceivedCallback.image`,
      `${bad}: error MessageStatusCallback: field "ids" must be array, not string`,
      `${path.join(dir, 'missing.json')}: error cannot read ${path.join(dir, 'missing.json')}: ENOENT`,
    ]);
    // Tolerant (the default): the same payload is an event, with the fault as a warning.
    const tolerant = await run(['validate', bad]);
    expect(tolerant.code).toBe(0);
    expect(tolerant.out).toBe('ok MessageStatusCallback (field "ids" must be array, not string)\n');
  });

  it('validate --json gives a machine-readable report; exit 0 when all pass', async () => {
    const r = await run(['validate', '--json', path.join(root, 'spec/examples/DeliveryCallback.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { file: path.join(root, 'spec/examples/DeliveryCallback.json'), ok: true, event: 'DeliveryCallback', warnings: [] },
    ]);
  });

  it('events lists every event name; a wrong command line exits 2 with usage', async () => {
    const r = await run(['events']);
    expect(r.out.trim().split('\n')).toEqual([...webhookEventNames]);
    expect((await run(['check'])).code).toBe(2);
    expect((await run(['validate'])).err).toBe('zapi-webhooks validate: missing FILE (- reads stdin); see zapi-webhooks validate --help\n');
  });

  it('the built binary reads stdin with "-"', () => {
    const cli = path.join(root, 'packages/webhooks/dist/cli.js');
    const r = spawnSync(process.execPath, [cli, 'validate', '-'], {
      input: '{"type":"ReceivedCallback","text":{"message":"hi"}}',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('ok ReceivedCallback.text');
  });
});

describe('zapi-mock trigger', () => {
  let server: Server;
  let url: string;
  const got: WebhookEvent[] = [];
  beforeAll(async () => {
    const dispatcher = createWebhookDispatcher({ strict: true }).on('*', (e) => void got.push(e));
    server = createServer(createNodeWebhookHandler(dispatcher, { instanceToken: 'F1E2D3C4B5A6978812345ABC' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zapi`;
  });
  afterAll(() => server.close());

  it('can trigger every event name, each accepted by a strict endpoint as that event', async () => {
    expect(triggerableEvents).toEqual([...webhookEventNames].sort());
    for (const event of triggerableEvents) {
      const result = await trigger({ event, to: url });
      expect(result.status, `${event}: ${result.body}`).toBe(200);
      expect(JSON.parse(result.body).event.startsWith(event)).toBe(true);
    }
  });

  it('sends the plainest example of an event (ReceivedCallback.text.json, not a special case)', async () => {
    got.length = 0;
    await trigger({ event: 'ReceivedCallback.text', to: url });
    await trigger({ event: 'DeliveryCallback', to: url });
    const plain = JSON.parse(readFileSync(path.join(root, 'spec/examples/ReceivedCallback.text.json'), 'utf8'));
    expect(got[0]?.payload).toEqual(plain);
    expect(got[1]?.payload).not.toHaveProperty('error');
  });

  it('fills the instance id, sends the token given, and refuses unknown events', async () => {
    got.length = 0;
    await trigger({ event: 'ReceivedCallback.text', to: url, instanceId: 'MYINSTANCE' });
    expect(got[0]?.payload.instanceId).toBe('MYINSTANCE');
    expect((await trigger({ event: 'ConnectedCallback', to: url, token: 'WRONG' })).status).toBe(401);
    await expect(trigger({ event: 'ReceivedCallback.selfie', to: url })).rejects.toThrow('unknown event "ReceivedCallback.selfie"');
    const closed = await closedPortUrl();
    await expect(trigger({ event: 'DeliveryCallback', to: `${closed}/x` })).rejects.toThrow(`could not POST to ${closed}/x: ECONNREFUSED`);
  });
});
