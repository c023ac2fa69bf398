#!/usr/bin/env node
// `pnpm weight`: what a user pays to install each public package, measured the way a user installs
// it: `pnpm pack` (after `pnpm build`), then `npm install` of that tarball alone into an empty project
// outside the workspace. Prints the packages npm installed (the package itself included) and their
// size on disk.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, root } from './lib/paths.mjs';

const PUBLIC_PACKAGES = ['client', 'webhooks', 'mock'];

/** Bytes of the files under dir. */
function bytesUnder(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += bytesUnder(full);
    else if (entry.isFile()) bytes += statSync(full).size;
  }
  return bytes;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'zapi-weight-'));
try {
  console.log('package              packages   installed   tarball');
  for (const name of PUBLIC_PACKAGES) {
    const tarballs = path.join(work, 'tarballs', name);
    mkdirSync(tarballs, { recursive: true });
    execFileSync(bin('pnpm'), ['pack', '--pack-destination', tarballs], { cwd: path.join(root, 'packages', name), stdio: 'ignore' });
    const tgz = path.join(tarballs, readdirSync(tarballs)[0]);
    const project = path.join(work, name);
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{"private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tgz], {
      cwd: project,
      stdio: 'ignore',
    });
    const npmLs = JSON.parse(
      execFileSync('npm', ['ls', '--all', '--parseable', '--json'], { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    );
    const count = new Set();
    const walk = (deps = {}) => {
      for (const [dep, info] of Object.entries(deps)) {
        count.add(`${dep}@${info.version}`);
        walk(info.dependencies);
      }
    };
    walk(npmLs.dependencies);
    const bytes = bytesUnder(path.join(project, 'node_modules'));
    const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `@zapi-kit/${name.padEnd(10)} ${String(count.size).padStart(8)}   ${mb(bytes).padStart(9)}   ${(statSync(tgz).size / 1024).toFixed(0)} KB`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
