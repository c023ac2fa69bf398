#!/usr/bin/env node
// First step of both README commands: on a fresh clone with only Node 20 and npm, install the
// workspace with the pinned pnpm; afterwards, reinstall only when the lockfile changed.
// Node built-ins only: it runs before anything is installed (start.mjs imports it).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/paths.mjs';

export const PNPM = 'pnpm@10.34.9';

/** Why the workspace needs installing (a sentence), or undefined when it is installed and current. */
export function installNeeded() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const installed = existsSync(marker) && existsSync(path.join(root, 'node_modules', '.bin', 'turbo'));
  if (!installed) return 'first run';
  return statSync(marker).mtimeMs >= statSync(path.join(root, 'pnpm-lock.yaml')).mtimeMs ? undefined : 'the lockfile changed';
}

/** `pnpm install --frozen-lockfile`; output goes to `stdio` (inherit, or pipe to keep it). */
export function install({ stdio = 'inherit' } = {}) {
  return spawn('npx', ['--yes', PNPM, 'install', '--frozen-lockfile'], {
    cwd: root,
    stdio: ['ignore', stdio, stdio],
    env: { ...process.env, npm_config_update_notifier: 'false' },
    // npx is npx.cmd on Windows, which only a shell runs.
    shell: process.platform === 'win32',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) {
    console.error(`zapi-kit needs Node.js 20 or newer; this is ${process.version}.`);
    process.exit(1);
  }
  const why = installNeeded();
  if (why) {
    console.log(`Installing dependencies with ${PNPM} (${why})...`);
    install().once('close', (code, signal) => {
      if (code === 0) return;
      console.error(`Installing dependencies failed (exit ${code ?? signal}).`);
      process.exit(code ?? 1);
    });
  }
}
