#!/usr/bin/env node
// The mock under load, side by side with bare Prism on the same document: the gateway should add
// cost, not failures. Both run in their own processes for the whole benchmark; autocannon, in a
// process of its own, loads one then the other, in alternating order from round to round so machine
// noise hits both sides alike. Prints, per side, connection count and round: requests, errors,
// timeouts, non-2xx answers, p99 latency and the resident memory of the server processes.
//   node scripts/bench/load-mock.mjs [--connections 100,1000] [--duration 30] [--rounds 3] [--timeout 10 (s per request)]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatedDir, root } from '../lib/paths.mjs';
import { freePort } from '../lib/ports.mjs';
import { instancePrefix } from '../../packages/shared/src/spec-model.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '100,1000' },
    duration: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '10' },
  },
});
const levels = values.connections.split(',').map(Number);
const duration = Number(values.duration);
const rounds = Number(values.rounds);
if (process.platform !== 'linux') {
  console.error('load-mock: reads resident memory from /proc, so it runs on Linux only');
  process.exit(2);
}

const CLIENT_TOKEN = 'bench-client-token';
const PATH = `${instancePrefix('I1', 'BENCHTOKEN1')}/status`;
const require = createRequire(path.join(root, 'packages/mock/package.json'));
const prismCli = path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
const autocannon = path.join(path.dirname(createRequire(import.meta.url).resolve('autocannon/package.json')), 'autocannon.js');

/** Starts a server process and resolves once `ready` matches its output. */
function startProcess(args, ready) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 120 s:\n${output}`)), 120_000);
    const onData = (d) => {
      output += d;
      const m = ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

async function waitForHttp(url) {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} never answered`);
}

const rssMb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN; // the process is gone: shows as NaN rather than as a small number
  }
};
// CPU seconds (user + system) a process has used so far: the cost per request, whatever else the machine runs.
const cpuSeconds = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ, 100 on Linux)
  } catch {
    return NaN;
  }
};
const children = (pid) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

// The mock as users run it: the built CLI, which runs Prism as its child.
const mock = await startProcess(
  [path.join(root, 'packages/mock/dist/cli.js'), 'serve', '--port', '0'],
  /listening on (http:\/\/127\.0\.0\.1:\d+)/,
);
const mockUrl = mock.match[1];
const mockPids = [mock.child.pid, ...children(mock.child.pid)];
// Bare Prism, started as the mock starts it, on the same document.
const prismPort = await freePort();
const prismChild = spawn(
  process.execPath,
  [
    prismCli,
    'mock',
    path.join(generatedDir, 'openapi.json'),
    '--host',
    '127.0.0.1',
    '--port',
    String(prismPort),
    '--verboseLevel',
    'warn',
    '--multiprocess',
    'false',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const prismUrl = `http://127.0.0.1:${prismPort}`;
await waitForHttp(prismUrl);

const sides = {
  'zapi-mock': { url: mockUrl, pids: mockPids },
  'bare Prism': { url: prismUrl, pids: [prismChild.pid] },
};
for (const side of Object.values(sides)) {
  const answer = await fetch(`${side.url}${PATH}`, { headers: { 'Client-Token': CLIENT_TOKEN } });
  if (answer.status !== 200) throw new Error(`${side.url}${PATH} answered ${answer.status}: ${await answer.text()}`);
}

/** One autocannon run, in its own process. */
function load(url, connections) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        autocannon,
        '--json',
        '--no-progress',
        '-c',
        String(connections),
        '-d',
        String(duration),
        '-t',
        values.timeout,
        '-H',
        `Client-Token=${CLIENT_TOKEN}`,
        `${url}${PATH}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      resolve(JSON.parse(out));
    });
  });
}

const results = [];
console.log(`GET ${PATH}, ${duration} s per run, ${rounds} rounds, sides alternating; node ${process.version}`);
console.log('side         conns round   requests    req/s  errors timeouts  non2xx  p99 ms  CPU ms/req  RSS MB (after; peak)');
for (const connections of levels) {
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? ['zapi-mock', 'bare Prism'] : ['bare Prism', 'zapi-mock'];
    for (const name of order) {
      const side = sides[name];
      const cpuBefore = side.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      let peak = 0;
      const sampler = setInterval(
        () =>
          (peak = Math.max(
            peak,
            side.pids.reduce((sum, pid) => sum + rssMb(pid), 0),
          )),
        500,
      );
      const r = await load(side.url, connections);
      clearInterval(sampler);
      const rss = side.pids.reduce((sum, pid) => sum + rssMb(pid), 0);
      const cpu = side.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
      const row = {
        side: name,
        connections,
        round,
        requests: r.requests.total,
        rps: r.requests.average,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        p99: r.latency.p99,
        rss,
        peak,
        cpu,
      };
      results.push(row);
      console.log(
        `${name.padEnd(12)} ${String(connections).padStart(5)} ${String(round).padStart(5)} ${String(row.requests).padStart(10)} ${row.rps.toFixed(0).padStart(8)} ${String(row.errors).padStart(7)} ${String(row.timeouts).padStart(8)} ${String(row.non2xx).padStart(7)} ${String(row.p99).padStart(7)}  ${(row.requests > 0 ? ((cpu * 1000) / row.requests).toFixed(2) : '-').padStart(10)}  ${rss.toFixed(0)}; ${peak.toFixed(0)}`,
      );
    }
  }
}

console.log('\nper side and connection count, over all rounds:');
for (const connections of levels) {
  const of = (name) => results.filter((r) => r.side === name && r.connections === connections);
  const sum = (rows, key) => rows.reduce((s, r) => s + r[key], 0);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = of('zapi-mock');
  const p = of('bare Prism');
  console.log(
    `  ${connections} connections: timeouts ${sum(m, 'timeouts')} (mock) vs ${sum(p, 'timeouts')} (Prism); errors ${sum(m, 'errors')} vs ${sum(p, 'errors')}; ` +
      `non-2xx ${sum(m, 'non2xx')} vs ${sum(p, 'non2xx')}; median p99 ${median(m.map((r) => r.p99))} vs ${median(p.map((r) => r.p99))} ms; ` +
      `throughput mock/Prism ${(sum(m, 'requests') / sum(p, 'requests')).toFixed(2)}; ` +
      `CPU per request mock/Prism ${sum(m, 'requests') && sum(p, 'requests') ? (sum(m, 'cpu') / sum(m, 'requests') / (sum(p, 'cpu') / sum(p, 'requests'))).toFixed(2) : '-'}; mock RSS by round ${m.map((r) => r.rss.toFixed(0)).join(' → ')} MB`,
  );
}

for (const pid of [mock.child.pid, prismChild.pid]) process.kill(pid, 'SIGTERM');
