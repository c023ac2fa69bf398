import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// `raw` is an entry of its own: openapi-fetch and the paths types stay out of a program that does not import it.
export default defineConfig(packageBuild({ entry: ['src/index.ts', 'src/raw.ts'] }));
