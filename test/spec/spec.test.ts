// The spec itself: lint clean, generated/ in step with it, every example valid, AsyncAPI parseable.
import { Parser } from '@asyncapi/parser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { pointerOf as pointer } from '../../packages/shared/src/index.js';
import { createSpecValidator } from '../../packages/mock/src/spec-validator.js';
import { declaredOperationCount, generated, openapi, root, specOperations } from '../support/spec.js';

const exec = promisify(execFile);

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))])),
  );
  return nested.flat().sort();
}

describe('spec', () => {
  it('lints with 0 errors and 0 warnings', async () => {
    const { lintSpec } = await import('../../scripts/generate/lint.mjs');
    const totals = await lintSpec();
    // REST, webhooks and the sandbox's control API.
    expect(totals).toEqual([
      { errors: 0, warnings: 0, ignored: 0 },
      { errors: 0, warnings: 0, ignored: 0 },
      { errors: 0, warnings: 0, ignored: 0 },
    ]);
  });

  it("generated/ and each package's src/generated/ are exactly what `generate` makes from spec/ (drift check)", async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'zapi-drift-'));
    try {
      await exec(process.execPath, [path.join(root, 'scripts/generate.mjs'), '--skip-lint', '--out', out]);
      const dirs = ['generated', 'packages/client/src/generated', 'packages/webhooks/src/generated', 'packages/mock/src/generated'];
      const under = async (base: string) =>
        (await Promise.all(dirs.map(async (d) => (await listFiles(path.join(base, d))).map((f) => `${d}/${f}`)))).flat();
      const [expected, actual] = await Promise.all([under(out), under(root)]);
      expect(actual, 'generated files').toEqual(expected);
      for (const file of expected) {
        const [want, have] = await Promise.all([readFile(path.join(out, file), 'utf8'), readFile(path.join(root, file), 'utf8')]);
        expect(have === want, `${file} differs from what generate makes: run \`pnpm generate\` and commit`).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('every operation has an operationId, a summary, a description and the examples its calls need', () => {
    expect(specOperations).toHaveLength(declaredOperationCount);
    for (const op of specOperations) {
      expect(op.operationId, 'operationId').toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(op.summary, `${op.operationId} summary`).toBeTruthy();
      expect(op.description, `${op.operationId} description`).toBeTruthy();
      if (op.response.kind !== 'empty') expect(op.response.example, `${op.operationId} response example`).toBeDefined();
      if (op.body.kind !== 'none') expect(op.body.example, `${op.operationId} request example`).toBeDefined();
      for (const p of op.parameters.filter((p) => p.required))
        expect(p.example, `${op.operationId} parameter ${p.name} example`).toBeDefined();
    }
  });

  it('every request and response example validates against its schema (redocly lint checks the other examples)', () => {
    const validator = createSpecValidator(openapi);
    let checked = 0;
    for (const op of specOperations) {
      for (const [part, pointerTo, example] of [
        ['request', op.body.schemaPointer, op.body.example],
        ['response', op.response.kind === 'json' ? op.response.schemaPointer : undefined, op.response.example],
      ] as const) {
        if (!pointerTo || example === undefined) continue;
        const validate = validator.schemaAt(pointerTo);
        expect(validate(example), `${op.operationId} ${part}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    for (const [name, hook] of Object.entries(openapi.webhooks)) {
      for (const example of Object.values(hook.post.requestBody.content['application/json']!.examples ?? {})) {
        const validate = validator.schemaAt(pointer('webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema'));
        expect(validate(example.value), `webhook ${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(specOperations.length);
  });

  // That each file is an example of both documents, under its name: webhook-examples.test.ts.
  it('every webhook example file validates against the schema of its kind', async () => {
    const { validators, kinds } = await import('../support/webhook-schemas.js').then((m) => m.load());
    const files = (await readdir(path.join(root, 'spec/examples'))).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(kinds.length);
    for (const file of files) {
      const kind = file.split('.')[0]!;
      expect(kinds, `${file} names a webhook kind`).toContain(kind);
      const payload = JSON.parse(await readFile(path.join(root, 'spec/examples', file), 'utf8'));
      expect(payload.type, `${file} type`).toBe(kind);
      const validate = validators[kind]!;
      expect(validate(payload), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the AsyncAPI document parses with @asyncapi/parser, one channel and one send operation per webhook kind', async () => {
    const parser = new Parser();
    const text = await readFile(generated('asyncapi.json'), 'utf8');
    const { document, diagnostics } = await parser.parse(text);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => d.message)).toEqual([]);
    expect(document).toBeDefined();
    const channels = document!
      .channels()
      .all()
      .map((c) => c.id())
      .sort();
    expect(channels).toEqual(Object.keys(openapi.webhooks).sort());
    for (const operation of document!.operations().all()) expect(operation.action()).toBe('send');
    expect(document!.operations().all()).toHaveLength(channels.length);
  });

  it('the OpenAPI webhooks and the AsyncAPI messages share the payload schemas of spec/schemas', async () => {
    const asyncapi = JSON.parse(await readFile(generated('asyncapi.json'), 'utf8'));
    for (const kind of Object.keys(openapi.webhooks)) {
      const source = YAML.parse(await readFile(path.join(root, 'spec/schemas', `${kind}.yaml`), 'utf8'));
      expect(openapi.components.schemas[kind], `OpenAPI ${kind}`).toMatchObject({ title: source.title, required: source.required });
      expect(asyncapi.components.schemas[kind], `AsyncAPI ${kind}`).toMatchObject({ title: source.title, required: source.required });
    }
  });
});
