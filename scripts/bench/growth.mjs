#!/usr/bin/env node
// How the cost of an operation grows: the same workspace twice in temp dirs, once as it is and once
// with every REST operation doubled (each path copied under `/copy`, its operationId suffixed
// `Copy`), then, in alternating rounds (the side that goes first changes every round):
//   generate      scripts/generate.mjs (without the lint, which does not depend on the generator)
//   build js      the client package's ESM and CommonJS build
//   build types   the client package's declarations
//   tsc           a strict consumer that calls one operation, type-checked against the built client
//                 without --skipLibCheck (what a user's `tsc` pays for the client's declarations)
// and the sizes of what the client ships (dist/index.js and its declarations, and a one-call
// consumer's bundle, min+gz). Prints each figure and its ratio doubled ÷ original: 2.00 means it
// grows as fast as the spec (linear), above 2 faster. Nothing is written into the repository.
//   node scripts/bench/growth.mjs [--rounds 3]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import YAML from 'yaml';
import { INSTANCE_PREFIX, HTTP_METHODS } from '../../packages/shared/src/spec-model.js';
import { root } from '../lib/paths.mjs';
import { CONSUMER_TSC_FLAGS } from '../lib/tsc.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const PACKAGES = ['shared', 'client', 'webhooks', 'mock'];

/** A copy of what generate and the client's build read; dependencies linked, not copied. */
function workspaceCopy(dir) {
  for (const file of ['package.json', 'tsup.base.ts', 'tsconfig.json', 'tsconfig.base.json', 'redocly.yaml', 'turbo.json'])
    cpSync(path.join(root, file), path.join(dir, file));
  for (const folder of ['spec', 'scripts']) cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  for (const pkg of PACKAGES) {
    const from = path.join(root, 'packages', pkg);
    const to = path.join(dir, 'packages', pkg);
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (entry === 'dist' || entry === 'node_modules') continue;
      cpSync(path.join(from, entry), path.join(to, entry), { recursive: true });
    }
    symlinkSync(path.join(from, 'node_modules'), path.join(to, 'node_modules'), 'junction');
  }
}

/** Every path of the OpenAPI root doubled: a renamed copy of each path file, under `/copy`. */
function doubleOperations(dir) {
  const rootFile = path.join(dir, 'spec/openapi/openapi.yaml');
  const doc = YAML.parseDocument(readFileSync(rootFile, 'utf8'));
  const paths = doc.get('paths');
  let copies = 0;
  for (const { key, value } of [...paths.items]) {
    const route = String(key.value ?? key);
    const ref = value.get('$ref');
    const source = path.join(path.dirname(rootFile), ref);
    const item = YAML.parse(readFileSync(source, 'utf8'));
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId = `${operation.operationId}Copy`;
      // A mistaken path leads to one operation only: the copies have none.
      delete operation['x-zapi-mistaken-paths'];
      copies++;
    }
    const copyRef = ref.replace(/\.yaml$/, '.copy.yaml');
    writeFileSync(path.join(path.dirname(rootFile), copyRef), YAML.stringify(item, { lineWidth: 0 }));
    const copyRoute = route.startsWith(INSTANCE_PREFIX) ? `${INSTANCE_PREFIX}/copy${route.slice(INSTANCE_PREFIX.length)}` : `/copy${route}`;
    paths.set(copyRoute, doc.createNode({ $ref: copyRef }));
  }
  writeFileSync(rootFile, doc.toString({ lineWidth: 0 }));
  return copies;
}

const timed = (fn) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const exec = (cwd, file, args) => execFileSync(file, args, { cwd, stdio: 'pipe', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });

function consumer(dir) {
  const file = path.join(dir, 'consumer.ts');
  writeFileSync(
    file,
    `import { createZapiClient } from ${JSON.stringify(path.join(dir, 'packages/client/dist/index.js'))};
const zapi = createZapiClient({ instanceId: 'I', token: 'T', clientToken: 'C' });
export const sent = await zapi.messages.sendText({ phone: '5511999999999', message: 'hi' });
`,
  );
  return file;
}

const measures = {
  generate: (dir) => timed(() => exec(dir, process.execPath, ['scripts/generate.mjs', '--skip-lint'])),
  'build js': (dir) => timed(() => exec(path.join(dir, 'packages/client'), process.execPath, ['../../scripts/build-package.mjs', 'js'])),
  'build types': (dir) =>
    timed(() => exec(path.join(dir, 'packages/client'), process.execPath, ['../../scripts/build-package.mjs', 'types'])),
  tsc: (dir) => timed(() => exec(dir, path.join(root, 'node_modules/.bin/tsc'), [...CONSUMER_TSC_FLAGS, consumer(dir)])),
};

async function sizes(dir) {
  const dist = path.join(dir, 'packages/client/dist');
  const bundle = await build({
    entryPoints: [path.join(dir, 'consumer.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return {
    'dist/index.js': statSync(path.join(dist, 'index.js')).size,
    'dist/index.d.ts': statSync(path.join(dist, 'index.d.ts')).size,
    'one-call bundle, min+gz': gzipSync(bundle.outputFiles[0].contents).length,
  };
}

const base = mkdtempSync(path.join(os.tmpdir(), 'zapi-growth-'));
const sides = { original: path.join(base, 'original'), doubled: path.join(base, 'doubled') };
try {
  for (const dir of Object.values(sides)) workspaceCopy(dir);
  const copies = doubleOperations(sides.doubled);
  const samples = Object.fromEntries(
    Object.keys(sides).map((side) => [side, Object.fromEntries(Object.keys(measures).map((m) => [m, []]))]),
  );
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['original', 'doubled'] : ['doubled', 'original'];
    // Each step in both sides before the next step: a step's inputs are the previous step's outputs.
    for (const [name, measure] of Object.entries(measures)) for (const side of order) samples[side][name].push(measure(sides[side]));
  }
  const operations = Object.fromEntries(
    Object.entries(sides).map(([side, dir]) => [
      side,
      JSON.parse(readFileSync(path.join(dir, 'generated/operations.json'), 'utf8')).length,
    ]),
  );
  if (operations.doubled !== 2 * operations.original)
    throw new Error(`the doubled spec has ${operations.doubled} operations, not 2 × ${operations.original} (${copies} copies made)`);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `Growth when the spec doubles (${operations.original} → ${operations.doubled} operations), medians of ${rounds} alternating rounds; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}:`,
  );
  const row = (name, a, b, unit) =>
    console.log(`  ${name.padEnd(24)} ${`${a} ${unit}`.padStart(12)} → ${`${b} ${unit}`.padStart(12)}   ratio ${(b / a).toFixed(2)}`);
  for (const name of Object.keys(measures))
    row(name, Math.round(median(samples.original[name])), Math.round(median(samples.doubled[name])), 'ms');
  const [small, large] = await Promise.all([sizes(sides.original), sizes(sides.doubled)]);
  for (const name of Object.keys(small)) row(name, small[name], large[name], 'B');
} finally {
  rmSync(base, { recursive: true, force: true });
}
