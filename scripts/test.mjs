#!/usr/bin/env node
// The whole test suite (README's test command; CI runs it through .ci/run). Runs vitest and ends
// with the line `N passed, N failed`, which vitest's own summary does not print.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, root } from './lib/paths.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-test-'));
const report = path.join(dir, 'vitest.json');
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

let summary;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  summary = {
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
    files: json.numFailedTestSuites,
  };
} catch {
  summary = undefined;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (!summary) {
  console.log(`vitest produced no report (exit ${run.status ?? run.signal})`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// A suite that fails to load counts no test of its own: count it as a failure so it cannot hide.
const failed = summary.failed + (summary.failed === 0 && run.status !== 0 ? Math.max(summary.files, 1) : 0);
console.log(`${summary.passed} passed, ${failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
