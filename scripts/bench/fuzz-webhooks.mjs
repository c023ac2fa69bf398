#!/usr/bin/env node
// Fuzzes the webhook receiver: random and mutated payloads through parseWebhook and through the
// Node handler over HTTP (loopback only). Prints how many threw something other than WebhookError,
// how many HTTP answers were not 200/4xx, unhandled rejections, and the heap at start and end.
// Exits 1 if any count is not 0. Reproducible: the same --seed gives the same payloads.
//   node --expose-gc scripts/bench/fuzz-webhooks.mjs [--count 1000000] [--http 1000000] [--seed 1] [--concurrency 32]
// --count payloads go through parseWebhook, --http more through the Node handler (a real loopback
// server, a fresh payload per request).
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { examplesDir, root } from '../lib/paths.mjs';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    http: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
  },
});
const count = Number(values.count);
const httpCount = Number(values.http);
const concurrency = Number(values.concurrency);
const { parseWebhook, WebhookError, createWebhookDispatcher, createNodeWebhookHandler } = await import(
  path.join(root, 'packages/webhooks/dist/index.js')
);

if (typeof globalThis.gc !== 'function') v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled++;
  if (unhandled <= 5) console.error('unhandled rejection:', reason);
});

// xorshift32: fast, seeded, good enough to pick mutations.
let state = Number(values.seed) >>> 0 || 1;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rand() * n);
const pick = (list) => list[int(list.length)];

const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(examplesDir, f), 'utf8')));
const KINDS = [
  'ReceivedCallback',
  'DeliveryCallback',
  'MessageStatusCallback',
  'PresenceChatCallback',
  'ConnectedCallback',
  'DisconnectedCallback',
];
const STRINGS = [
  '',
  ' ',
  'READ',
  'ReceivedCallBack',
  'receivedcallback',
  '__proto__',
  'constructor',
  'toString',
  '\u0000',
  '\ud800',
  '😀',
  'x'.repeat(1000),
  '1632228638000',
  'true',
  'null',
];

function randomString() {
  const r = rand();
  if (r < 0.5) return pick(STRINGS);
  let s = '';
  const n = int(r < 0.99 ? 20 : 2000);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rand() < 0.9 ? 32 + int(95) : int(0x10000));
  return s;
}

function nested(depth) {
  const open = rand() < 0.5;
  return JSON.parse(open ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

function randomValue(depth = 0) {
  const r = rand();
  if (r < 0.12) return null;
  if (r < 0.24) return rand() < 0.5;
  if (r < 0.4) return pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 1632228638000, int(1000)]);
  if (r < 0.6) return randomString();
  if (r < 0.61) return nested(1 + int(rand() < 0.9 ? 20 : 1000)); // deeper ones are made as text: see fuzzedBody
  if (r < 0.612) return Array.from({ length: int(50000) }, () => int(10));
  if (depth > 3) return randomString();
  if (r < 0.8) return Array.from({ length: int(5) }, () => randomValue(depth + 1));
  return Object.fromEntries(Array.from({ length: int(5) }, () => [randomString().slice(0, 20), randomValue(depth + 1)]));
}

/** A random path into an object, and its parent. */
function randomSpot(object) {
  let parent = object;
  for (let d = 0; d < 3; d++) {
    const keys = Object.keys(parent);
    if (keys.length === 0) break;
    const key = pick(keys);
    const child = parent[key];
    if (!child || typeof child !== 'object' || rand() < 0.4) return { parent, key };
    parent = child;
  }
  return { parent, key: randomString().slice(0, 12) };
}

function mutate(payload) {
  const copy = structuredClone(payload);
  const times = 1 + int(4);
  for (let i = 0; i < times; i++) {
    const { parent, key } = randomSpot(copy);
    const how = int(7);
    if (how === 0) delete parent[key];
    else if (how === 1) parent[key] = randomValue();
    else if (how === 2 && typeof parent[key] === 'number') parent[key] = String(parent[key]);
    else if (how === 3 && typeof parent[key] === 'string') parent[key] = parent[key].length;
    else if (how === 4) copy.type = rand() < 0.5 ? pick(KINDS) : randomValue();
    else if (how === 5) copy[randomString().slice(0, 30)] = randomValue();
    else parent[key] = randomValue();
  }
  return copy;
}

const encoder = new TextEncoder();

