// Runs the compiler over the packages, the generated code and the compile-only type tests
// (test/types/*.types.ts): a mistake the types should catch that compiles fails here.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root } from '../support/spec.js';

it('tsc --noEmit passes, so every @ts-expect-error in the type tests is still an error', { timeout: 180_000 }, async () => {
  const result = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: root }).then(
    () => ({ code: 0, output: '' }),
    (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
  );
  expect(result.output).toBe('');
  expect(result.code).toBe(0);
});
