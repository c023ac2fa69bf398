// The Prism child behind the mock: it neither outlives its parent (B6) nor leaves the gateway
// answering 502 forever when it dies (B5). Issue 16.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generated, root } from '../support/spec.js';

const cli = path.join(root, 'packages/mock/dist/cli.js');
const mockModule = path.join(root, 'packages/mock/dist/index.js');
const status = (base: string) => fetch(`${base}/instances/I1/token/TOKEN1/status`, { headers: { 'Client-Token': 'account-token-1' } });

const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  }
});

function run(args: string[]): { child: ChildProcess; output: () => string; waitFor: (re: RegExp) => Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const waitFor = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(output);
        if (m) {
          clearInterval(timer);
          resolve(m);
        }
      };
      const timer = setInterval(check, 50);
      setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`waited for ${re} in:\n${output}`));
      }, 150_000); // Prism starts in 2 s on an idle machine, in a minute on a crowded one
    });
  return { child, output: () => output, waitFor };
}

/** True once nothing answers at `url` any more, polling for up to `ms`. */
async function stopsAnswering(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const answered = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (!answered) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The Prism child of a process, from Linux's /proc: the test kills it the way a crash would. */
function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

describe.skipIf(process.platform !== 'linux')('the Prism child', () => {
  it('dies with its parent, after process.exit() without close() and after SIGKILL', async () => {
    const parents = ['process.exit(0)', "process.kill(process.pid, 'SIGKILL')"].map((ending) =>
      run([
        '--input-type=module',
        '-e',
        `const { startMock } = await import(${JSON.stringify(mockModule)});\nconst mock = await startMock({ port: 0 });\nconsole.log('prism at ' + mock.prismUrl);\n${ending};`,
      ]),
    );
    const prismUrls = await Promise.all(
      parents.map(async (parent) => {
        const [, prismUrl] = await parent.waitFor(/prism at (http:\/\/127\.0\.0\.1:\d+)/);
        if (parent.child.exitCode === null && parent.child.signalCode === null) await new Promise((r) => parent.child.once('exit', r));
        return prismUrl!;
      }),
    );
    // Before the fix Prism was still serving 91 s later.
    for (const url of prismUrls) expect(await stopsAnswering(url, 30_000), url).toBe(true);
  }, 240_000); // seconds on an idle machine; Prism's start takes a minute on a crowded one

  it('is started again when it dies; when it cannot be, zapi-mock serve exits 1 saying why', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-mock-lifecycle-'));
    try {
      const spec = path.join(dir, 'openapi.json');
      copyFileSync(generated('openapi.json'), spec);
      const serve = run([cli, 'serve', '--port', '0', '--spec', spec]);
      const [, url] = await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect((await status(url!)).status).toBe(200);

      const [prism] = childPids(serve.child.pid!);
      process.kill(prism!, 'SIGKILL');
      await serve.waitFor(/Prism \(the mock's response engine\) was killed by SIGKILL; restarting it/);
      const deadline = Date.now() + 25_000;
      let answer = 0;
      while (Date.now() < deadline && answer !== 200) {
        answer = (await status(url!)).status;
        if (answer !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(answer).toBe(200);
      const [restarted] = childPids(serve.child.pid!);
      expect(restarted).not.toBe(prism);

      rmSync(spec); // Prism reads the document when it starts: the next restart fails
      const exited = new Promise<number | null>((r) => serve.child.once('exit', (c) => r(c)));
      process.kill(restarted!, 'SIGKILL');
      expect(await exited).toBe(1);
      expect(serve.output()).toMatch(
        /zapi-mock: Prism \(the mock's response engine\) was killed by SIGKILL and could not be started again/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 360_000); // three Prism starts: seconds on an idle machine, minutes on a crowded one
});
