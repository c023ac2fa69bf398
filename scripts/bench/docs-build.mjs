#!/usr/bin/env node
// What the docs site costs to build against the plain Redoc pages it replaced: the baseline runs
// `redocly build-docs --inlineBundle` on generated/openapi.json and asyncapi.json (in parallel, as
// the old `pnpm docs` did); the site is `buildDocs()` (docs bundles with samples and events, the
// Redoc pages, the guides). Alternating rounds into a temp dir; prints medians and the ratio.
//   node scripts/bench/docs-build.mjs [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bin, generatedDir, root } from '../lib/paths.mjs';
import { run } from '../lib/run.mjs';
import { buildDocs } from '../docs.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const out = mkdtempSync(path.join(os.tmpdir(), 'zapi-docs-bench-'));

const sides = {
  'plain Redoc pages': () =>
    Promise.all(
      ['openapi', 'asyncapi'].map((name) =>
        run(
          bin('redocly'),
          ['build-docs', path.join(generatedDir, `${name}.json`), '--inlineBundle', '-o', path.join(out, `${name}.html`)],
          { cwd: root },
        ),
      ),
    ),
  'docs site': () => buildDocs(),
};

const times = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
try {
  for (let r = 0; r < rounds; r++) {
    for (const [name, build] of r % 2 === 0 ? Object.entries(sides) : Object.entries(sides).reverse()) {
      const started = performance.now();
      await build();
      times[name].push(performance.now() - started);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, xs] of Object.entries(times))
  console.log(`${name.padEnd(18)} median ${Math.round(median(xs))} ms  (${xs.map((x) => Math.round(x)).join(', ')})`);
console.log(
  `docs site / plain pages: ${(median(times['docs site']) / median(times['plain Redoc pages'])).toFixed(2)}x (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`,
);
