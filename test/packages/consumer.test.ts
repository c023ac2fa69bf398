// The packages as a user gets them: `pnpm pack` each public package, install the tarballs with npm
// into a project outside the workspace, and use them from there — a strict ESM program type-checked
// and run, a CommonJS one run, `zapi-mock serve` started from the installed bin. publint and
// are-the-types-wrong (node16, from ESM and from CommonJS) judge the installed packages.
//
// The project lives in the OS temp dir under a name derived from this checkout and is reused between
// runs: npm then reinstalls only the tarballs that changed (a cold install pulls Prism, about 190
// packages; see README "Install" for the weights).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const PUBLIC_PACKAGES = ['client', 'webhooks', 'mock'] as const;
const run = promisify(execFile);
const project = path.join(os.tmpdir(), `zapi-kit-consumer-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
const tarballs = path.join(project, 'tarballs');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));

/** Runs a command; resolves with its exit code and output instead of throwing. */
async function exec(cmd: string, args: string[], cwd: string, timeout = 120_000) {
  return run(cmd, args, { cwd, timeout, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string; message: string }) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      stdout: error.stdout ?? '',
      stderr: error.stderr || error.message,
    }),
  );
}

/** Every package npm put into node_modules, nested ones included. */
function installedPackages(dir: string): { name: string; version: string; engines?: { node?: string } }[] {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      found.push(...installedPackages(full));
      continue;
    }
    if (existsSync(path.join(full, 'package.json'))) found.push(manifest(full));
    if (existsSync(path.join(full, 'node_modules'))) found.push(...installedPackages(path.join(full, 'node_modules')));
  }
  return found;
}

async function install(): Promise<string> {
  rmSync(tarballs, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  const files = [];
  for (const name of PUBLIC_PACKAGES) {
    const packed = await exec(bin('pnpm'), ['pack', '--pack-destination', tarballs], path.join(root, 'packages', name));
    if (packed.code !== 0) throw new Error(`pnpm pack in packages/${name} failed:\n${packed.stderr}`);
    files.push(packed.stdout.trim().split('\n').at(-1)!);
  }
  const tools = ['typescript', '@types/node'].map((name) => `${name}@${manifest(root).devDependencies[name]}`);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'zapi-kit-consumer', private: true }, null, 2));
  // The tarballs are named on the command line: npm then compares them with what is installed (a
  // package-lock entry alone would keep a stale install of a tarball that changed under its name).
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...files, ...tools];
  let result = await exec('npm', args, project, 240_000);
  if (result.code !== 0) {
    // A run interrupted halfway can leave the reused project broken: start it again from scratch.
    rmSync(path.join(project, 'node_modules'), { recursive: true, force: true });
    rmSync(path.join(project, 'package-lock.json'), { force: true });
    result = await exec('npm', args, project, 240_000);
  }
  if (result.code !== 0) throw new Error(`npm install of the tarballs failed:\n${result.stderr}`);
  return result.stdout.trim();
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`zapi-mock serve printed no URL:\n${output()}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`zapi-mock serve exited with ${code}:\n${output()}`)));
    child.stdout?.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
}

