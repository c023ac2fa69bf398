import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'es2022',
  dts: true,
  clean: true,
  // The shared helpers are private: bundle them in rather than depend on an unpublished package.
  noExternal: ['@zapi-kit/shared'],
});
