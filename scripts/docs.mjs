#!/usr/bin/env node
// `pnpm docs`: self-contained HTML reference for the REST API and for the webhooks, built from the
// bundled documents into dist/docs/. --inlineBundle embeds Redoc: the default page loads it from a CDN.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { bin, generatedDir, root } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

export const docsDir = path.join(root, 'dist', 'docs');
export const DOCS = [
  { source: 'openapi.json', output: 'rest.html', title: 'Z-API REST API — zapi-kit' },
  { source: 'asyncapi.json', output: 'webhooks.html', title: 'Z-API webhooks — zapi-kit' },
  { source: 'sandbox/openapi.json', output: 'sandbox.html', title: 'Sandbox control API — zapi-kit' },
];

export async function buildDocs() {
  await mkdir(docsDir, { recursive: true });
  await Promise.all(
    DOCS.map((d) =>
      run(bin('redocly'), ['build-docs', path.join(generatedDir, d.source), '--inlineBundle', '--title', d.title, '-o', path.join(docsDir, d.output)], {
        cwd: root,
      }),
    ),
  );
  return DOCS.map((d) => path.join(docsDir, d.output));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await buildDocs().catch((error) => {
    console.error(`docs failed: ${error.message}`);
    process.exit(1);
  });
  for (const file of files) console.log(`docs: ${path.relative(root, file)}`);
}
