#!/usr/bin/env node
// `pnpm bench:load`: every load benchmark there is, one after the other (they would skew each other
// if run together), each given the options it knows:
//   pnpm bench:load [--connections 100,1000] [--duration 30] [--timeout 10] [--rounds 3 (the mock's)]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';

const { values } = parseArgs({
  options: { connections: { type: 'string' }, duration: { type: 'string' }, timeout: { type: 'string' }, rounds: { type: 'string' } },
});
const benchmarks = [
  { file: 'load-webhooks.mjs', options: ['connections', 'duration', 'timeout'] },
  { file: 'load-mock.mjs', options: ['connections', 'duration', 'timeout', 'rounds'] },
];
let failed = 0;
for (const { file, options } of benchmarks) {
  const script = path.join(root, 'scripts/bench', file);
  if (!existsSync(script)) continue;
  const args = options.flatMap((name) => (values[name] === undefined ? [] : [`--${name}`, values[name]]));
  console.log(`\n== ${path.relative(root, script)} ${args.join(' ')}`);
  const { status } = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
