// Bundles the hand-written documents into single files that other tools read (Prism, docs,
// openapi-typescript, the client and the mock).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bin, root } from '../lib/paths.mjs';
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
 * The REST document. Its webhooks' examples are not written in spec/openapi/: they are the files of
 * spec/examples/, which `addWebhookExamples` puts on each webhook as inline `value`s (what Prism and
 * Redoc read).
 */
export const bundleOpenApi = () => redoclyBundle('rest');

/** The webhooks document as written: its channels, operations and examples are added by `completeAsyncApi`. */
export const bundleAsyncApi = () => redoclyBundle('webhooks');

/** The sandbox's control API (`/_sandbox/...`), a document of its own: it is zapi-kit's, not Z-API's. */
export const bundleSandboxApi = () => redoclyBundle('sandbox');
