#!/usr/bin/env node
// The main job (README's first command), after `turbo run build` regenerated generated/ from spec/
// and built the packages: build the docs, start the mock, say where everything is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDocs } from './docs.mjs';
import { generatedDir, root } from './lib/paths.mjs';
import { instancePrefix } from '../packages/shared/src/spec-model.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '4010' }, host: { type: 'string', default: '127.0.0.1' } } });
const { startMock } = await import(path.join(root, 'packages/mock/dist/index.js'));

const docs = await buildDocs();
const mock = await startMock({ host: values.host, port: Number(values.port) });
const operations = JSON.parse(readFileSync(path.join(generatedDir, 'operations.json'), 'utf8')).length;
const rel = (p) => path.relative(root, p);

console.log(`
zapi-kit is up.

  Mock Z-API      ${mock.url}  (${operations} operations, ready in ${mock.startupMs} ms)
                  try: curl -H 'Client-Token: any' ${mock.url}${instancePrefix('ID', 'TOKEN')}/status
  Docs            ${rel(docs.index)}  (REST and webhook reference, guides; open it in a browser)
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
