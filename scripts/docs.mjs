#!/usr/bin/env node
// `pnpm docs`: the docs site in dist/docs/, self-contained pages that open from disk with no network:
//   index.html          links everything below
//   rest.html           the REST reference (Redoc), with client and curl samples per operation
//   webhooks.html       the webhook reference (Redoc), one message per dispatcher event
//   sandbox.html        the sandbox control API, when spec/sandbox/ exists
//   <guide>.html        the guides of docs/*.md and the decisions of spec/NOTES.md
// The Redoc pages are built from docs bundles (dist/docs-build/), the bundled documents plus what
// only the docs need; generated/ is not touched. Needs the built packages (`pnpm build`).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bin, generatedDir, root } from './lib/paths.mjs';
import { run } from './lib/run.mjs';
import { restDocsBundle } from './docs/rest-bundle.mjs';
import { webhooksDocsBundle } from './docs/webhooks-bundle.mjs';
import { loadWebhooksPackage } from './docs/webhook-events.mjs';
import { withoutRemoteAssets } from './docs/offline.mjs';
import { renderSite } from './docs/site.mjs';
import { typeConstants } from './docs/schema-display.mjs';

export const docsDir = path.join(root, 'dist', 'docs');
export const bundleDir = path.join(root, 'dist', 'docs-build');
const sandboxSpec = path.join(root, 'spec', 'sandbox', 'openapi.yaml');
const sandboxBundle = path.join(generatedDir, 'sandbox', 'openapi.json');

const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));

/**
 * Redoc's options for the OpenAPI pages. Redoc shows an `x-codeSamples` entry only when its language
 * is listed here (the default list has no TypeScript); the client call comes first.
 */
const OPENAPI_OPTIONS = { codeSamples: { languages: [{ lang: 'TypeScript' }, { lang: 'curl' }, { lang: 'Payload' }] } };

/** One Redoc page from a docs bundle, made to load nothing from the network. */
async function redocPage({ bundle, output, title, kind }) {
  const source = path.join(bundleDir, bundle);
  const file = path.join(docsDir, output);
  const options = kind === 'openapi' ? ['--openapi', JSON.stringify(OPENAPI_OPTIONS)] : [];
  await run(bin('redocly'), ['build-docs', source, '--inlineBundle', '--title', title, ...options, '-o', file], { cwd: root });
  await writeFile(file, withoutRemoteAssets(await readFile(file, 'utf8'), output));
  return file;
}

export async function buildDocs({ log = () => {} } = {}) {
  const started = performance.now();
  const lap = (what, t) => log(`  ${what} (${Math.round(performance.now() - t)} ms)`);
  // A fresh site each time: a page whose source is gone (sandbox.html without spec/sandbox/) must not linger.
  await Promise.all([rm(docsDir, { recursive: true, force: true }), rm(bundleDir, { recursive: true, force: true })]);
  await Promise.all([mkdir(docsDir, { recursive: true }), mkdir(bundleDir, { recursive: true })]);

  let t = performance.now();
  const webhooks = await loadWebhooksPackage();
  const [openapi, asyncapi] = await Promise.all([
    readJson(path.join(generatedDir, 'openapi.json')),
    readJson(path.join(generatedDir, 'asyncapi.json')),
  ]);
  const rest = restDocsBundle(openapi, webhooks);
  const events = webhooksDocsBundle(asyncapi, webhooks);
  const pages = [
    { bundle: 'openapi.json', doc: rest.doc, output: 'rest.html', title: 'Z-API REST API — zapi-kit', kind: 'openapi' },
    { bundle: 'asyncapi.json', doc: events.doc, output: 'webhooks.html', title: 'Z-API webhooks — zapi-kit', kind: 'asyncapi' },
  ];
  const withSandbox = existsSync(sandboxSpec);
  if (withSandbox) {
    if (!existsSync(sandboxBundle))
      throw new Error(`spec/sandbox/openapi.yaml exists but ${path.relative(root, sandboxBundle)} does not: run \`pnpm generate\``);
    const sandbox = await readJson(sandboxBundle);
    typeConstants(sandbox);
    sandbox.info.description = `[← zapi-kit docs](index.html) · [Testing your bot](testing.html)\n\n${sandbox.info.description ?? ''}`;
    pages.push({ bundle: 'sandbox.json', doc: sandbox, output: 'sandbox.html', title: 'Sandbox control API — zapi-kit', kind: 'openapi' });
  }
  await Promise.all(pages.map((p) => writeFile(path.join(bundleDir, p.bundle), `${JSON.stringify(p.doc, null, 2)}\n`)));
  lap(`docs bundles: ${rest.operations} operations with samples, ${events.events.length} webhook events`, t);

  t = performance.now();
  const [site, ...redoc] = await Promise.all([renderSite(docsDir, { sandbox: withSandbox }), ...pages.map(redocPage)]);
  lap(`${redoc.length} Redoc pages and ${site.guides.length} guides`, t);
  log(`  docs built in ${Math.round(performance.now() - started)} ms`);
  return {
    index: site.index,
    rest: redoc[0],
    webhooks: redoc[1],
    ...(withSandbox && { sandbox: redoc[2] }),
    guides: site.guides,
    events: events.events,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const docs = await buildDocs({ log: console.log }).catch((error) => {
    console.error(`docs failed: ${error.message}`);
    process.exit(1);
  });
  for (const file of [docs.index, docs.rest, docs.webhooks, docs.sandbox, ...docs.guides.map((g) => g.file)].filter(Boolean))
    console.log(`docs: ${path.relative(root, file)}`);
}
