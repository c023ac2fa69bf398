// The published shape of @zapi-kit/client: its runtime stays small and runs where only fetch exists
// (browsers, edge runtimes). Its types, from ESM and CommonJS, are checked on the installed package
// by test/packages/consumer.test.ts.
import { build, type Plugin } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { root } from '../support/spec.js';

/**
 * The budget: what a user ships for one call (createZapiClient + sendText), bundled and
 * minified from the built package, gzipped, operation table included. The table's share is printed,
 * since it grows with every operation the spec gains.
 */
const ONE_CALL_BUDGET_BYTES = 8_000;
const clientDir = path.join(root, 'packages/client');

/** Replaces the generated operation table with an empty one, to show its share. */
const withoutTable: Plugin = {
  name: 'without-operation-table',
  setup(b) {
    b.onLoad({ filter: /client[\\/]src[\\/]generated[\\/]operations\.ts$/ }, () => ({
      contents: 'export const operations = {};',
      loader: 'ts',
    }));
  },
};

/** A program that makes one call, as a user writes it. */
const oneCall = (from: string) => ({
  contents: `import { createZapiClient } from ${JSON.stringify(from)};
const zapi = createZapiClient({ instanceId: 'I', token: 'T', clientToken: 'C' });
console.log(await zapi.messages.sendText({ phone: '5511999999999', message: 'hi' }));`,
  resolveDir: clientDir,
  loader: 'js' as const,
});

async function bundleOneCall(from: string, plugins: Plugin[] = []) {
  const result = await build({
    stdin: oneCall(from),
    absWorkingDir: clientDir,
    plugins,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

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
  it(`a one-call program ships at most ${ONE_CALL_BUDGET_BYTES} bytes minified and gzipped, without openapi-fetch`, async () => {
    const gz = (text: string) => gzipSync(text).length;
    const shipped = await bundleOneCall('./dist/index.js');
    const total = gz(shipped);
    const table = total - gz(await bundleOneCall('./src/index.ts', [withoutTable]));
    console.log(
      `one-call program (createZapiClient + sendText) min+gz: ${total} bytes (budget ${ONE_CALL_BUDGET_BYTES}), of which about ${table} the operation table`,
    );
    expect(total).toBeLessThanOrEqual(ONE_CALL_BUDGET_BYTES);
    // openapi-fetch lives behind @zapi-kit/client/raw: its `querySerializer` must not be in the bundle.
    expect(shipped).not.toMatch(/querySerializer|bodySerializer/);
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
