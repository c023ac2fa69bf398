#!/usr/bin/env node
// The compile time a user pays for the client's types (issue goal: ≤ 0.5 s): `tsc --strict` without
// --skipLibCheck on a file that imports the built client and makes one call, minus `tsc` on the same
// file without the import and the call. Rounds alternate which file goes first; the figure is the
// median of the per-round differences, in wall time and in the CPU time tsc used (user + system,
// reported by the child itself at exit): on a loaded machine the wall time mostly measures the
// neighbours, the CPU time much less so. Also prints tsc's own --extendedDiagnostics for the importing
// file, so the next cut is visible (files, lines of declarations, types, instantiations, check time).
//   node scripts/bench/tsc-consumer.mjs [--rounds 7] [--client path/to/dist/index.js (another build, to compare)]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/paths.mjs';
import { CONSUMER_TSC_FLAGS } from '../lib/tsc.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    client: { type: 'string', default: path.join(root, 'packages/client/dist/index.js') },
  },
});
const rounds = Number(values.rounds);
const GOAL_MS = 500;
const tscJs = path.join(root, 'node_modules/typescript/lib/tsc.js');
const client = JSON.stringify(path.resolve(values.client));

// The same program on both sides; only the import and the call differ.
const message = `const message = { phone: '5511999999999', message: 'Your order 1042 has shipped.' };`;
const files = {
  'with the client': `import { createZapiClient } from ${client};
${message}
export async function run(): Promise<string> {
  const zapi = createZapiClient({ instanceId: 'I1', token: 'T1', clientToken: 'C1' });
  const sent = await zapi.messages.sendText(message);
  return sent.messageId;
}
`,
  'without it': `${message}
export async function run(): Promise<string> {
  return message.phone;
}
`,
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-tsc-'));
writeFileSync(
  path.join(dir, 'cpu-report.cjs'),
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`cpu-ms ${(u.user + u.system) / 1000}\\n`); });\n",
);
const fileOf = (name) => path.join(dir, `${name.replaceAll(' ', '-')}.ts`);
const args = (file, ...extra) => [tscJs, ...CONSUMER_TSC_FLAGS, ...extra, file];
// Preloaded into tsc's process: prints its CPU time on stderr as it exits.
const cpuReport = path.join(dir, 'cpu-report.cjs');
const tsc = (file) => {
  const started = performance.now();
  const { stderr } = spawnSync(process.execPath, ['--require', cpuReport, ...args(file)], { cwd: root, encoding: 'utf8' });
  const wall = performance.now() - started;
  const cpu = /cpu-ms (\d+(?:\.\d+)?)/.exec(stderr);
  if (!cpu) throw new Error(`tsc on ${path.basename(file)} reported no CPU time:\n${stderr}`);
  return { wall, cpu: Number(cpu[1]) };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (const [name, text] of Object.entries(files)) writeFileSync(fileOf(name), text);
  // Both files must compile: a type error would time a failure.
  for (const name of Object.keys(files))
    execFileSync(process.execPath, args(fileOf(name)), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const times = { 'with the client': [], 'without it': [] };
  const added = { wall: [], cpu: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['with the client', 'without it'] : ['without it', 'with the client'];
    for (const name of order) times[name].push(tsc(fileOf(name)));
    for (const kind of ['wall', 'cpu']) added[kind].push(times['with the client'].at(-1)[kind] - times['without it'].at(-1)[kind]);
  }
  const of = (name, kind) => Math.round(median(times[name].map((t) => t[kind])));
  console.log(
    `tsc --strict (no --skipLibCheck) time added by importing @zapi-kit/client and making one call (goal ≤ ${GOAL_MS} ms), median of ${rounds} alternating rounds:`,
  );
  for (const kind of ['cpu', 'wall']) {
    const figure = median(added[kind]);
    console.log(
      `  ${kind === 'cpu' ? 'CPU time' : 'wall time'}: with the client ${of('with the client', kind)} ms, without it ${of('without it', kind)} ms, ` +
        `added ${Math.round(figure)} ms ${figure <= GOAL_MS ? '(goal met)' : '(above goal)'}`,
    );
  }
  const diagnostics = execFileSync(process.execPath, args(fileOf('with the client'), '--extendedDiagnostics'), {
    cwd: root,
    encoding: 'utf8',
  });
  const wanted = /^(Files|Lines of Declarations|Types|Instantiations|Check time|Parse time|Bind time):/;
  console.log(
    `  tsc --extendedDiagnostics with the client: ${diagnostics
      .split('\n')
      .filter((l) => wanted.test(l))
      .map((l) => l.replace(/\s+/g, ' '))
      .join(', ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
