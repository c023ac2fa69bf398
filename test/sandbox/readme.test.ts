// The README's sandbox example is real code: it must be, byte for byte, test/sandbox/readme-example.test.ts,
// which the suite runs and its tsc run type-checks (test/types/typecheck.test.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { root } from '../support/spec.js';

it('the "Test your bot against the sandbox" example of the README is the type-checked file', async () => {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Test your bot against the sandbox'));
  expect(section, 'README section "Test your bot against the sandbox"').toBeDefined();
  const code = /```ts\n([\s\S]*?)```/.exec(section!)?.[1];
  expect(code).toContain("from '@zapi-kit/mock'");
  expect(code).toContain('startSandbox(');
  const checked = await readFile(path.join(root, 'test/sandbox/readme-example.test.ts'), 'utf8');
  expect(checked, 'copy the README example into test/sandbox/readme-example.test.ts').toBe(code);
});
