// Runs the built CLIs as a user does: long-running commands as child processes read line by line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { root } from './spec.js';

export const webhooksCli = path.join(root, 'packages/webhooks/dist/cli.js');
export const mockCli = path.join(root, 'packages/mock/dist/cli.js');

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startCli(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk;
    for (const l of listeners) l();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(output);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${pattern} not printed within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Runs a command to its end without blocking the test's event loop (spawnSync would, and then a
 * server of the test that the command calls could never answer).
 */
export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Ran> {
  return runCommand(process.execPath, [cli, ...args], env, cwd);
}

/** What a finished command said and how it ended. */
export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs any command (`npm`, a bin) to its end without blocking the event loop, as `runCli` does. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
