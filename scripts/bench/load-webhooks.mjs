#!/usr/bin/env node
// Load on the webhook receiver: the Node handler (createNodeWebhookHandler) in its own process on
// 127.0.0.1, autocannon in this one, at each connection count for a fixed time. Prints requests,
// errors, timeouts, non-2xx answers, p50/p99 latency and the server's RSS before, at peak and after
// each round. Loopback only; every round is bounded in time.
//   node scripts/bench/load-webhooks.mjs [--connections 100,1000] [--duration 30] [--timeout 10]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { examplesDir, root } from '../lib/paths.mjs';

const TOKEN = 'F1E2D3C4B5A6978812345ABC';

// --- server mode: the receiver under load, in a child process -----------------------------------
if (process.argv[2] === '--serve') {
  const http = await import('node:http');
  const { createNodeWebhookHandler, createWebhookDispatcher } = await import(path.join(root, 'packages/webhooks/dist/index.js'));
  let received = 0;
  const dispatcher = createWebhookDispatcher().on('*', () => void received++);
  const server = http.createServer(createNodeWebhookHandler(dispatcher, { instanceToken: TOKEN }));
  server.keepAliveTimeout = 30_000;
  // A backlog for the whole connection burst (Node's default is 511).
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'rss') process.send({ rss: process.memoryUsage().rss, received });
    if (message === 'stop') server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

async function main() {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '100,1000' },
      duration: { type: 'string', default: '30' },
      timeout: { type: 'string', default: '10' },
    },
  });
  const { default: autocannon } = await import('autocannon');
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, key) =>
    new Promise((resolve) => {
      const on = (reply) => {
        if (reply[key] !== undefined) {
          child.off('message', on);
          resolve(reply);
        }
      };
      child.on('message', on);
      child.send(message);
    });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const mb = (bytes) => (bytes / 1048576).toFixed(0);

  // What Z-API sends most: received texts, status changes, deliveries.
  const example = (name) => readFileSync(path.join(examplesDir, `${name}.json`), 'utf8');
  const bodies = [
    'ReceivedCallback.text',
    'MessageStatusCallback.READ',
    'ReceivedCallback.text',
    'DeliveryCallback',
    'ReceivedCallback.image',
  ].map(example);
  const rows = [];
  try {
    for (const connections of values.connections.split(',').map(Number)) {
      const before = (await ask('rss', 'rss')).rss;
      let peak = before;
      const sampler = setInterval(async () => (peak = Math.max(peak, (await ask('rss', 'rss')).rss)), 500);
      const result = await autocannon({
        url: `http://127.0.0.1:${port}/zapi`,
        connections,
        duration: Number(values.duration),
        timeout: Number(values.timeout),
        requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json', 'z-api-token': TOKEN }, body })),
      });
      clearInterval(sampler);
      await new Promise((r) => setTimeout(r, 1000));
      const after = (await ask('rss', 'rss')).rss;
      rows.push({
        connections,
        seconds: Number(values.duration),
        requests: result.requests.total,
        'req/s': Math.round(result.requests.average),
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        'RSS MB before/peak/after': `${mb(before)}/${mb(peak)}/${mb(after)}`,
      });
    }
  } finally {
    child.send('stop');
  }
  console.log('webhook receiver (createNodeWebhookHandler, own process) under autocannon:');
  console.table(rows);
  // autocannon counts timeouts among the errors.
  const bad = rows.reduce((n, r) => n + r.errors + r.non2xx, 0);
  console.log(
    `load-webhooks: ${bad} failed requests (errors, timeouts included, and non-2xx answers) in all rounds; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );
}
