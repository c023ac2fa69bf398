// The build every package shares: ESM and CommonJS, each with its declarations (index.d.ts for
// import, index.d.cts for require), the private shared helpers bundled in.
import { rmSync } from 'node:fs';
import type { Options } from 'tsup';

export const packageBuild = ({ dts, ...overrides }: Options = {}): Options => {
  // Cleaned here, once, rather than by tsup's `clean`, which each format's build would run again.
  rmSync('dist', { recursive: true, force: true });
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    target: 'es2022',
    // The shared helpers' types go into the declarations too: a user has no @zapi-kit/shared.
    dts: { resolve: ['@zapi-kit/shared'], ...(typeof dts === 'object' ? dts : {}) },
    // The CommonJS build gets `import.meta.url` (the mock locates Prism with it) from a shim.
    shims: true,
    // Entries (index and cli) share their code in a chunk in both formats, instead of each a copy.
    splitting: true,
    noExternal: ['@zapi-kit/shared'],
    ...overrides,
  };
};
