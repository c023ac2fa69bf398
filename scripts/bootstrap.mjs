#!/usr/bin/env node
// First step of both README commands: on a fresh clone with only Node 20 and npm, install the
// workspace with the pinned pnpm; afterwards, reinstall only when the lockfile changed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/paths.mjs';

const PNPM = 'pnpm@10.34.9';
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`zapi-kit needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

const marker = path.join(root, 'node_modules', '.modules.yaml');
const lockfile = path.join(root, 'pnpm-lock.yaml');
const installed = existsSync(marker) && existsSync(path.join(root, 'node_modules', '.bin', 'turbo'));
if (installed && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs) process.exit(0);

console.log(`Installing dependencies with ${PNPM} (first run or lockfile changed)...`);
const result = spawnSync('npx', ['--yes', PNPM, 'install', '--frozen-lockfile'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, npm_config_update_notifier: 'false' },
});
if (result.status !== 0) {
  console.error(`Installing dependencies failed (exit ${result.status ?? result.signal}).`);
  process.exit(result.status ?? 1);
}
