// Code lint stays at 0 errors and 0 warnings (spec lint is in test/spec).
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';
import { root } from './support/spec.js';

it('eslint: 0 errors and 0 warnings', async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
  expect(problems).toEqual([]);
});
