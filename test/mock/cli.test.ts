// The built `zapi-mock` binary, as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const cli = path.join(root, 'packages/mock/dist/cli.js');

describe('zapi-mock CLI', () => {
  it('serve listens on 127.0.0.1, prints its URL, answers like Z-API and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--verbose', '--client-token', 'account-token-1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const status = await fetch(`${url}/instances/I1/token/SECRETTOKEN1/status`, { headers: { 'Client-Token': 'account-token-1' } });
      expect(status.status).toBe(200);
      const wrongToken = await fetch(`${url}/instances/I1/token/SECRETTOKEN1/status`, { headers: { 'Client-Token': 'SECRETTOKEN1' } });
      expect(wrongToken.status).toBe(400);
      expect(await wrongToken.json()).toEqual({ error: 'your client-token is not configured' });
      const noToken = await fetch(`${url}/instances/I1/token/SECRETTOKEN1/status`);
      expect(noToken.status).toBe(400);
      const noPhone = await fetch(`${url}/instances/I1/token/SECRETTOKEN1/send-text`, {
        method: 'POST',
        headers: { 'Client-Token': 'account-token-1', 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: 'hi' }),
      });
      expect(await noPhone.json()).toEqual({ error: 'Invalid request: body.phone is missing' });
      // The log line of each request shows neither the instance token nor the Client-Token, and a
      // refused one says why.
      await new Promise((r) => setTimeout(r, 50));
      const lines = output.split('\n').map((l) => l.replace(/\(\d+ ms\)$/, '(N ms)'));
      expect(lines).toContain('GET /instances/I1/token/[redacted]/status → 200 (N ms)');
      expect(lines).toContain('GET /instances/I1/token/[redacted]/status → 400 your client-token is not configured (N ms)');
      expect(lines).toContain(
        'GET /instances/I1/token/[redacted]/status → 400 Client-Token missing (Z-API answers "null not allowed") (N ms)',
      );
      expect(lines).toContain('POST /instances/I1/token/[redacted]/send-text → 400 Invalid request: body.phone is missing (N ms)');
      expect(output).not.toContain('SECRETTOKEN1');
      expect(output).not.toContain('account-token-1');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode).toBe(0);
  });

  it('explains a wrong command line and exits 2', () => {
    const unknown = spawnSync(process.execPath, [cli, 'start'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "start"');
    const badPort = spawnSync(process.execPath, [cli, 'serve', '--port', 'eighty'], { encoding: 'utf8' });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toBe(
      'zapi-mock serve: --port must be a whole number from 0 to 65535, got "eighty"; see zapi-mock serve --help\n',
    );
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('zapi-mock serve [options]');
    expect(help.stdout).toContain('zapi-mock trigger EVENT --to URL');
  });
});
