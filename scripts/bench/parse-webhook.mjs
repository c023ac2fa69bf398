#!/usr/bin/env node
// What parseWebhook costs over JSON.parse alone: both run over the same bytes (every example of
// spec/examples), in alternating rounds. Prints a ratio.
//   node scripts/bench/parse-webhook.mjs [--passes 200] [--rounds 5]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { examplesDir, root } from '../lib/paths.mjs';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' } } });
const passes = Number(values.passes);
const rounds = Number(values.rounds);
const { parseWebhook } = await import(path.join(root, 'packages/webhooks/dist/index.js'));

const decoder = new TextDecoder();
const corpus = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => new Uint8Array(readFileSync(path.join(examplesDir, f))));
const bytes = corpus.reduce((n, b) => n + b.byteLength, 0);

const sides = {
  'JSON.parse': (body) => JSON.parse(decoder.decode(body)),
  parseWebhook: (body) => parseWebhook(body),
};
let sink = 0;
function time(fn) {
  const started = performance.now();
  for (let p = 0; p < passes; p++) for (const body of corpus) sink += fn(body) ? 1 : 0;
  return performance.now() - started;
}
for (const fn of Object.values(sides)) time(fn); // warm up both
const samples = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) for (const [name, fn] of Object.entries(sides)) samples[name].push(time(fn));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perPayload = (ms) => ((ms * 1000) / (passes * corpus.length)).toFixed(2);
console.log(`${corpus.length} payloads (${bytes} bytes) x ${passes} passes x ${rounds} rounds, median:`);
for (const name of Object.keys(sides)) console.log(`  ${name.padEnd(12)} ${perPayload(median(samples[name]))} µs per payload`);
console.log(`ratio parseWebhook / JSON.parse: ${(median(samples.parseWebhook) / median(samples['JSON.parse'])).toFixed(2)}${sink < 0 ? '' : ''}`);
