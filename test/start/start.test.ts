// `npm start` as a user runs it: a port that is taken, a port that is not a number, the help. These
// fail before anything is built, in a second; the whole start (to "zapi-kit is up") is measured by
// scripts/bench/start.mjs on fresh and warm clones.
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/cli.js';
import { root } from '../support/spec.js';

const startScript = path.join(root, 'scripts/start.mjs');

/** Runs from the checkout's root, as `npm start` is run. */
const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCommand(command, args, env, root);

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('npm start', () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('with PORT set to a port in use says so in one line, with the way out, and exits non-zero', async () => {
    const { status, stdout, stderr } = await run(process.execPath, [startScript], { PORT: String(busyPort) });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain(`port ${busyPort} on 127.0.0.1 is already in use`);
    expect(stderr).toContain(`npm start -- --port ${busyPort + 1}`);
    expect(stderr).toContain(`PORT=${busyPort + 1} npm start`);
  });

  it('run through npm, as the README says, prints that one line and no stack trace', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { status, stdout, stderr } = await run(npm, ['start'], { PORT: String(busyPort), npm_config_update_notifier: 'false' });
    expect(status).not.toBe(0);
    expect(lines(stderr)).toEqual([expect.stringContaining(`port ${busyPort} on 127.0.0.1 is already in use`)]);
    // npm's own header (`> node scripts/start.mjs`) and nothing else.
    expect(lines(stdout).filter((line) => !line.startsWith('>'))).toEqual([]);
  });

  it('with --port taken says so in one line; --port wins over PORT', async () => {
    const { status, stdout, stderr } = await run(process.execPath, [startScript, '--port', String(busyPort)], { PORT: '1' });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(lines(stderr)).toEqual([expect.stringContaining(`port ${busyPort} on 127.0.0.1 is already in use`)]);
  });

  it.each([
    [['--port', 'http'], {}, '--port must be a port number from 0 to 65535, got "http"'],
    [['--port', '70000'], {}, '--port must be a port number from 0 to 65535, got "70000"'],
    [[], { PORT: '40 10' }, 'PORT must be a port number from 0 to 65535, got "40 10"'],
    [['--prot', '4011'], {}, "Unknown option '--prot'"],
  ] as const)('refuses %j %j as a usage error (exit 2) before building anything', async (args, env, message) => {
    const { status, stdout, stderr } = await run(process.execPath, [startScript, ...args], env);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: npm start [-- --port N]');
  });

  it('--help says how to change the port', async () => {
    const { status, stdout } = await run(process.execPath, [startScript, '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('another port: npm start -- --port N   (or PORT=N npm start; 0 picks a free one)');
  });
});
