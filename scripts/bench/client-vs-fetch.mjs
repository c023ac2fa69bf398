#!/usr/bin/env node
// The client's throughput as a share of a bare fetch doing the same work (issue goal: ≥ 0.95 each):
// GET /status and POST /send-text (the JSON body sent and the answer parsed on both sides), with 1
// and 16 calls in flight, against a server in another process. Rounds alternate which side goes
// first, so machine noise hits both alike; the figure is the median of the per-round ratios.
//   node scripts/bench/client-vs-fetch.mjs [--calls 2000] [--rounds 7]
import { fork } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';
import { instancePrefix } from '../../packages/shared/src/spec-model.js';

if (process.argv[2] === '--server') {
  // The server: Z-API's answers to the two calls, nothing else.
  const { createServer } = await import('node:http');
  const status = JSON.stringify({ connected: true, error: 'You are already connected.', smartphoneConnected: true });
  const sent = JSON.stringify({ zaapId: '3999984263738042930CD6ECDE9VDWSA', messageId: 'D241XXXX732339502B68', id: 'D241XXXX732339502B68' });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'GET' ? status : sent));
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '7' } } });
  const calls = Number(values.calls);
  const rounds = Number(values.rounds);
  const { createZapiClient } = await import(path.join(root, 'packages/client/dist/index.js'));

  const child = fork(new URL(import.meta.url).pathname, ['--server'], { stdio: 'inherit' });
  const port = await new Promise((resolve) => child.once('message', resolve));
  const base = `http://127.0.0.1:${port}`;
  const zapi = createZapiClient({ instanceId: 'I1', token: 'TOKEN1', clientToken: 'CT1', baseUrl: base });
  const prefix = `${base}${instancePrefix('I1', 'TOKEN1')}`;
  const message = { phone: '5511999999999', message: 'Your order 1042 has shipped.' };

  const cases = {
    GET: {
      'raw fetch': async () => (await fetch(`${prefix}/status`, { headers: { 'Client-Token': 'CT1' } })).json(),
      client: () => zapi.instance.getStatus(),
    },
    POST: {
      'raw fetch': async () =>
        (
          await fetch(`${prefix}/send-text`, {
            method: 'POST',
            headers: { 'Client-Token': 'CT1', 'Content-Type': 'application/json' },
            body: JSON.stringify(message),
          })
        ).json(),
      client: () => zapi.messages.sendText(message),
    },
  };

  /** Calls per second with `inFlight` calls at a time. */
  async function throughput(fn, inFlight) {
    let next = 0;
    const worker = async () => {
      while (next++ < calls) await fn();
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    return calls / ((performance.now() - started) / 1000);
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`client throughput ÷ raw fetch throughput (goal ≥ 0.95), ${calls} calls × ${rounds} alternating rounds, server in another process`);
  const results = [];
  for (const [method, sides] of Object.entries(cases)) {
    for (const inFlight of [1, 16]) {
      await throughput(sides['raw fetch'], inFlight); // warm up both
      await throughput(sides.client, inFlight);
      const ratios = [];
      const rates = { 'raw fetch': [], client: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ['raw fetch', 'client'] : ['client', 'raw fetch'];
        const got = {};
        for (const side of order) got[side] = await throughput(sides[side], inFlight);
        rates['raw fetch'].push(got['raw fetch']);
        rates.client.push(got.client);
        ratios.push(got.client / got['raw fetch']);
      }
      const ratio = median(ratios);
      results.push(ratio);
      console.log(
        `  ${method.padEnd(4)} ${String(inFlight).padStart(2)} in flight: raw fetch ${median(rates['raw fetch']).toFixed(0)}/s, ` +
          `client ${median(rates.client).toFixed(0)}/s, ratio ${ratio.toFixed(2)} ${ratio >= 0.95 ? '(goal met)' : '(below goal)'}`,
      );
    }
  }
  child.kill();
}
