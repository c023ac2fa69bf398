#!/usr/bin/env node
// `npm start`, the README's first command: install on the first run, build the packages' code,
// regenerate generated/ only when its sources changed since the last commit, build the docs while
// the mock starts, and say where everything is. Each step's output is kept and shown only when the
// step fails. The declarations (the slow part of a build) are not built: nothing here reads them;
// `npm test` and publishing build them, and turbo reuses the code built here.
//   npm start [-- --port N] [-- --host ADDRESS]      (or PORT=N npm start)
// Only Node's built-ins are imported up front: on a fresh clone nothing else is installed yet.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { install, installNeeded, PNPM } from './bootstrap.mjs';
import { bin, generatedDir, root } from './lib/paths.mjs';
import { instancePrefix } from '../packages/shared/src/spec-model.js';

const DEFAULT_PORT = 4010;
const USAGE = 'usage: npm start [-- --port N] [-- --host ADDRESS]   (or PORT=N npm start)';
const ANOTHER_PORT = 'another port: npm start -- --port N   (or PORT=N npm start; 0 picks a free one)';

/** A usage mistake: one line saying what is wrong and the usage, exit 2 (as CLIs do). */
function usageError(message) {
  console.error(`zapi-kit: ${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    usageError(error.message);
  }
  if (values.help) {
    console.log(
      `${USAGE}\nBuilds the packages and the docs and starts the mock Z-API on http://127.0.0.1:${DEFAULT_PORT}.\n${ANOTHER_PORT}`,
    );
    process.exit(0);
  }
  const [given, from] =
    values.port !== undefined ? [values.port, '--port'] : process.env.PORT ? [process.env.PORT, 'PORT'] : [String(DEFAULT_PORT)];
  const port = Number(given);
  if (!/^\d+$/.test(given) || port > 65535) usageError(`${from} must be a port number from 0 to 65535, got "${given}"`);
  return { port, host: values.host };
}

/** The one line a busy port gets, with the way out. */
function portInUse(host, port) {
  const other = port === 65535 ? port - 1 : port + 1;
  console.error(
    `zapi-kit: port ${port} on ${host} is already in use (is zapi-kit or another mock running?); start on another one: npm start -- --port ${other}   (or PORT=${other} npm start)`,
  );
  process.exit(1);
}

/** Whether `port` can be listened on now (checked before building, so a busy port fails in a second). */
function portFree(host, port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** Fails the start with the step's whole output, which was kept quiet while it went well. */
function failed(title, detail, output) {
  console.error(`zapi-kit: ${title} failed (${detail}). Its output:\n${output.trimEnd()}`);
  process.exit(1);
}

/** Runs a child quietly: its output is kept and shown only when it fails. */
function quietly(title, child) {
  let output = '';
  const keep = (chunk) => (output += chunk);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve) => {
    child.once('error', (error) => failed(title, error.message, output));
    child.once('close', (code, signal) => (code === 0 ? resolve(output) : failed(title, `exit ${code ?? signal}`, output)));
  });
}

const toolEnv = {
  ...process.env,
  // pnpm, which turbo runs the tasks with, is a dev dependency: found here also when started without npm.
  PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};
const turbo = (title, ...tasks) =>
  quietly(
    title,
    spawn(bin('turbo'), ['run', ...tasks], {
      cwd: root,
      env: toolEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    }),
  );

/**
 * Whether generated/ is what `generate` makes from the checkout: nothing that codegen reads or
 * writes (turbo.json lists both) differs from the last commit, whose generated/ the test suite's
 * drift check holds to its sources. Without git, we cannot tell: regenerate (turbo-cached).
 */
function generatedIsCurrent() {
  const { inputs, outputs } = JSON.parse(readFileSync(path.join(root, 'turbo.json'), 'utf8')).tasks['//#codegen'];
  const status = spawnSync('git', ['status', '--porcelain', '--', ...inputs, ...outputs], { cwd: root, encoding: 'utf8' });
  return status.status === 0 && status.stdout.trim() === '';
}

const { port, host } = options();
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`zapi-kit needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}
if (port !== 0 && !(await portFree(host, port).catch((error) => failed(`listening on ${host}:${port}`, error.code ?? error.message, ''))))
  portInUse(host, port);

const why = installNeeded();
if (why) {
  console.log(`zapi-kit: installing dependencies with ${PNPM} (${why})...`);
  await quietly('installing dependencies', install({ stdio: 'pipe' }));
}
if (!generatedIsCurrent()) {
  console.log('zapi-kit: spec/ or the generator changed since the last commit: regenerating generated/...');
  await turbo('regenerating generated/ (turbo run codegen)', 'codegen');
}
console.log('zapi-kit: building the packages and the docs, starting the mock...');
await turbo('building the packages (turbo run build:js)', 'build:js');

const { startMock } = await import(path.join(root, 'packages/mock/dist/index.js'));
const [mock] = await Promise.all([
  startMock({ host, port }).catch((error) => {
    if (error.code === 'EADDRINUSE') portInUse(host, port);
    failed('starting the mock', error.code ?? 'error', error.message);
  }),
  turbo('building the docs (turbo run docs)', 'docs'),
]);
const operations = JSON.parse(readFileSync(path.join(generatedDir, 'operations.json'), 'utf8')).length;
const rel = (p) => path.relative(root, p);

console.log(`
zapi-kit is up.

  Mock Z-API      ${mock.url}  (${operations} operations, ready in ${mock.startupMs} ms)
                  try: curl -H 'Client-Token: any' ${mock.url}${instancePrefix('ID', 'TOKEN')}/status
                  ${ANOTHER_PORT}
  Docs            ${rel(path.join(root, 'dist/docs/index.html'))}  (REST and webhook reference, guides; open it in a browser)
  OpenAPI         ${rel(path.join(generatedDir, 'openapi.json'))} (and openapi.yaml)
  AsyncAPI        ${rel(path.join(generatedDir, 'asyncapi.json'))}
  Client types    packages/client/src/generated/
  Webhook types   packages/webhooks/src/generated/

Press Ctrl-C to stop the mock.`);

const stop = async () => {
  await mock.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
