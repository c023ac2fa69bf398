#!/usr/bin/env node
// The client's throughput as a share of a bare fetch doing the same work (issue goal: ≥ 0.95 each):
// GET /status and POST /send-text (the JSON body sent and the answer parsed on both sides), with 1
// and 16 calls in flight, against a server in another process. Many short rounds alternate which
// side goes first, so machine noise hits both alike; the figure is the median of the per-round
// ratios. Beside it, the same ratio in CPU time per call of this process (where the client's work
// is): on a loaded machine wall-clock throughput mostly measures the neighbours, CPU time much less.
//   node scripts/bench/client-vs-fetch.mjs [--calls 400] [--rounds 21]
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';
import { instancePrefix } from '../../packages/shared/src/spec-model.js';

if (process.argv[2] === '--server') {
  // The server: Z-API's answers to the two calls, nothing else.
  const { createServer } = await import('node:http');
  const status = JSON.stringify({ connected: true, error: 'You are already connected.', smartphoneConnected: true });
  const sent = JSON.stringify({
    zaapId: '3999984263738042930CD6ECDE9VDWSA',
    messageId: 'D241XXXX732339502B68',
    id: 'D241XXXX732339502B68',
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'GET' ? status : sent));
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '400' }, rounds: { type: 'string', default: '21' } } });
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

  /** Calls per second with `inFlight` calls at a time, and the same in calls per CPU-second of this process. */
  async function throughput(fn, inFlight) {
    let next = 0;
    const worker = async () => {
      while (next++ < calls) await fn();
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const used = process.cpuUsage(cpu);
    return { wall: calls / ((performance.now() - started) / 1000), cpu: calls / ((used.user + used.system) / 1e6) };
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `client throughput ÷ raw fetch throughput (goal ≥ 0.95), ${calls} calls × ${rounds} alternating rounds, server in another process; load average ${os.loadavg()[0].toFixed(1)}`,
  );
  const results = [];
  for (const [method, sides] of Object.entries(cases)) {
    for (const inFlight of [1, 16]) {
      await throughput(sides['raw fetch'], inFlight); // warm up both
      await throughput(sides.client, inFlight);
      const ratios = { wall: [], cpu: [] };
      const rates = { 'raw fetch': [], client: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ['raw fetch', 'client'] : ['client', 'raw fetch'];
        const got = {};
        for (const side of order) got[side] = await throughput(sides[side], inFlight);
        rates['raw fetch'].push(got['raw fetch'].wall);
        rates.client.push(got.client.wall);
        ratios.wall.push(got.client.wall / got['raw fetch'].wall);
        ratios.cpu.push(got.client.cpu / got['raw fetch'].cpu);
      }
      const ratio = median(ratios.wall);
      const cpuRatio = median(ratios.cpu);
      results.push(ratio);
      console.log(
        `  ${method.padEnd(4)} ${String(inFlight).padStart(2)} in flight: raw fetch ${median(rates['raw fetch']).toFixed(0)}/s, ` +
          `client ${median(rates.client).toFixed(0)}/s, ratio ${ratio.toFixed(2)} ${ratio >= 0.95 ? '(goal met)' : '(below goal)'}; ` +
          `per CPU-second ratio ${cpuRatio.toFixed(2)} ${cpuRatio >= 0.95 ? '(goal met)' : '(below goal)'}`,
      );
    }
  }
  child.kill();
}
