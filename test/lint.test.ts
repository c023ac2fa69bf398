// Code lint stays at 0 errors and 0 warnings, and the code is as Prettier formats it (spec lint is in test/spec).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';
import { root } from './support/spec.js';

it('eslint: 0 errors and 0 warnings', async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  const problems = results.flatMap((r) =>
    r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId ?? ''} ${m.message}`),
  );
  expect(problems).toEqual([]);
});

it('prettier: 0 files differ from their formatted form (`pnpm format` writes them)', () => {
  const bin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
  const r = spawnSync(process.execPath, [bin, '--list-different', '.'], { cwd: root, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n').filter(Boolean)).toEqual([]);
  expect(r.status).toBe(0);
});
