// What the tests know about the spec: the operation model that `generate` wrote (the one reader of
// the OpenAPI document is packages/shared/src/spec-model.js) and the bundled document itself, which
// the tests hand to ajv to validate values by the model's schema pointers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecOperation } from '../../packages/shared/src/index.js';

export type { SpecOperation };

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const generated = (...parts: string[]) => path.join(root, 'generated', ...parts);

const readJson = (file: string): unknown => JSON.parse(readFileSync(generated(file), 'utf8'));

/** The bundled OpenAPI document (for ajv and for what a test checks inside the document itself). */
export const openapi = readJson('openapi.json') as {
  components: { parameters: Record<string, { example?: unknown }>; schemas: Record<string, object> };
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { examples?: Record<string, { value?: unknown }> }> } } }>;
};

/** Every operation, as generated/operations.json describes it. */
export const specOperations = readJson('operations.json') as SpecOperation[];

/**
 * How many operations the document's `paths` declare, counted without reading their structure: each
 * operation object carries exactly one `"operationId"` key. Meta-tests compare coverage with it.
 */
export const declaredOperationCount = (JSON.stringify((openapi as unknown as { paths: object }).paths).match(/"operationId":/g) ?? [])
  .length;