describe('the packed packages installed with npm outside the workspace', () => {
  beforeAll(async () => {
    mkdirSync(project, { recursive: true });
    const started = performance.now();
    const npmSays = await install();
    cpSync(path.join(import.meta.dirname, 'consumer'), project, { recursive: true });
    const packages = installedPackages(path.join(project, 'node_modules'));
    console.log(
      `consumer install (${npmSays || 'npm: up to date'}) in ${Math.round((performance.now() - started) / 1000)} s: ${packages.length} packages`,
    );
  }, 300_000);

  it('installed the code just built, not an earlier install of the reused project', () => {
    for (const name of PUBLIC_PACKAGES) {
      for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts']) {
        expect(sha(path.join(project, 'node_modules/@zapi-kit', name, file)), `@zapi-kit/${name}/${file}`).toBe(
          sha(path.join(root, 'packages', name, file)),
        );
      }
    }
  });

  it('every installed package has its README, LICENSE and the metadata a registry shows', () => {
    for (const name of PUBLIC_PACKAGES) {
      const dir = path.join(project, 'node_modules/@zapi-kit', name);
      const pkg = manifest(dir);
      expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(new RegExp(`npm install (--save-dev )?@zapi-kit/${name}\\n`));
      expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toContain('MIT License');
      expect(pkg).toMatchObject({ license: 'MIT', sideEffects: false, repository: { directory: `packages/${name}` } });
      expect(pkg.keywords).toContain('z-api');
      expect(pkg.exports['.']).toEqual({
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      });
    }
  });

  it('no installed package declares an engines range that excludes the Node versions zapi-kit supports', () => {
    const supported = manifest(root).engines.node as string;
    const excluding = [];
    for (const name of PUBLIC_PACKAGES) {
      const own = manifest(path.join(project, 'node_modules/@zapi-kit', name)).engines.node as string;
      // Each package runs wherever the project does...
      expect(semver.subset(supported, own), `@zapi-kit/${name} engines ${own} vs the project's ${supported}`).toBe(true);
    }
    // ...and so does every dependency it brings: no range may leave out a version the packages accept.
    const accepted = manifest(path.join(project, 'node_modules/@zapi-kit/client')).engines.node as string;
    for (const pkg of installedPackages(path.join(project, 'node_modules'))) {
      const range = pkg.engines?.node;
      if (range && !semver.subset(accepted, range)) excluding.push(`${pkg.name}@${pkg.version} needs node ${range}`);
    }
    expect(excluding).toEqual([]);
    // Prism's own ranges would pull releases that need Node 24; the pins in @zapi-kit/mock win.
    const prism = Object.fromEntries(
      installedPackages(path.join(project, 'node_modules'))
        .filter((p) => p.name.startsWith('@stoplight/prism-'))
        .map((p) => [p.name, p.version]),
    );
    expect(prism).toEqual({
      '@stoplight/prism-cli': '5.14.2',
      '@stoplight/prism-core': '5.8.0',
      '@stoplight/prism-http': '5.12.0',
      '@stoplight/prism-http-server': '5.12.2',
    });
  });

  it('publint finds no problem in any installed package', async () => {
    const results = await Promise.all(
      PUBLIC_PACKAGES.map((name) =>
        exec(bin('publint'), ['--strict', '--pack', 'false'], path.join(project, 'node_modules/@zapi-kit', name)),
      ),
    );
    for (const result of results) {
      expect(result.stdout + result.stderr).toContain('All good!');
      expect(result.code).toBe(0);
    }
  }, 120_000);

  it('are-the-types-wrong: types resolve from ESM and from CommonJS under node16', async () => {
    const results = await Promise.all(
      readdirSync(tarballs).map((tgz) => exec(bin('attw'), [path.join(tarballs, tgz), '--profile', 'node16', '--format', 'json'], project)),
    );
    expect(results).toHaveLength(PUBLIC_PACKAGES.length);
    for (const result of results) {
      // `problems` is absent, [] or {} when there are none, depending on the analysis.
      const { problems } = JSON.parse(result.stdout) as { problems?: object };
      expect(Object.values(problems ?? {}), result.stdout.slice(0, 2000)).toEqual([]);
      expect(result.code).toBe(0);
    }
  }, 120_000);

  describe('a user program', () => {
    let serve: ChildProcess | undefined;
    afterAll(async () => {
      if (serve && serve.exitCode === null) {
        const exited = new Promise((r) => serve!.once('exit', r));
        serve.kill('SIGTERM');
        await exited;
      }
    });

    it('in strict ESM TypeScript compiles with tsc, the declarations of the packages checked too (skipLibCheck off)', async () => {
      rmSync(path.join(project, 'out'), { recursive: true, force: true });
      const tsc = await exec(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.code).toBe(0);
    }, 120_000);

    it('calls `zapi-mock serve`, started from the installed bin, with the installed client', async () => {
      let output = '';
      serve = spawn(path.join(project, 'node_modules/.bin/zapi-mock'), ['serve', '--port', '0', '--client-token', 'account-token-1'], {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      serve.stdout!.on('data', (d) => (output += d));
      serve.stderr!.on('data', (d) => (output += d));
      const url = await waitForUrl(serve, () => output);

      const program = await exec(process.execPath, ['out/consumer.mjs', url, 'account-token-1'], project);
      expect(program.stderr).toBe('');
      expect(JSON.parse(program.stdout)).toEqual({
        connected: true,
        messageId: expect.any(String),
        refused: { status: 400, body: { error: 'your client-token is not configured' } },
        event: 'ReceivedCallback.text',
        texts: ['hi there'],
        phone: '5511999999999',
        mock: url,
      });
    }, 120_000);

    it('in CommonJS require()s the three packages and runs the mock in-process', async () => {
      const program = await exec(process.execPath, ['consumer.cjs'], project);
      expect(program.stderr).toBe('');
      expect(JSON.parse(program.stdout)).toEqual({ connected: true, event: 'MessageStatusCallback', kinds: 6 });
    }, 120_000);

    it('uses the installed zapi-webhooks bin', async () => {
      const file = path.join(project, 'delivery.json');
      writeFileSync(
        file,
        JSON.stringify({ type: 'DeliveryCallback', phone: '5511999999999', zaapId: 'Z1', messageId: 'M1', instanceId: 'I1' }),
      );
      const result = await exec(path.join(project, 'node_modules/.bin/zapi-webhooks'), ['validate', file], project);
      expect(result.stdout).toContain('ok DeliveryCallback');
      expect(result.code).toBe(0);
    });
  });
});
