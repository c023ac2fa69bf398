#!/usr/bin/env node
// `pnpm bench:load`: every load benchmark there is, one after the other (they would skew each other
// if run together). Arguments are passed on to each, e.g. `pnpm bench:load --duration 10`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root } from '../lib/paths.mjs';

const scripts = ['load-webhooks.mjs', 'load-mock.mjs'].map((name) => path.join(root, 'scripts/bench', name)).filter((file) => existsSync(file));
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${path.relative(root, script)}`);
  const { status } = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
