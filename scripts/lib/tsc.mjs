// How the benchmarks type-check a consumer of the client: the strict settings a user of a bundler
// has, without --skipLibCheck, so the client's declarations are checked too (one copy of the flags).
export const CONSUMER_TSC_FLAGS = [
  '--noEmit',
  '--strict',
  '--target',
  'es2022',
  '--module',
  'esnext',
  '--moduleResolution',
  'bundler',
  '--types',
  'node',
];
