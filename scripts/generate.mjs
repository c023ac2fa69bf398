#!/usr/bin/env node
// `pnpm generate`: lint spec/, then recreate everything under generated/ from it.
//   --out DIR     write under another root (the drift check compares that with this repository)
//   --skip-lint   for the drift check, which runs after lint has passed
//   --lint-only   only the lint gate
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { examplesDir, generatedTargets, root } from './lib/paths.mjs';
import { writeJson, writeText } from './lib/write.mjs';
import { lintSpec } from './generate/lint.mjs';
import { bundleAsyncApi, bundleOpenApi, bundleSandboxApi } from './generate/bundle.mjs';
import { readOperations } from '../packages/shared/src/spec-model.js';
import { generateClientTypes } from './generate/client-types.mjs';
import { generateWebhookTypes, loadWebhookSchemas } from './generate/webhook-types.mjs';
import { discoverExamples, examplesByEvent } from './generate/webhook-examples.mjs';
import { addWebhookExamples, completeAsyncApi } from './generate/webhook-documents.mjs';
import { generatePostmanCollection } from './generate/postman.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'skip-lint': { type: 'boolean' }, 'lint-only': { type: 'boolean' } } });
const base = path.resolve(values.out ?? root);
const targets = generatedTargets(base);
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
  const webhooks = await step('webhook schemas and the examples of spec/examples/', async () => {
    const schemas = await loadWebhookSchemas();
    return { ...schemas, examples: await discoverExamples({ dir: examplesDir, ...schemas }) };
  });
  const [rest, webhookDocument, sandbox] = await step('bundle the documents', () =>
    Promise.all([bundleOpenApi(), bundleAsyncApi(), bundleSandboxApi()]),
  );
  const openapi = addWebhookExamples(rest, webhooks);
  const operations = readOperations(openapi);
  const asyncapi = completeAsyncApi(webhookDocument, webhooks, operations);
  await Promise.all(Object.values(targets).map((dir) => rm(dir, { recursive: true, force: true })));
  await step('write openapi.json, openapi.yaml, asyncapi.json, operations.json, sandbox/openapi.json', () =>
    Promise.all([
      writeJson(path.join(targets.documents, 'openapi.json'), openapi),
      writeText(path.join(targets.documents, 'openapi.yaml'), YAML.stringify(openapi, { lineWidth: 0 })),
      writeJson(path.join(targets.documents, 'asyncapi.json'), asyncapi),
      writeJson(path.join(targets.documents, 'operations.json'), operations),
      // The mock serves the document itself: its package carries a compact copy.
      writeText(path.join(targets.mock, 'openapi.json'), JSON.stringify(openapi)),
      // The sandbox's control API: a document of its own, for users (docs) and for the sandbox's checks.
      writeJson(path.join(targets.documents, 'sandbox', 'openapi.json'), sandbox),
      writeText(path.join(targets.mock, 'sandbox-openapi.json'), JSON.stringify(sandbox)),
      // zapi-webhooks drift compares recorded payloads with these field by field; their $refs
      // (#/components/schemas/...) resolve inside the file.
      writeText(
        path.join(targets.webhooks, 'payload-schemas.json'),
        JSON.stringify({ components: { schemas: asyncapi.components.schemas } }),
      ),
    ]),
  );
  await step('client types and operation table', () => generateClientTypes(openapi, operations, targets.client));
  // The mock's `trigger` sends the plainest example of each event.
  await writeText(path.join(targets.mock, 'examples.json'), JSON.stringify(examplesByEvent(webhooks.examples), null, 2));
  const kinds = await step('webhook types and validators', () => generateWebhookTypes(targets.webhooks, webhooks));
  await step('Postman collection', async () =>
    writeJson(path.join(targets.documents, 'postman/zapi.postman_collection.json'), await generatePostmanCollection(openapi, operations)),
  );
  console.log(
    `generated under ${path.relative(root, base) || '.'}/: ${operations.length} operations, ${kinds.length} webhook kinds, ${webhooks.examples.length} webhook examples ` +
      `in ${Math.round(performance.now() - started)} ms`,
  );
} catch (error) {
  console.error(`generate failed: ${error.message}`);
  process.exit(1);
}
