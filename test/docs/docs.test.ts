// The docs site as a user gets it: built once by `pnpm docs`'s function, then read as files (what
// each page embeds) and opened in Debian's Chromium with every non-file request refused.
// Expectations come from the spec and the guides' sources, not from the docs build's code.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openapi, root, specOperations } from '../support/spec.js';
import { codeBlocks, embeddedDefinition, remoteResources } from './site.js';

interface CodeSample {
  lang: string;
  label?: string;
  source: string;
}
interface Built {
  index: string;
  rest: string;
  webhooks: string;
  sandbox?: string;
  guides: { file: string; title: string; output: string }[];
}
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let docs: Built;
let buildMs: number;
const screenshots = path.join(root, 'dist', 'docs-screenshots');

// The guides' sources and their titles, read here from the markdown itself.
const guideSources = ['docs/quick-start.md', 'docs/receiving-webhooks.md', 'docs/testing.md', 'spec/NOTES.md'];
const titleOf = (file: string) => /^# (.+)$/m.exec(readFileSync(path.join(root, file), 'utf8'))![1]!;

// Every event the dispatcher can fire, from the spec: each kind, and `ReceivedCallback.<variant>`.
const receivedSchema = (openapi.components.schemas as Json).ReceivedCallback;
const variants: string[] = receivedSchema['x-zapi-variants'];
const kinds = Object.keys(openapi.webhooks);
const eventNames = [...kinds.filter((k) => k !== 'ReceivedCallback'), ...variants.map((v) => `ReceivedCallback.${v}`)];

beforeAll(async () => {
  const { buildDocs } = await import('../../scripts/docs.mjs');
  const started = performance.now();
  docs = (await buildDocs()) as Built;
  buildMs = performance.now() - started;
  await mkdir(screenshots, { recursive: true });
}, 120_000);

