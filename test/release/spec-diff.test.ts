// `pnpm spec:diff`: the breaking-change report between the spec of the last release and now, and the
// gate that a breaking change is released as a major version. The fixture repository holds a small
// hand-written document; each test makes one kind of change to it and states the expected class.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const script = path.join(root, 'scripts/spec-diff.mjs');
const baseDoc = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/openapi-base.json'), 'utf8'));
const SEND_TEXT = '/instances/{instanceId}/token/{token}/send-text';
const STATUS = '/instances/{instanceId}/token/{token}/status';

interface Report {
  base: string | null;
  breaking: { description: string }[];
  nonBreaking: { description: string }[];
  majorChangesets: string[];
  ok: boolean;
}

async function specDiff(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [script, ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('spec:diff against the last release tag (fixture repository)', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const writeSpec = (doc: unknown) => writeFileSync(path.join(repo, 'generated/openapi.json'), JSON.stringify(doc, null, 2));
  const changed = (edit: (doc: typeof baseDoc) => void) => {
    const doc = structuredClone(baseDoc);
    edit(doc);
    writeSpec(doc);
  };
  const sendTextBody = (doc: typeof baseDoc) => doc.paths[SEND_TEXT].post.requestBody.content['application/json'].schema;
  const writeChangeset = (name: string, bump: string) =>
    writeFileSync(path.join(repo, '.changeset', `${name}.md`), `---\n'@zapi-kit/client': ${bump}\n---\n\nA change to the spec.\n`);
  const check = async () => {
    const result = await specDiff(repo, ['--check', '--json']);
    return { code: result.code, report: JSON.parse(result.stdout) as Report };
  };

  beforeEach(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'zapi-spec-diff-'));
    mkdirSync(path.join(repo, 'generated'));
    mkdirSync(path.join(repo, '.changeset'));
    writeSpec(baseDoc);
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'release');
    git('tag', '@zapi-kit/client@1.0.0');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('a removed operation is breaking, and fails the check without a major changeset', async () => {
    changed((doc) => delete (doc.paths[STATUS] as { get?: unknown }).get);
    const { code, report } = await check();
    expect(report.base).toBe('@zapi-kit/client@1.0.0');
    expect(report.breaking.map((c) => c.description)).toEqual([`[Removed] operation GET ${STATUS}`]);
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
  });

  it('a narrowed type is breaking', async () => {
    changed((doc) => {
      sendTextBody(doc).properties.phone.type = 'string'; // was ["string", "integer"]
    });
    const { code, report } = await check();
    expect(report.breaking.map((c) => c.description)).toEqual([
      '[Replaced] type definition of `phone` in Request Body content (application/json)',
    ]);
    expect(code).toBe(1);
  });

  it('a narrowed range is breaking', async () => {
    changed((doc) => {
      sendTextBody(doc).properties.delayMessage.maximum = 10; // was 15
    });
    const { code, report } = await check();
    expect(report.breaking.map((c) => c.description)).toEqual([
      '[Replaced] maximum validator of `delayMessage` in Request Body content (application/json)',
    ]);
    expect(code).toBe(1);
  });

  it('a new required field is breaking', async () => {
    changed((doc) => {
      const body = sendTextBody(doc) as { properties: Record<string, unknown>; required: string[] };
      body.properties.linkUrl = { type: 'string' };
      body.required.push('linkUrl');
    });
    const { code, report } = await check();
    expect(report.breaking.map((c) => c.description)).toContain(
      '[Added] required status to `linkUrl` in Request Body content (application/json)',
    );
    expect(code).toBe(1);
  });

  it('a new optional field is not breaking, and passes the check', async () => {
    changed((doc) => {
      (sendTextBody(doc).properties as Record<string, unknown>).linkUrl = { type: 'string' };
    });
    const { code, report } = await check();
    expect(report.breaking).toEqual([]);
    expect(report.nonBreaking.map((c) => c.description)).toEqual(['[Added] property `linkUrl` in Request Body content (application/json)']);
    expect(code).toBe(0);
  });

  it('a breaking change passes with a changeset that asks for a major version, not with a minor one', async () => {
    changed((doc) => delete (doc.paths[STATUS] as { get?: unknown }).get);
    writeChangeset('remove-status', 'minor');
    expect((await check()).code).toBe(1);
    writeChangeset('remove-status', 'major');
    const { code, report } = await check();
    expect(report.majorChangesets).toEqual(['remove-status.md: @zapi-kit/client']);
    expect(code).toBe(0);
  });

  it('prints a readable report and compares with any ref given as --base', async () => {
    changed((doc) => delete (doc.paths[STATUS] as { get?: unknown }).get);
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'remove status');
    const sinceTag = await specDiff(repo, []);
    expect(sinceTag.stdout).toContain('spec:diff generated/openapi.json at @zapi-kit/client@1.0.0');
    expect(sinceTag.stdout).toContain(`breaking (1)\n  [Removed] operation GET ${STATUS}`);
    expect(sinceTag.stdout).toContain('no changeset asks for a major version');
    const sinceHead = await specDiff(repo, ['--base', 'HEAD', '--check']);
    expect(sinceHead.stdout).toContain('breaking (0)');
    expect(sinceHead.code).toBe(0);
    const unknown = await specDiff(repo, ['--base', 'v9.9.9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('cannot read generated/openapi.json at v9.9.9');
  });
});

describe('spec:diff on this repository', () => {
  it('passes: no breaking change since the last release tag, or a changeset asks for a major version', async () => {
    const result = await specDiff(root, ['--check']);
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
  });
});
