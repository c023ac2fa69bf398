// Where things live. Every script resolves paths from here so they run from any working directory.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specDir = path.join(root, 'spec');
export const schemasDir = path.join(specDir, 'schemas');
export const examplesDir = path.join(specDir, 'examples');
export const generatedDir = path.join(root, 'generated');
export const bin = (name) => path.join(root, 'node_modules', '.bin', name);
