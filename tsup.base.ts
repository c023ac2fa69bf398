// The build every package shares: ESM with declarations, the private shared helpers bundled in.
import type { Options } from 'tsup';

export const packageBuild = (overrides: Options = {}): Options => ({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'es2022',
  dts: true,
  clean: true,
  noExternal: ['@zapi-kit/shared'],
  ...overrides,
});
