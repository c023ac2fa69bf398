// Runs Prism (the response engine of the mock) as a child process on a private loopback port, and
// keeps it running: a Prism that dies is started again; one that cannot be started again is
// reported, so the gateway stops waiting for it and the CLI can exit with a clear message.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Why Prism stopped, when it stopped on its own. */
export interface PrismExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True while the mock starts Prism again; false when it gave up (every request then gets 503). */
  restarting: boolean;
  /** A sentence for a person, with Prism's last output when it gave up. */
  message: string;
}

export interface PrismOptions {
  /** How long Prism may take to listen; default 60 s (it takes 2 s on an idle machine, far longer on a busy CI runner). */
  startTimeoutMs?: number;
  /** The largest body Prism must accept: the gateway's limit (Prism's own is 10 MB). */
  maxBodyBytes: number;
  onExit?: (exit: PrismExit) => void;
}

export interface PrismProcess {
  /** Where Prism listens (the same after a restart, unless its port was taken meanwhile). */
  readonly url: string;
  /** Resolves with Prism's URL once it listens; rejects once the mock gave up on it. */
  ready(): Promise<string>;
  /** The child's process id, for diagnostics. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function prismBin(): string {
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  return path.join(path.dirname(pkg), 'dist', 'index.js');
}

// Next to this module both in src/ and in dist/ (the build copies it).
const childBootstrap = fileURLToPath(new URL('./prism-child.mjs', import.meta.url));

/** Restarts allowed within RESTART_WINDOW_MS before the mock gives up on Prism. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

async function waitUntilListening(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Prism exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Prism did not listen on ${url} within ${timeoutMs} ms:\n${output()}`);
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function spawnPrism(specFile: string, port: number, options: PrismOptions): Promise<Started> {
  // -v warn: at info Prism logs eight lines per request. No multiprocess: one process is enough and starts faster.
  const args = [
    '--import',
    // A file URL: `--import` takes a specifier, and a Windows path is not one.
    pathToFileURL(childBootstrap).href,
    prismBin(),
    'mock',
    specFile,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--verboseLevel',
    'warn',
    '--multiprocess',
    'false',
  ];
  const child = spawn(process.execPath, args, {
    // stdin is the child's lifeline: it exits when this process does (see prism-child.mjs).
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ZAPI_MOCK_BODY_LIMIT: String(options.maxBodyBytes) },
  });
  let output = '';
  const collect = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.stdin!.on('error', () => {}); // EPIPE when the child is already gone: its exit is handled below
  try {
    await waitUntilListening(`http://127.0.0.1:${port}`, child, () => output, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, output: () => output };
}

export async function startPrism(specFile: string, options: PrismOptions): Promise<PrismProcess> {
  let port = await freePort();
  let current = await spawnPrism(specFile, port, options);
  let stopping = false;
  let failure: Error | undefined;
  let starting: Promise<void> | undefined;
  const restarts: number[] = [];

  const supervise = ({ child, output }: Started) => {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (restarts.length >= MAX_RESTARTS) {
        failure = new Error(
          `Prism (the mock's response engine) ${how}, the ${MAX_RESTARTS + 1}th time within a minute; not restarting it.\n${output()}`,
        );
        options.onExit?.({ code, signal, restarting: false, message: failure.message });
        return;
      }
      restarts.push(now);
      options.onExit?.({ code, signal, restarting: true, message: `Prism (the mock's response engine) ${how}; restarting it` });
      starting = (async () => {
        try {
          // Prism takes seconds to find out; this takes a stat.
          if (!existsSync(specFile)) throw new Error(`the OpenAPI document ${specFile} is gone`);
          // The same port when it is still free, so URLs handed out stay valid; another one if it was taken.
          current = await spawnPrism(specFile, port, options).catch(async (error: Error) => {
            if (!/EADDRINUSE/.test(error.message)) throw error;
            return spawnPrism(specFile, (port = await freePort()), options);
          });
          if (stopping) current.child.kill('SIGTERM');
          else supervise(current);
        } catch (error) {
          failure = new Error(`Prism (the mock's response engine) ${how} and could not be started again: ${(error as Error).message}`);
          options.onExit?.({ code, signal, restarting: false, message: failure.message });
        } finally {
          starting = undefined;
        }
      })();
    });
  };
  supervise(current);

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get pid() {
      return current.child.pid;
    },
    async ready() {
      if (starting) await starting;
      if (failure) throw failure;
      return `http://127.0.0.1:${port}`;
    },
    stop: async () => {
      stopping = true;
      if (starting) await starting;
      const { child } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
