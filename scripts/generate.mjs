#!/usr/bin/env node
// `pnpm generate`: lint spec/, then recreate everything under generated/ from it.
//   --out DIR     write somewhere else (the drift check compares that with generated/)
//   --skip-lint   for the drift check, which runs after lint has passed
//   --lint-only   only the lint gate
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { generatedDir, root } from './lib/paths.mjs';
import { writeJson, writeText } from './lib/write.mjs';
import { lintSpec } from './generate/lint.mjs';
import { bundleAsyncApi, bundleOpenApi, bundleSandboxApi } from './generate/bundle.mjs';
import { readOperations } from '../packages/shared/src/spec-model.js';
import { generateClientTypes } from './generate/client-types.mjs';
import { generateWebhookTypes } from './generate/webhook-types.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'skip-lint': { type: 'boolean' }, 'lint-only': { type: 'boolean' } } });
const outDir = path.resolve(values.out ?? generatedDir);
const started = performance.now();
const step = async (name, fn) => {
  const t = performance.now();
  const result = await fn();
  console.log(`  ${name} (${Math.round(performance.now() - t)} ms)`);
  return result;
};

try {
  if (!values['skip-lint']) {
    await step('lint spec/openapi and spec/asyncapi: 0 errors, 0 warnings', lintSpec);
    if (values['lint-only']) process.exit(0);
  }
  const [openapi, asyncapi, sandbox] = await step('bundle the documents', () => Promise.all([bundleOpenApi(), bundleAsyncApi(), bundleSandboxApi()]));
  const operations = readOperations(openapi);
  await rm(outDir, { recursive: true, force: true });
  await step('write openapi.json, openapi.yaml, asyncapi.json, operations.json, sandbox/openapi.json', () =>
    Promise.all([
      writeJson(path.join(outDir, 'sandbox', 'openapi.json'), sandbox),
      writeJson(path.join(outDir, 'openapi.json'), openapi),
      writeText(path.join(outDir, 'openapi.yaml'), YAML.stringify(openapi, { lineWidth: 0 })),
      writeJson(path.join(outDir, 'asyncapi.json'), asyncapi),
      writeJson(path.join(outDir, 'operations.json'), operations),
    ]),
  );
  await step('client types and operation table', () => generateClientTypes(openapi, operations, outDir));
  const kinds = await step('webhook types and validators', () => generateWebhookTypes(outDir));
  console.log(
    `generated ${path.relative(root, outDir) || '.'}/: ${operations.length} operations, ${kinds.length} webhook kinds ` +
      `in ${Math.round(performance.now() - started)} ms`,
  );
} catch (error) {
  console.error(`generate failed: ${error.message}`);
  process.exit(1);
}
