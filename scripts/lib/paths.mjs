// Where things live. Every script resolves paths from here so they run from any working directory.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specDir = path.join(root, 'spec');
export const schemasDir = path.join(specDir, 'schemas');
export const examplesDir = path.join(specDir, 'examples');
export const generatedDir = path.join(root, 'generated');

/**
 * Where `generate` writes, under a root (the repository, or a temp dir for the drift check): the
 * documents users read at the top level, and each package's generated code inside the package, so
 * that generated code never imports hand-written code and no package reaches outside itself.
 */
export const generatedTargets = (base = root) => ({
  documents: path.join(base, 'generated'),
  client: path.join(base, 'packages/client/src/generated'),
  webhooks: path.join(base, 'packages/webhooks/src/generated'),
  mock: path.join(base, 'packages/mock/src/generated'),
});
export const bin = (name) => path.join(root, 'node_modules', '.bin', name);
