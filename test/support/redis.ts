// A real redis-server (Debian's package) for the inbox tests: started on a free loopback port in a
// temp dir, stopped by the caller. When the binary is missing the tests say so and skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPortUrl } from './ports.js';

export const redisServerMissing: string | undefined =
  spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0
    ? undefined
    : "redis-server is not installed (.ci/run installs Debian's redis-server)";

export interface RunningRedis {
  url: string;
  close(): Promise<void>;
}

async function startOnce(): Promise<RunningRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-redis-'));
  const port = new URL(await closedPortUrl()).port;
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      port,
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--loglevel',
      'notice',
      '--logfile',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port} within 10 s: ${output}`)), 10_000);
    const check = (chunk: Buffer) => {
      output += String(chunk);
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (error) {
    await close();
    throw error;
  }
  child.removeAllListeners('exit');
  return { url: `redis://127.0.0.1:${port}`, close };
}

/** Starts redis-server; retries once if the port was taken between picking and binding. */
export async function startRedis(): Promise<RunningRedis> {
  try {
    return await startOnce();
  } catch {
    return startOnce();
  }
}
