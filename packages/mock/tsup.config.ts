import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/cli.ts'],
    target: 'node20',
    platform: 'node',
    dts: { entry: 'src/index.ts' },
    // Prism's child loads this file by path, next to the module that starts Prism (see prism.ts).
    onSuccess: async () => copyFileSync('src/prism-child.mjs', 'dist/prism-child.mjs'),
  }),
);
