#!/usr/bin/env node
// How much the client costs over a bare fetch: the same GET /status against the same local server,
// in alternating rounds so machine noise hits both sides alike. Prints a ratio, not a verdict.
//   node scripts/bench/client-vs-fetch.mjs [--calls 2000] [--rounds 5]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { root } from '../lib/paths.mjs';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } } });
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const { createZapiClient } = await import(path.join(root, 'packages/client/dist/index.js'));

const body = JSON.stringify({ connected: true, error: 'You are already connected.', smartphoneConnected: true });
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const zapi = createZapiClient({ instanceId: 'I1', token: 'TOKEN1', clientToken: 'CT1', baseUrl: base });
const url = `${base}/instances/I1/token/TOKEN1/status`;
const sides = {
  'raw fetch': async () => (await fetch(url, { headers: { 'Client-Token': 'CT1' } })).json(),
  '@zapi-kit/client': () => zapi.instance.getStatus(),
};

async function time(fn) {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - started) / calls;
}

for (const fn of Object.values(sides)) await time(fn); // warm up both
const samples = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, fn] of Object.entries(sides)) samples[name].push(await time(fn));
}
server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const raw = median(samples['raw fetch']);
const client = median(samples['@zapi-kit/client']);
console.log(`${calls} calls x ${rounds} rounds, median per call:`);
console.log(`  raw fetch         ${(raw * 1000).toFixed(1)} µs`);
console.log(`  @zapi-kit/client  ${(client * 1000).toFixed(1)} µs`);
console.log(`ratio client / raw fetch: ${(client / raw).toFixed(2)}`);
