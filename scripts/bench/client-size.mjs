#!/usr/bin/env node
// The bytes a user ships for one call (issue goal: ≤ 8,000 B min+gz): a consumer that creates the
// client and calls sendText, bundled by esbuild from the built package, table and openapi-fetch
// included. Lists the largest inputs, so the next cut is visible.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../lib/paths.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-size-'));
const entry = path.join(dir, 'consumer.mjs');
writeFileSync(
  entry,
  `import { createZapiClient } from ${JSON.stringify(path.join(root, 'packages/client/dist/index.js'))};
const zapi = createZapiClient({ instanceId: 'I', token: 'T', clientToken: 'C' });
console.log(await zapi.messages.sendText({ phone: '5511999999999', message: 'hi' }));
`,
);
try {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    metafile: true,
  });
  const bytes = result.outputFiles[0].contents;
  const gz = gzipSync(bytes).length;
  console.log(
    `one-call consumer (createZapiClient + sendText): ${bytes.length} B minified, ${gz} B min+gz (goal ≤ 8000 B: ${gz <= 8000 ? 'met' : 'not met'})`,
  );
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  for (const [file, { bytesInOutput }] of Object.entries(inputs)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 4)) {
    console.log(`  ${String(bytesInOutput).padStart(6)} B minified  ${path.relative(root, file)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
