// Bundles the hand-written documents into single files that other tools read (Prism, docs,
// openapi-typescript, the client and the mock).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, examplesDir, root } from '../lib/paths.mjs';
import { run } from '../lib/run.mjs';

async function redoclyBundle(api) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zapi-bundle-'));
  try {
    const out = path.join(dir, `${api}.json`);
    await run(bin('redocly'), ['bundle', api, '--config', 'redocly.yaml', '-o', out], { cwd: root });
    return JSON.parse(await readFile(out, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * OpenAPI examples of webhook payloads point at the shared files in spec/examples/ through
 * `externalValue` (Redocly does not resolve `$ref` inside `value`). Tools such as Prism and Redoc
 * only use inline values, so the bundle carries the file's content as `value`.
 */
async function inlineExternalValues(node) {
  if (Array.isArray(node)) {
    for (const item of node) await inlineExternalValues(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.externalValue === 'string') {
    const file = path.join(examplesDir, path.basename(node.externalValue));
    if (!existsSync(file)) throw new Error(`externalValue ${node.externalValue} is not a file of spec/examples/`);
    node.value = JSON.parse(await readFile(file, 'utf8'));
    delete node.externalValue;
  }
  for (const value of Object.values(node)) await inlineExternalValues(value);
}

export async function bundleOpenApi() {
  const doc = await redoclyBundle('rest');
  await inlineExternalValues(doc);
  return doc;
}

export const bundleAsyncApi = () => redoclyBundle('webhooks');

/** The sandbox's control API (`/_sandbox/...`), a document of its own: it is zapi-kit's, not Z-API's. */
export const bundleSandboxApi = () => redoclyBundle('sandbox');