/** One fuzzed body: text, bytes or an object, valid or broken in one of many ways. */
function fuzzedBody() {
  const r = rand();
  if (r < 0.05) return Uint8Array.from({ length: int(300) }, () => int(256)); // random bytes, often not UTF-8
  if (r < 0.1) return randomString();
  if (r < 0.15) return JSON.stringify(randomValue()) ?? '';
  if (r < 0.152) {
    // Nesting deeper than JSON.stringify (or a recursive validator) can go, where the type or a content key is expected.
    const depth = 1000 + int(20000);
    const deep = rand() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
    return rand() < 0.5
      ? `{"type":${deep}}`
      : `{"type":"${pick(KINDS)}","${pick(['text', 'image', 'ids', 'status', 'notification'])}":${deep}}`;
  }
  const payload = rand() < 0.1 ? pick(examples) : mutate(pick(examples));
  if (r < 0.25) return payload; // an already-parsed object (express.json())
  let text = JSON.stringify(payload);
  const corrupt = rand();
  if (corrupt < 0.1) text = text.slice(0, int(text.length));
  else if (corrupt < 0.15) text = `\ufeff${text}`;
  else if (corrupt < 0.2) text = `[${text}]`;
  else if (corrupt < 0.25) {
    const at = int(text.length);
    text = text.slice(0, at) + String.fromCharCode(int(128)) + text.slice(at + 1);
  }
  return rand() < 0.5 ? encoder.encode(text) : text;
}

// --- parseWebhook --------------------------------------------------------------------------------
const heapStart = heapMb();
let started = performance.now();
const outcomes = { parsed: 0, refused: 0, other: 0 };
const refusedCodes = {};
for (let i = 0; i < count; i++) {
  const body = fuzzedBody();
  try {
    parseWebhook(body, { strict: rand() < 0.2 });
    outcomes.parsed++;
  } catch (error) {
    if (error instanceof WebhookError) {
      outcomes.refused++;
      refusedCodes[error.code] = (refusedCodes[error.code] ?? 0) + 1;
    } else {
      outcomes.other++;
      if (outcomes.other <= 5) console.error('not a WebhookError:', error);
    }
  }
}
const parseSeconds = (performance.now() - started) / 1000;
const heapAfterParse = heapMb();

// --- the Node handler over HTTP ------------------------------------------------------------------
const dispatcher = createWebhookDispatcher().on('*', () => {});
const server = http.createServer(
  createNodeWebhookHandler(dispatcher, { instanceToken: 'F1E2D3C4B5A6978812345ABC', maxBodyBytes: 256 * 1024 }),
);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const statuses = {};
let transportErrors = 0;

function send(body) {
  const bytes =
    typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/zapi',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'z-api-token': 'F1E2D3C4B5A6978812345ABC', 'content-length': bytes.byteLength },
      },
      (res) => {
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        res.resume();
        res.on('end', resolve);
        res.on('error', () => (transportErrors++, resolve()));
      },
    );
    req.on('error', () => (transportErrors++, resolve()));
    req.end(bytes);
  });
}

started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < httpCount) {
      next++;
      await send(fuzzedBody());
    }
  }),
);
const httpSeconds = (performance.now() - started) / 1000;
agent.destroy();
await new Promise((r) => server.close(r));
await new Promise((r) => setTimeout(r, 100)); // let late rejections surface
const heapEnd = heapMb();

const unexpectedStatuses = Object.entries(statuses)
  .filter(([s]) => !(s === '200' || (s >= '400' && s < '500')))
  .reduce((n, [, c]) => n + c, 0);
console.log(
  `parseWebhook: ${count} payloads in ${parseSeconds.toFixed(1)} s: ${outcomes.parsed} parsed, ${outcomes.refused} refused with WebhookError, ${outcomes.other} other exceptions`,
);
console.log(`  refusals by code: ${JSON.stringify(refusedCodes)}`);
console.log(
  `Node handler: ${httpCount} requests in ${httpSeconds.toFixed(1)} s: statuses ${JSON.stringify(statuses)}, ${unexpectedStatuses} not 200/4xx, ${transportErrors} transport errors`,
);
console.log(`unhandled rejections: ${unhandled}`);
console.log(`heap used: start ${heapStart.toFixed(1)} MB, after parse ${heapAfterParse.toFixed(1)} MB, end ${heapEnd.toFixed(1)} MB`);
const failed = outcomes.other + unexpectedStatuses + transportErrors + unhandled;
console.log(failed === 0 ? 'fuzz: 0 failures' : `fuzz: ${failed} failures`);
process.exit(failed === 0 ? 0 : 1);
