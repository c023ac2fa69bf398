#!/usr/bin/env node
// A package's build, one part at a time (see tsup.base.ts): `node ../../scripts/build-package.mjs js`
// or `types`, run by turbo in the package's directory. Without a part, both (tsup alone does that too).
import { build } from 'tsup';

const part = process.argv[2];
if (part !== undefined && part !== 'js' && part !== 'types') {
  console.error(`build-package: unknown part "${part}"; use js or types`);
  process.exit(2);
}
if (part) process.env.ZAPI_BUILD_PART = part;
try {
  await build({});
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
