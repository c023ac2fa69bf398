#!/usr/bin/env node
// `pnpm spec:diff [--base REF] [--check] [--json]`: what changed in the REST API between the bundled
// spec at a git ref (default: the last release tag) and now, each change classified by
// api-smart-diff: breaking (removed operation, narrowed type or range, new required field, ...),
// non-breaking (new optional field, new operation, ...) or other (descriptions, examples).
//   --check   exit 1 when a change is breaking and no changeset in .changeset/ asks for a major
//             version (the test suite and `pnpm release` run this)
//   --json    the report as JSON
// Runs in the git repository of the working directory, so the tests can point it at a fixture repo.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import readChangesets from '@changesets/read';
import { apiCompare } from 'api-smart-diff';

/** The tags `changeset publish` makes: `@zapi-kit/client@1.2.0`. */
const RELEASE_TAG_PATTERN = '@zapi-kit/*@*';
const SPEC_FILE = 'generated/openapi.json';

const git = (cwd, args) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

function lastReleaseTag(root) {
  try {
    return git(root, ['describe', '--tags', '--abbrev=0', '--match', RELEASE_TAG_PATTERN, 'HEAD']).trim();
  } catch {
    return undefined; // no release yet
  }
}

function specAt(root, ref) {
  let text;
  try {
    text = git(root, ['show', `${ref}:${SPEC_FILE}`]);
  } catch (error) {
    throw new Error(`cannot read ${SPEC_FILE} at ${ref}: ${String(error.stderr || error.message).trim()}`, { cause: error });
  }
  return JSON.parse(text);
}

const GROUPS = { breaking: 'breaking', 'non-breaking': 'nonBreaking' };

async function specDiff({ root, base }) {
  const after = JSON.parse(readFileSync(path.join(root, SPEC_FILE), 'utf8'));
  const before = specAt(root, base);
  const report = { base, breaking: [], nonBreaking: [], other: [] };
  for (const diff of apiCompare(before, after).diffs) {
    const change = {
      type: diff.type,
      action: diff.action,
      path: diff.path.join('/'),
      description: diff.description ?? `${diff.action} ${diff.path.join('/')}`,
    };
    report[GROUPS[diff.type] ?? 'other'].push(change);
  }
  return report;
}

/** The changesets of .changeset/ that ask for a major version, as "file: package". */
async function majorChangesets(root) {
  if (!existsSync(path.join(root, '.changeset'))) return [];
  const changesets = await readChangesets(root);
  return changesets.flatMap((c) => c.releases.filter((r) => r.type === 'major').map((r) => `${c.id}.md: ${r.name}`));
}

function print(report) {
  console.log(`spec:diff ${SPEC_FILE} at ${report.base} → working tree`);
  for (const [title, list] of [
    ['breaking', report.breaking],
    ['non-breaking', report.nonBreaking],
    ['other', report.other],
  ]) {
    console.log(`\n${title} (${list.length})`);
    for (const change of list) console.log(`  ${change.description}`);
  }
}

async function main() {
  const { values } = parseArgs({ options: { base: { type: 'string' }, check: { type: 'boolean' }, json: { type: 'boolean' } } });
  let root;
  try {
    root = git(process.cwd(), ['rev-parse', '--show-toplevel']).trim();
  } catch {
    console.error('spec:diff: not inside a git repository');
    return 2;
  }
  const base = values.base ?? lastReleaseTag(root);
  if (!base) {
    const note = `no release tag (${RELEASE_TAG_PATTERN}) yet: nothing to compare`;
    console.log(values.json ? JSON.stringify({ base: null, note, ok: true }) : `spec:diff: ${note}`);
    return 0;
  }
  const report = await specDiff({ root, base });
  const majors = report.breaking.length > 0 ? await majorChangesets(root) : [];
  const ok = report.breaking.length === 0 || majors.length > 0;
  if (values.json) console.log(JSON.stringify({ ...report, majorChangesets: majors, ok }, null, 2));
  else {
    print(report);
    if (report.breaking.length > 0) {
      console.log(
        majors.length > 0
          ? `\n${report.breaking.length} breaking change(s), released as a major version by ${majors.join(', ')}`
          : `\n${report.breaking.length} breaking change(s) since ${base} and no changeset asks for a major version: run \`pnpm changeset\` and choose major`,
      );
    }
  }
  return values.check && !ok ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`spec:diff: ${error.message}`);
    process.exit(1);
  },
);
