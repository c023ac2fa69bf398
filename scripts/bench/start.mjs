#!/usr/bin/env node
// `npm start` to "zapi-kit is up", as a user meets it (goal: ≤ 12 s on a fresh clone with the
// package store warm, ≤ 2 s on the second run): each round clones this repository's HEAD into a
// temp dir, runs `npm start` there (PORT=0), stops it once up, and runs it again (warm). With
// `--base REF`, a clone of REF is timed the same way in the same rounds, the side that goes first
// alternating, and the ratios this ÷ base are printed. Also counts the build tasks `npm test`'s
// build then finds in turbo's cache, after a start (it should only add the declarations).
//   node scripts/bench/start.mjs [--rounds 1] [--base REF]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' }, base: { type: 'string' } } });
const rounds = Number(values.rounds);
const env = { ...process.env, PORT: '0', TURBO_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false' };

/** Seconds from `npm start` to its "zapi-kit is up", then stops it (the whole process group). */
function startUntilUp(dir) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => finish(new Error(`not up within 10 minutes:\n${output}`)), 600_000);
    const finish = (error) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      if (error) reject(error);
      else
        resolve({
          seconds: (performance.now() - started) / 1000,
          lines: output.split('\n').filter((l) => l.trim() && !l.startsWith('>')).length,
        });
    };
    const read = (chunk) => {
      output += chunk;
      if (output.includes('zapi-kit is up')) finish();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) =>
      setTimeout(() => output.includes('zapi-kit is up') || finish(new Error(`npm start exited (${code}) before up:\n${output}`)), 100),
    );
  });
}

function clone(ref) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-start-'));
  execFileSync('git', ['clone', '--quiet', root, dir]);
  if (ref) execFileSync('git', ['checkout', '--quiet', ref], { cwd: dir });
  return dir;
}

const sides = values.base ? { this: undefined, base: values.base } : { this: undefined };
const samples = Object.fromEntries(Object.keys(sides).map((s) => [s, { fresh: [], warm: [] }]));
let testBuild;
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? Object.keys(sides) : Object.keys(sides).reverse();
  for (const side of order) {
    const dir = clone(sides[side]);
    try {
      const fresh = await startUntilUp(dir);
      const warm = await startUntilUp(dir);
      samples[side].fresh.push(fresh.seconds);
      samples[side].warm.push(warm.seconds);
      console.log(`  round ${r + 1}, ${side}: fresh ${fresh.seconds.toFixed(1)} s, warm ${warm.seconds.toFixed(1)} s`);
      if (side === 'this' && !testBuild) {
        const bin = path.join(dir, 'node_modules/.bin');
        const out = execFileSync(path.join(bin, 'turbo'), ['run', 'build', '--output-logs=hash-only'], {
          cwd: dir,
          env: { ...env, PATH: `${bin}${path.delimiter}${env.PATH}` },
          encoding: 'utf8',
        });
        testBuild = { hits: out.match(/cache hit/g)?.length ?? 0, misses: out.match(/cache miss/g)?.length ?? 0, lines: warm.lines };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `npm start to "zapi-kit is up", median of ${rounds} round(s); load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}:`,
);
for (const [side, { fresh, warm }] of Object.entries(samples)) {
  console.log(
    `  ${(side === 'base' ? `base ${values.base}` : 'this checkout').padEnd(22)} fresh clone ${median(fresh).toFixed(1)} s (goal ≤ 12), warm ${median(warm).toFixed(1)} s (goal ≤ 2)`,
  );
}
if (values.base) {
  console.log(
    `  ratio this ÷ base: fresh ${(median(samples.this.fresh) / median(samples.base.fresh)).toFixed(2)}, warm ${(median(samples.this.warm) / median(samples.base.warm)).toFixed(2)}`,
  );
}
console.log(
  `  output of a warm start: ${testBuild.lines} lines; npm test's build right after: ${testBuild.hits} tasks from cache, ${testBuild.misses} built (the declarations)`,
);
