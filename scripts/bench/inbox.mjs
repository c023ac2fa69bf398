#!/usr/bin/env node
// The durable inbox against the in-memory handler, in one run:
//  - ingest (HTTP → stored → 200) at 100 connections, in alternating rounds, each receiver in its
//    own process: requests per second, and the ratio to createNodeWebhookHandler (which keeps nothing);
//  - processing: deliveries per second from the store to a no-op handler (concurrency 16);
//  - latency: p50/p99 from the moment a delivery is sent to the moment its handler runs, while
//    deliveries keep arriving.
//   node scripts/bench/inbox.mjs [--requests 3000] [--rounds 3]
// Redis runs when redis-server is installed (a temporary one on a free port).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';
import { freePort } from '../lib/ports.mjs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    serve: { type: 'string' },
    store: { type: 'string' },
  },
});
const dist = path.join(root, 'packages/webhooks/dist/index.js');
const TOKEN = 'F0E1D2C3B4A5968778695A4B3C2D1E0F';

async function startRedis(dir) {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve) => child.stdout.on('data', (d) => /Ready to accept/.test(String(d)) && resolve()));
  return { url: `redis://127.0.0.1:${port}`, child };
}

function startReceiver(kind, store) {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', kind, ...(store ? ['--store', store] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ url: `http://127.0.0.1:${String(d).trim()}/zapi`, child })));
}

const example = readFileSync(path.join(root, 'spec/examples/ReceivedCallback.text.json'), 'utf8');
let sequence = 0;
const bodyOf = (chat) => {
  const id = `B${++sequence}`;
  return {
    id,
    body: example
      .replace('"A20DA9C0183A2D35A260F53F5D2B9244"', `"${id}"`)
      .replace('"5544999999999"', `"55119${String(chat).padStart(8, '0')}"`),
  };
};

/** `count` POSTs over 100 keep-alive connections; resolves with requests per second. */
async function load(url, count, onSent = () => undefined) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, async (_, connection) => {
      while (next < count) {
        next++;
        const { id, body } = bodyOf(connection);
        onSent(id);
        await new Promise((resolve, reject) => {
          const req = http.request(
            url,
            {
              method: 'POST',
              agent,
              headers: { 'content-type': 'application/json', 'z-api-token': TOKEN, 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              res.resume();
              res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      }
    }),
  );
  agent.destroy();
  return count / ((performance.now() - started) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function main() {
  const requests = Number(values.requests);
  const rounds = Number(values.rounds);
  const { createWebhookDispatcher, createWebhookInbox } = await import(dist);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-bench-inbox-'));
  const redis = await startRedis(dir);
  const stores = { sqlite: `sqlite:${path.join(dir, 'bench.db')}`, ...(redis ? { redis: `${redis.url}/0?prefix=bench:` } : {}) };
  const receivers = { memory: await startReceiver('memory') };
  for (const [name, store] of Object.entries(stores)) receivers[name] = await startReceiver(name, store);
  try {
    for (const r of Object.values(receivers)) await load(r.url, 300); // warm up
    const samples = Object.fromEntries(Object.keys(receivers).map((k) => [k, []]));
    for (let round = 0; round < rounds; round++)
      for (const [name, r] of Object.entries(receivers)) samples[name].push(await load(r.url, requests));
    const memory = median(samples.memory);
    console.log(
      `inbox ingest: ${requests} POSTs x ${rounds} alternating rounds at 100 connections, median (receivers in their own processes):`,
    );
    for (const name of Object.keys(receivers)) {
      console.log(
        `  ${name.padEnd(7)} ${Math.round(median(samples[name]))} req/s${name === 'memory' ? ' (createNodeWebhookHandler, keeps nothing)' : `  ratio to memory: ${(median(samples[name]) / memory).toFixed(2)}`}`,
      );
    }
    for (const [name, store] of Object.entries(stores)) {
      const inbox = createWebhookInbox({ store, instanceToken: TOKEN });
      const backlog = (await inbox.counts()).pending;
      // Processing: drain what the ingest rounds kept.
      const started = performance.now();
      const worker = inbox.process(
        createWebhookDispatcher().on('*', () => undefined),
        { concurrency: 16 },
      );
      while ((await inbox.counts()).pending + (await inbox.counts()).processing > 0) await new Promise((r) => setTimeout(r, 50));
      const perSecond = backlog / ((performance.now() - started) / 1000);
      // Latency: send while the worker runs; arrival → handler.
      const sentAt = new Map();
      const latencies = [];
      await worker.stop();
      const live = inbox.process(
        createWebhookDispatcher().on('ReceivedCallback.text', ({ payload }) => {
          const t = sentAt.get(payload.messageId);
          if (t !== undefined) latencies.push(performance.now() - t);
        }),
        { concurrency: 16 },
      );
      const count = Math.min(requests, 2000);
      await load(receivers[name].url, count, (id) => sentAt.set(id, performance.now()));
      while (latencies.length < count) await new Promise((r) => setTimeout(r, 20));
      await live.stop();
      await inbox.close();
      console.log(
        `  ${name.padEnd(7)} processing ${Math.round(perSecond)} deliveries/s (${backlog} kept, no-op handler, concurrency 16); send → handler p50 ${median(latencies).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
      );
    }
    if (!redis) console.log('  redis   skipped: redis-server is not installed');
  } finally {
    for (const r of Object.values(receivers)) r.child.kill('SIGKILL');
    redis?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.serve) {
  // Child mode: one receiver.
  const { createNodeWebhookHandler, createWebhookDispatcher, createWebhookInbox } = await import(dist);
  const handler =
    values.serve === 'memory'
      ? createNodeWebhookHandler(
          createWebhookDispatcher().on('*', () => undefined),
          { instanceToken: TOKEN },
        )
      : createWebhookInbox({ store: values.store, instanceToken: TOKEN }).nodeHandler;
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
} else {
  await main();
}
