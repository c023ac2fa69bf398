// The published shape of @zapi-kit/client: its types resolve for ESM consumers, its runtime stays
// small, and it runs where only fetch exists (browsers, edge runtimes).
import { execFile } from 'node:child_process';
import { build, type Plugin } from 'esbuild';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { root } from '../support/spec.js';

/**
 * min+gz budgets. The runtime code (openapi-fetch, about 2.9 KB of it, included) is measured with
 * the generated operation table stubbed out; the table, which grows with every operation the spec
 * gains, has a budget of its own.
 */
const CODE_BUDGET_BYTES = 8 * 1024;
const TABLE_BUDGET_BYTES = 6 * 1024;
const clientDir = path.join(root, 'packages/client');

/** Replaces the generated operation table with an empty one, to weigh the code alone. */
const withoutTable: Plugin = {
  name: 'without-operation-table',
  setup(b) {
    b.onLoad({ filter: /client[\\/]src[\\/]generated[\\/]operations\.ts$/ }, () => ({ contents: 'export const operations = {};', loader: 'ts' }));
  },
};

async function bundle(format: 'esm' | 'iife', from: 'dist' | 'src' = 'dist', plugins: Plugin[] = []) {
  const result = await build({
    entryPoints: [from === 'dist' ? './dist/index.js' : './src/index.ts'],
    absWorkingDir: clientDir,
    plugins,
    bundle: true,
    minify: true,
    format,
    globalName: 'ZapiKit',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('@zapi-kit/client package', () => {
  it(`runtime code is at most ${CODE_BUDGET_BYTES} bytes and the operation table at most ${TABLE_BUDGET_BYTES}, minified and gzipped`, async () => {
    const gz = (text: string) => gzipSync(text, { level: 9 }).length;
    const total = gz(await bundle('esm', 'src'));
    const code = gz(await bundle('esm', 'src', [withoutTable]));
    const table = total - code;
    console.log(`@zapi-kit/client min+gz: ${total} bytes = code ${code} (budget ${CODE_BUDGET_BYTES}) + operation table ${table} (budget ${TABLE_BUDGET_BYTES})`);
    expect(code).toBeLessThanOrEqual(CODE_BUDGET_BYTES);
    expect(table).toBeLessThanOrEqual(TABLE_BUDGET_BYTES);
  });

  it('has types that resolve for ESM consumers (are-the-types-wrong, esm-only profile)', async () => {
    const attw = path.join(root, 'node_modules/.bin/attw');
    const result = await promisify(execFile)(attw, ['--pack', '.', '--profile', 'esm-only', '--format', 'json'], { cwd: clientDir }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    const analysis = JSON.parse(result.stdout) as { problems?: Record<string, unknown[]> | unknown[] };
    expect(result.code, JSON.stringify(analysis.problems)).toBe(0);
  });

  it('runs in a runtime that has fetch and no Node APIs', async () => {
    const code = await bundle('iife');
    expect(code).not.toMatch(/\brequire\(["']node:/);
    // A context with the web platform's globals only: no process, Buffer, require or module.
    const context = vm.createContext({
      fetch,
      Headers,
      Request,
      Response,
      URL,
      URLSearchParams,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      FormData,
      Blob,
      setTimeout,
      clearTimeout,
      console,
    });
    vm.runInContext(code, context);
    const status = await vm.runInContext(
      `ZapiKit.createZapiClient({ instanceId: 'I1', token: 'TOKEN1', clientToken: 'CT1', baseUrl: ${JSON.stringify(inject('mockUrl'))} }).instance.getStatus()`,
      context,
    );
    expect(status).toMatchObject({ connected: true });
  });
});
