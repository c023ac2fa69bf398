// The published shape of @zapi-kit/client: its types resolve for ESM consumers, its runtime stays
// small, and it runs where only fetch exists (browsers, edge runtimes).
import { execFile } from 'node:child_process';
import { build } from 'esbuild';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { root } from '../support/spec.js';

/** min+gz of the whole client runtime, openapi-fetch included (openapi-fetch alone is about 2.9 KB). */
const SIZE_BUDGET_BYTES = 10 * 1024;
const clientDir = path.join(root, 'packages/client');

async function bundle(format: 'esm' | 'iife') {
  const result = await build({
    entryPoints: ['./dist/index.js'],
    absWorkingDir: clientDir,
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
  it(`runtime is at most ${SIZE_BUDGET_BYTES} bytes minified and gzipped`, async () => {
    const size = gzipSync(await bundle('esm'), { level: 9 }).length;
    console.log(`@zapi-kit/client runtime: ${size} bytes min+gz (budget ${SIZE_BUDGET_BYTES})`);
    expect(size).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
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
