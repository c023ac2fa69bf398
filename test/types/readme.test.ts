// Every TypeScript block of the READMEs compiles under --strict against the packages, as a user
// would paste it: a README example that does not compile is a bug report waiting to happen.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root } from '../support/spec.js';

const readmes = ['README.md', ...readdirSync(path.join(root, 'packages')).map((p) => `packages/${p}/README.md`)].filter((f) =>
  existsSync(path.join(root, f)),
);

/** The ```ts / ```typescript blocks of a markdown file, with the line each starts on. */
function blocksOf(file: string): Array<{ line: number; code: string }> {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const blocks: Array<{ line: number; code: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i]!));
    blocks.push({ line: start + 1, code: lines.slice(start, i).join('\n') });
  }
  return blocks;
}

it('every TypeScript block of the READMEs compiles under --strict', { timeout: 180_000 }, async () => {
  // Inside the project (so \`extends\` and \`paths\` resolve) but out of the root tsconfig and ESLint's reach.
  mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(path.join(root, 'node_modules/.cache/readme-'));
  try {
    const files: string[] = [];
    for (const readme of readmes) {
      for (const { line, code } of blocksOf(readme)) {
        const name = `${readme.replace(/[/.]/g, '_')}_L${line}.ts`;
        // Each block is its own module, as it would be in the user's project.
        writeFileSync(path.join(dir, name), `${code}\nexport {};\n`);
        files.push(name);
      }
    }
    expect(files.length, 'README.md has TypeScript examples').toBeGreaterThanOrEqual(2);
    const packages = ['client', 'webhooks', 'mock'].filter((p) => existsSync(path.join(root, 'packages', p, 'src/index.ts')));
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: {
          strict: true,
          noEmit: true,
          baseUrl: '.',
          paths: Object.fromEntries(packages.map((p) => [`@zapi-kit/${p}`, [`../../../packages/${p}/src/index.ts`]])),
        },
        files,
      }),
    );
    const result = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: root }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    // Name the README and line a failure comes from.
    const explained = result.replace(
      /[^\s(]*?(\w+)_md_L(\d+)\.ts\((\d+),\d+\)/g,
      (_, file: string, start: string, offset: string) => `${file}.md:${Number(start) + Number(offset) - 1}`,
    );
    expect(explained).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
