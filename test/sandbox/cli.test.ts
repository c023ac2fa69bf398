// The built `zapi-mock sandbox`, as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const cli = path.join(root, 'packages/mock/dist/cli.js');

describe('zapi-mock sandbox', () => {
  it('starts one connected instance, prints its credentials, keeps state and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        cli,
        'sandbox',
        '--port',
        '0',
        '--instance-id',
        'SANDBOX1',
        '--instance-token',
        'TOKEN1',
        '--client-token',
        'CT1',
        '--speed',
        '0',
        '--seed',
        '3',
        '--verbose',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (m && output.includes('Client-Token')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(output).toMatch(/instance id\s+SANDBOX1/);
      expect(output).toMatch(/instance token\s+TOKEN1/);
      const base = `${url}/instances/SANDBOX1/token/TOKEN1`;
      const headers = { 'client-token': 'CT1', 'content-type': 'application/json' };
      expect(await (await fetch(`${base}/status`, { headers })).json()).toMatchObject({ connected: true });
      const sent = (await (
        await fetch(`${base}/send-text`, { method: 'POST', headers, body: JSON.stringify({ phone: '5511999999999', message: 'hi' }) })
      ).json()) as { messageId: string };
      const chats = (await (await fetch(`${base}/chats?page=1&pageSize=10`, { headers })).json()) as Array<{ phone: string }>;
      expect(chats.map((c) => c.phone)).toEqual(['5511999999999']);
      await new Promise((r) => setTimeout(r, 50));
      const deliveries = (await (
        await fetch(`${url}/_sandbox/instances/SANDBOX1/deliveries?event=MessageStatusCallback`)
      ).json()) as Array<{ payload: { ids: string[]; status: string } }>;
      expect(deliveries.map((d) => [d.payload.status, d.payload.ids])).toEqual([
        ['RECEIVED', [sent.messageId]],
        ['READ', [sent.messageId]],
      ]);
      expect((await fetch(`${url}/instances/SANDBOX1/token/WRONG/status`, { headers })).status).toBe(400);
      // A request's line is written once its answer is sent: it may reach the pipe after the answer.
      await until(() => /status → 400 /.test(output), 10_000);
      // Log lines redact the instance token and the Client-Token.
      expect(output).toMatch(/POST \/instances\/SANDBOX1\/token\/\[redacted\]\/send-text → 200/);
      // A refused request's line says why.
      expect(output).toMatch(/GET \/instances\/SANDBOX1\/token\/\[redacted\]\/status → 400 \S.* \(\d+ ms\)\n/);
      expect(output.split('instance token')[1]!.split('\n').slice(1).join('\n')).not.toContain('TOKEN1');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('--list prints the modelled and fallback operations', () => {
    const result = spawnSync(process.execPath, [cli, 'sandbox', '--list'], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^modelled \(\d+\): .*\bsendText\b/m);
    expect(result.stdout).toMatch(/^fallback, documented example \(\d+\): .*\blistInstances\b/m);
  });

  it('explains a bad flag and exits 2', () => {
    for (const [args, message] of [
      [['--speed', 'fast'], /--speed must be a number ≥ 0, got "fast"/],
      [['--fault', 'explode'], /unknown --fault "explode"/],
      [['--fault', 'drop=2'], /--fault drop takes a rate from 0 to 1, got "2"/],
      [['--seed', '1.5'], /--seed must be a whole number ≥ 0, got "1.5"/],
    ] as const) {
      const result = spawnSync(process.execPath, [cli, 'sandbox', ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});

/** Waits until `ready()` holds, polling, or fails after `ms`. */
async function until(ready: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not ready after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
