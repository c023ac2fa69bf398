#!/usr/bin/env node
// The sandbox against bare Prism on the same operations (GET status, POST send-text with no webhook
// URL set), in alternating rounds of fixed duration, with the same keep-alive load generator; then
// the sandbox's RSS growth over many sends with bounded retention. Prints figures and ratios.
//   node --expose-gc scripts/bench/sandbox.mjs [--ms 2000] [--rounds 3] [--concurrency 16]
//                                              [--sends 200000] [--retention 10000]
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';
import { instancePrefix } from '../../packages/shared/src/spec-model.js';

const { values } = parseArgs({
  options: {
    ms: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    sends: { type: 'string', default: '200000' },
    retention: { type: 'string', default: '10000' },
  },
});
const [ms, rounds, concurrency, sends, retention] = ['ms', 'rounds', 'concurrency', 'sends', 'retention'].map((k) => Number(values[k]));
const { startMock, startSandbox } = await import(path.join(root, 'packages/mock/dist/index.js'));

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const SEND = JSON.stringify({ phone: '5511999999999', message: 'Your order has shipped' });

/** One request on the keep-alive agent; resolves with the status once the body is read. */
function request(base, method, pathname, body) {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, base);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent,
        headers: { 'client-token': 'CT1', ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${method} ${pathname} → ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests per second over `ms`, `concurrency` requests in flight. */
async function throughput(call) {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const mock = await startMock({ port: 0 }); // its prismUrl is Prism alone, on the bundled spec
const sandbox = await startSandbox({ port: 0, speed: 0, retention, instanceId: 'I1', instanceToken: 'TOKEN1' });
const targets = { prism: mock.prismUrl, sandbox: sandbox.url };
const operations = {
  'GET status': (base) => request(base, 'GET', `${instancePrefix('I1', 'TOKEN1')}/status`),
  'POST send-text': (base) => request(base, 'POST', `${instancePrefix('I1', 'TOKEN1')}/send-text`, SEND),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`throughput, ${rounds} alternating rounds of ${ms} ms, ${concurrency} requests in flight (median req/s):`);
for (const [name, call] of Object.entries(operations)) {
  for (const base of Object.values(targets)) await throughput(() => call(base)); // warm up both
  const samples = { prism: [], sandbox: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [side, base] of Object.entries(targets)) samples[side].push(await throughput(() => call(base)));
  }
  const [prism, box] = [median(samples.prism), median(samples.sandbox)];
  console.log(
    `  ${name.padEnd(15)} Prism ${prism.toFixed(0).padStart(6)}   sandbox ${box.toFixed(0).padStart(6)}   ratio sandbox / Prism ${(box / prism).toFixed(1)}`,
  );
}
await mock.close();

// Memory: RSS of this process (the sandbox runs in it) before and after `sends` more sends.
sandbox.reset();
const gc = globalThis.gc ?? (() => {});
const settle = async () => {
  await sandbox.settled();
  await new Promise((r) => setTimeout(r, 100));
  gc();
  gc();
};
await settle();
const before = process.memoryUsage().rss;
let sent = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (sent < sends) {
      sent++;
      await operations['POST send-text'](sandbox.url);
    }
  }),
);
await settle();
const after = process.memoryUsage().rss;
const state = await (await fetch(`${sandbox.url}/_sandbox/instances/I1`)).json();
console.log(
  `memory: ${sends} sends with retention ${retention}: RSS ${(before / 2 ** 20).toFixed(0)} MB → ${(after / 2 ** 20).toFixed(0)} MB, ` +
    `growth ${((after - before) / 2 ** 20).toFixed(1)} MB (budget 100 MB); held: ${state.messages} messages, ${state.deliveries} deliveries` +
    (globalThis.gc ? '' : ' (run with --expose-gc for a settled figure)'),
);
await sandbox.close();
agent.destroy();
