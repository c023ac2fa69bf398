// The docs as a person sees them: both pages render in headless Chromium with no network, show
// the navigation of every tag / channel, and a tag opens to its operations.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapi, specOperations } from '../support/spec.js';

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

/** Waits until the element shows; fails the test after 10 s. */
const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });
let browser: Browser;
let docs: string[];

describe.skipIf(!executablePath)('docs in a browser', () => {
  beforeAll(async () => {
    const { buildDocs } = await import('../../scripts/docs.mjs');
    docs = await buildDocs();
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  async function open(file: string) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    // Nothing may come from the network: the pages are self-contained.
    const external: string[] = [];
    await page.route(/^https?:/, (route) => {
      external.push(route.request().url());
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    return { page, external, errors, context };
  }

  it('rest.html shows every tag, and a tag opens to its operations', async () => {
    const { page, external, errors, context } = await open(docs[0]!);
    const tags = [...new Set(specOperations.map((op) => op.tag))];
    for (const tag of tags) await visible(page.getByRole('link', { name: tag, exact: true }).first());
    // Opening a tag in the navigation lists its operations by summary.
    await page.getByRole('link', { name: 'Messages', exact: true }).first().click();
    await visible(page.getByText('Send a poll', { exact: true }).first());
    await page.screenshot({ path: path.join(mkdtempSync(path.join(os.tmpdir(), 'zapi-docs-')), 'rest.png') });
    expect(errors).toEqual([]);
    // Images and icons may point at a CDN; scripts and styles must not.
    expect(external.filter((u) => /\.(js|css)(\?|$)/.test(u))).toEqual([]);
    await context.close();
  });

  it('webhooks.html shows one channel per webhook kind and its example payload', async () => {
    const { page, errors, context } = await open(docs[1]!);
    for (const kind of Object.keys(openapi.webhooks)) await visible(page.getByText(kind, { exact: true }).first());
    await visible(page.getByText('"type": "DeliveryCallback"').first());
    expect(errors).toEqual([]);
    await context.close();
  });
});
