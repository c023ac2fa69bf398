// The build every package shares: ESM and CommonJS, each with its declarations (index.d.ts for
// import, index.d.cts for require), the private shared helpers bundled in.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Options } from 'tsup';

/**
 * Which part of the build this run makes (set by scripts/build-package.mjs): `js` (the ESM and
 * CommonJS code, seconds) or `types` (the declarations, ten times slower). Apart, turbo caches each
 * on its own, and `npm start`, which runs code only, never waits for the declarations.
 */
export type BuildPart = 'js' | 'types';
const part = process.env.ZAPI_BUILD_PART as BuildPart | undefined;
const isDeclaration = (file: string) => /\.d\.c?ts$/.test(file);

/** Removes this part's old files from dist/ and leaves the other part's (both may build at once). */
function clean(ownFile: (file: string) => boolean): void {
  let files: string[];
  try {
    files = readdirSync('dist', { recursive: true, encoding: 'utf8' });
  } catch {
    return; // no dist/ yet
  }
  for (const file of files) if (ownFile(file)) rmSync(path.join('dist', file), { recursive: true, force: true });
}

export const packageBuild = ({ dts, onSuccess, ...overrides }: Options = {}): Options => {
  // Cleaned here, once, rather than by tsup's `clean`, which each format's build would run again.
  if (part === 'js') clean((file) => !isDeclaration(file));
  else if (part === 'types') clean(isDeclaration);
  else rmSync('dist', { recursive: true, force: true });
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    target: 'es2022',
    // The shared helpers' types go into the declarations too: a user has no @zapi-kit/shared.
    dts: part === 'js' ? false : { resolve: ['@zapi-kit/shared'], ...(typeof dts === 'object' ? dts : {}), only: part === 'types' },
    // The CommonJS build gets `import.meta.url` (the mock locates Prism with it) from a shim.
    shims: true,
    // Entries (index and cli) share their code in a chunk in both formats, instead of each a copy.
    splitting: true,
    noExternal: ['@zapi-kit/shared'],
    ...(part !== 'types' && onSuccess && { onSuccess }),
    ...overrides,
  };
};