describe('docs site', () => {
  it('builds every page into dist/docs/, none of which loads anything from the network', () => {
    const pages = readdirSync(path.dirname(docs.index)).filter((f) => f.endsWith('.html'));
    expect(pages).toEqual(expect.arrayContaining(['index.html', 'rest.html', 'webhooks.html', ...docs.guides.map((g) => g.output)]));
    for (const page of pages) {
      const html = readFileSync(path.join(path.dirname(docs.index), page), 'utf8');
      expect(remoteResources(html), page).toEqual([]);
      // Redoc's badge logo is the one CDN asset it loads by default (its icon URLs are never fetched).
      expect(html.includes('cdn.redoc.ly/redoc/logo'), page).toBe(false);
    }
    console.log(`docs built in ${Math.round(buildMs)} ms`);
  });

  it('shows every operation with a TypeScript client call and a curl command from its example', () => {
    const rest = embeddedDefinition(docs.rest) as Json;
    const document = openapi as unknown as Json;
    for (const { operationId, method, path: p } of specOperations) {
      // The expected call, read from the document itself: the tag, and the security that makes it a partner call.
      const operation = document.paths[p][method];
      const shown = rest.paths[p][method];
      const samples: CodeSample[] = shown['x-codeSamples'] ?? [];
      const ts = samples.find((s) => s.label === 'TypeScript');
      const curl = samples.find((s) => s.label === 'curl');
      const tag: string = operation.tags[0];
      const partner = (operation.security ?? []).some((s: Json) => 'PartnerToken' in s);
      const call = partner ? `partner.${operationId}(` : `zapi.${tag[0]!.toLowerCase()}${tag.slice(1)}.${operationId}(`;
      expect(ts?.source, `${operationId}: TypeScript sample`).toContain(`await ${call}`);
      expect(curl?.source, `${operationId}: curl sample`).toContain(`curl -X ${method.toUpperCase()} "https://api.z-api.io`);
      expect(curl?.source).toContain(partner ? 'Authorization: Bearer $ZAPI_PARTNER_TOKEN' : 'Client-Token: $ZAPI_CLIENT_TOKEN');
      // Searchable by the SDK's name: in the title, and the description names the method.
      expect(shown.summary).toContain(operationId);
      expect(shown.description).toContain(call.slice(0, -1));
      // The request's example values are in the samples.
      const body = operation.requestBody?.content['application/json'];
      const example = body?.example ?? (Object.values(body?.examples ?? {})[0] as Json | undefined)?.value;
      if (example && typeof example === 'object' && !Array.isArray(example)) {
        for (const [field, value] of Object.entries(example).filter(([, v]) => typeof v === 'string')) {
          expect(ts!.source, `${operationId}.${field}`).toContain(field);
          expect(curl!.source, `${operationId}.${field}`).toContain(JSON.stringify(value).slice(1, -1).replace(/'/g, `'\\''`));
        }
      }
    }
  });

  it('every TypeScript sample compiles with tsc --strict against the built packages', async () => {
    const rest = embeddedDefinition(docs.rest) as Json;
    const webhooks = embeddedDefinition(docs.webhooks) as Json;
    const samples: [string, string][] = specOperations.map(({ operationId, method, path: p }) => [
      operationId,
      (rest.paths[p][method]['x-codeSamples'] as CodeSample[]).find((s) => s.label === 'TypeScript')!.source,
    ]);
    for (const [name, message] of Object.entries(webhooks.components.messages as Json)) {
      codeBlocks(message.description, 'typescript').forEach((source, i) => samples.push([`${name}.${i}`, source]));
    }
    for (const [kind, item] of Object.entries(rest.webhooks as Json)) {
      codeBlocks(item.post.description, 'typescript').forEach((source, i) => samples.push([`webhook.${kind}.${i}`, source]));
    }
    expect(samples.length).toBeGreaterThanOrEqual(specOperations.length + eventNames.length + kinds.length);
    const dir = path.join(root, 'dist', 'docs-samples');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await Promise.all(samples.map(([name, source]) => writeFile(path.join(dir, `${name}.ts`), `${source}\nexport {};\n`)));
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM'],
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules/@types')],
        // What a user installs: the published entry points of the built packages.
        paths: {
          '@zapi-kit/client': [path.join(root, 'packages/client/dist/index.d.ts')],
          '@zapi-kit/webhooks': [path.join(root, 'packages/webhooks/dist/index.d.ts')],
        },
      },
      include: ['*.ts'],
    };
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const result = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  // One test per tag keeps each under the suite's per-test budget: every request goes through Prism.
  const tags = [...new Set(specOperations.map((op) => op.tag))];
  it.each(tags)('every curl sample of %s, run against the mock, gets a 2xx answer', async (tag) => {
    const rest = embeddedDefinition(docs.rest) as Json;
    const mockUrl = inject('mockUrl');
    const operations = specOperations.filter((op) => op.tag === tag);
    // Each command as printed, pointed at the mock, printing "<operationId> <status>" instead of the body.
    const script = operations
      .flatMap(({ operationId, method, path: p }) => {
        const curl = (rest.paths[p][method]['x-codeSamples'] as CodeSample[]).find((s) => s.label === 'curl')!.source;
        return curl
          .split('\n\n')
          .map(
            (command) =>
              `${command.replaceAll('https://api.z-api.io', mockUrl).replace(/ \\\n\s+-o \S+$/, '')} -s -o /dev/null -w '${operationId} %{http_code}\\n'`,
          );
      })
      .join('\n');
    const env = { ...process.env, ZAPI_INSTANCE_ID: 'I1', ZAPI_INSTANCE_TOKEN: 'T1', ZAPI_CLIENT_TOKEN: 'C1', ZAPI_PARTNER_TOKEN: 'P1' };
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { env, maxBuffer: 1 << 20 });
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]);
    expect(answers.filter(([, status]) => !/^2\d\d$/.test(status))).toEqual([]);
    expect(new Set(answers.map(([id]) => id)).size).toBe(operations.length);
  });

  it('shows one webhook message per dispatcher event, with its name, its handler and its examples, plainest first', () => {
    const doc = embeddedDefinition(docs.webhooks) as Json;
    const messages = doc.components.messages as Json;
    expect(Object.keys(messages).sort()).toEqual([...eventNames].sort());
    for (const name of eventNames) {
      expect(messages[name].title).toBe(name);
      expect(messages[name].description).toContain(`dispatcher.on('${name}', ({ payload }) => {`);
    }
    // Every example of spec/examples/ is shown once, under the event its file is named after.
    const files = readdirSync(path.join(root, 'spec/examples')).filter((f) => f.endsWith('.json'));
    const shown = Object.entries(messages).flatMap(([name, m]) => (m.examples ?? []).map((e: Json) => ({ name, payload: e.payload })));
    expect(shown.length).toBe(files.length);
    for (const file of files) {
      const [kind, variant] = file.replace(/\.json$/, '').split('.');
      const event = kind === 'ReceivedCallback' ? `${kind}.${variant}` : kind!;
      const payload = JSON.parse(readFileSync(path.join(root, 'spec/examples', file), 'utf8'));
      // GIFs and PTVs arrive under `video` (NOTES H10): the file name says ptv, the payload says video.
      const under = shown.filter((s) => JSON.stringify(s.payload) === JSON.stringify(payload)).map((s) => s.name);
      expect(under.length, file).toBe(1);
      if (!(event === 'ReceivedCallback.video' || event === 'ReceivedCallback.ptv')) expect(under[0], file).toBe(event);
    }
    // Plainest first: a text message before any other received event, the plain file first under its
    // event, the lifecycle order of statuses, the delivery without error first.
    const received = doc.channels.ReceivedCallback.messages as Json;
    expect(Object.keys(received)[0]).toBe('ReceivedCallback.text');
    const first = (name: string) => JSON.stringify(messages[name].examples[0].payload);
    const file = (name: string) => JSON.stringify(JSON.parse(readFileSync(path.join(root, 'spec/examples', `${name}.json`), 'utf8')));
    expect(first('ReceivedCallback.text')).toBe(file('ReceivedCallback.text'));
    expect(first('ReceivedCallback.image')).toBe(file('ReceivedCallback.image'));
    expect(first('ReceivedCallback.notification')).not.toContain('GROUP_MEMBER');
    expect(messages.MessageStatusCallback.examples.map((e: Json) => e.payload.status)).toEqual([
      'SENT',
      'RECEIVED',
      'READ',
      'READ_BY_ME',
      'PLAYED',
    ]);
    expect(first('DeliveryCallback')).toBe(file('DeliveryCallback'));
    // The REST page's webhooks show the same order and name each example by its event.
    const restHooks = (embeddedDefinition(docs.rest) as Json).webhooks;
    const restReceived = Object.values(restHooks.ReceivedCallback.post.requestBody.content['application/json'].examples) as Json[];
    expect(restReceived[0]!.summary).toBe('ReceivedCallback.text');
  });

  it('shows the `type` of every webhook payload as its constant', () => {
    for (const file of [docs.webhooks, docs.rest]) {
      const schemas = (embeddedDefinition(file) as Json).components.schemas as Json;
      for (const kind of kinds)
        expect(schemas[kind].properties.type, `${kind} in ${path.basename(file)}`).toEqual({ type: 'string', const: kind });
    }
  });

  it('renders the index and the guides from docs/*.md and spec/NOTES.md', () => {
    const index = readFileSync(docs.index, 'utf8');
    for (const source of guideSources) {
      const guide = docs.guides.find((g) => g.title === titleOf(source).replace(/`/g, ''));
      expect(guide, source).toBeDefined();
      expect(index).toContain(`href="${guide!.output}"`);
      expect(readFileSync(guide!.file, 'utf8')).not.toMatch(/<script/i);
    }
    for (const page of ['rest.html', 'webhooks.html']) expect(index).toContain(`href="${page}"`);
    if (existsSync(path.join(root, 'spec/sandbox/openapi.yaml'))) expect(index).toContain('href="sandbox.html"');
    // Links between guides point at pages, not at markdown files.
    for (const g of docs.guides) expect(readFileSync(g.file, 'utf8').match(/href="[^"]*\.md(#[^"]*)?"/g), g.output).toBeNull();
  });
});

/** Debian's Chromium (.ci/run installs it); Playwright's own download does not work on these machines. */
function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found && existsSync(found)) return found;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

const executablePath = findChromium();
/** Waits until the element shows; fails after 45 s (Redoc hydrates a 3 MB page; a loaded 2-core machine needs that). */
const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 45_000 });

describe.skipIf(!executablePath)('docs in a browser, offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  /** Opens a page with every request that is not a file refused and recorded. */
  async function open(file: string, hash = ''): Promise<{ page: Page; context: BrowserContext; requests: string[]; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}${hash}`);
    return { page, context, requests, errors };
  }

  async function close({ context, requests, errors }: { context: BrowserContext; requests: string[]; errors: string[] }) {
    await context.close();
    expect(requests, 'requests that left the disk').toEqual([]);
    expect(errors).toEqual([]);
  }

  it('rest.html: searching sendText finds the operation, which shows its client call', async () => {
    const opened = await open(docs.rest);
    const { page } = opened;
    for (const tag of ['Instance', 'Messages', 'Partner', 'Webhooks'])
      await visible(page.getByRole('link', { name: tag, exact: true }).first());
    await page.getByTestId('search-trigger').click();
    await page.keyboard.type('sendText');
    const hit = page.getByTestId('search-dialog').getByText('Send a text message · sendText', { exact: true }).first();
    await visible(hit);
    await page.screenshot({ path: path.join(screenshots, 'rest-search-sendText.png') });
    await hit.click();
    await visible(page.getByText('await zapi.messages.sendText({', { exact: false }).first());
    await visible(page.getByText('zapi.messages.sendText()', { exact: true }).first());
    await page.screenshot({ path: path.join(screenshots, 'rest-sendText.png') });
    await close(opened);
  }, 120_000);

  it('webhooks.html: a variant shows its dispatcher event name and handler', async () => {
    const opened = await open(docs.webhooks);
    const { page } = opened;
    for (const kind of kinds) await visible(page.getByText(kind, { exact: true }).first());
    await page.getByText('ReceivedCallback', { exact: true }).first().click();
    // The channel opens on its plainest event; the message list switches to another one.
    const picker = page.getByRole('button', { name: 'ReceivedCallback.text' }).first();
    await visible(picker);
    await picker.click();
    await page.getByText('ReceivedCallback.image', { exact: true }).last().click();
    await visible(page.getByText("dispatcher.on('ReceivedCallback.image'", { exact: false }).first());
    await visible(page.locator('code', { hasText: /^ReceivedCallback\.image$/ }).first());
    await page.screenshot({ path: path.join(screenshots, 'webhooks-ReceivedCallback.image.png') });
    await close(opened);
  }, 120_000);

  it('index.html links every guide, and each guide opens with its title', async () => {
    const opened = await open(docs.index);
    const { page } = opened;
    await page.screenshot({ path: path.join(screenshots, 'index.png'), fullPage: true });
    for (const source of guideSources) {
      const title = titleOf(source).replace(/`/g, '');
      await page.locator('main').getByRole('link', { name: title, exact: true }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));
      await page.screenshot({ path: path.join(screenshots, `guide-${path.basename(source, '.md')}.png`) });
      await page.goBack();
    }
    for (const name of ['REST API reference', 'Webhook reference', ...(docs.sandbox ? ['Sandbox control API'] : [])]) {
      await visible(page.locator('main').getByRole('link', { name, exact: true }));
    }
    await close(opened);
  }, 120_000);
});
