// spec/examples/ is the one list of webhook examples: every file is an example of both bundled
// documents, under the name its file gives, and a file `generate` cannot place stops it naming the file.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { generated, openapi, root } from '../support/spec.js';

const examplesDir = path.join(root, 'spec/examples');

/** What the folder holds, read without the generator: kind → example name → payload. */
async function filesByKind(): Promise<Record<string, Record<string, unknown>>> {
  const files = (await readdir(examplesDir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const byKind: Record<string, Record<string, unknown>> = {};
  for (const file of files) {
    const kind = file.slice(0, file.indexOf('.'));
    const name = file.slice(kind.length + 1, -'.json'.length) || 'default';
    (byKind[kind] ??= {})[name] = JSON.parse(await readFile(path.join(examplesDir, file), 'utf8'));
  }
  return byKind;
}

type AsyncApi = { components: { messages: Record<string, { examples?: Array<{ name: string; payload: unknown }> }> } };

describe('webhook examples come from spec/examples/', () => {
  it('every file is an example of its kind in generated/asyncapi.json and generated/openapi.json, and nothing else is', async () => {
    const expected = await filesByKind();
    const asyncapi = JSON.parse(await readFile(generated('asyncapi.json'), 'utf8')) as AsyncApi;
    const inAsyncApi = Object.fromEntries(
      Object.entries(asyncapi.components.messages).map(([kind, m]) => [
        kind,
        Object.fromEntries((m.examples ?? []).map((e) => [e.name, e.payload])),
      ]),
    );
    const inOpenApi = Object.fromEntries(
      Object.entries(openapi.webhooks).map(([kind, hook]) => [
        kind,
        Object.fromEntries(
          Object.entries(hook.post.requestBody.content['application/json']!.examples ?? {}).map(([name, e]) => [name, e.value]),
        ),
      ]),
    );
    expect(inAsyncApi).toEqual(expected);
    expect(inOpenApi).toEqual(expected);
    // The count the bundles had when the examples were still listed by hand (82): none lost.
    expect(Object.values(expected).flatMap((k) => Object.keys(k)).length).toBeGreaterThanOrEqual(82);
  });

  it('spec/asyncapi and spec/openapi list no example, channel or send operation: generate makes them', async () => {
    const asyncapi = YAML.parse(await readFile(path.join(root, 'spec/asyncapi/asyncapi.yaml'), 'utf8'));
    expect(asyncapi.channels).toBeUndefined();
    expect(asyncapi.operations).toBeUndefined();
    for (const [kind, message] of Object.entries(asyncapi.components.messages)) expect(message, kind).not.toHaveProperty('examples');
    for (const file of await readdir(path.join(root, 'spec/openapi/webhooks'))) {
      const hook = YAML.parse(await readFile(path.join(root, 'spec/openapi/webhooks', file), 'utf8'));
      expect(hook.post.requestBody.content['application/json'], file).not.toHaveProperty('examples');
    }
  });

  describe('a file generate cannot place stops it, naming the file', () => {
    let base: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let discover: (files: Record<string, string>) => Promise<any>;
    beforeAll(async () => {
      const { discoverExamples } = await import('../../scripts/generate/webhook-examples.mjs');
      const { loadWebhookSchemas } = await import('../../scripts/generate/webhook-types.mjs');
      const schemas = await loadWebhookSchemas();
      base = await mkdtemp(path.join(os.tmpdir(), 'zapi-examples-'));
      let n = 0;
      // A folder of its own per case, named examples/ like the real one.
      discover = async (files) => {
        const dir = path.join(base, `case${n++}`, 'examples');
        await mkdir(dir, { recursive: true });
        for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
        return discoverExamples({ dir, ...schemas });
      };
    });
    afterAll(() => rm(base, { recursive: true, force: true }));
    const every = async () =>
      Object.fromEntries(
        await Promise.all(
          [
            'ConnectedCallback',
            'DeliveryCallback',
            'DisconnectedCallback',
            'MessageStatusCallback.SENT',
            'PresenceChatCallback.AVAILABLE',
            'ReceivedCallback.text',
          ].map(async (name) => [`${name}.json`, await readFile(path.join(examplesDir, `${name}.json`), 'utf8')]),
        ),
      );

    it.each([
      [
        'an unknown kind',
        { 'ReceivedCalback.text.json': '{"type":"ReceivedCalback"}' },
        /examples\/ReceivedCalback\.text\.json: "ReceivedCalback" is not a webhook kind/,
      ],
      [
        'a payload its schema refuses',
        { 'DeliveryCallback.broken.json': '{"type":"DeliveryCallback","messageId":42}' },
        /examples\/DeliveryCallback\.broken\.json: does not match the DeliveryCallback schema \(spec\/schemas\/DeliveryCallback\.yaml\):\n {2}\/messageId must be string/,
      ],
      [
        'a payload of another kind',
        { 'DeliveryCallback.other.json': '{"type":"ConnectedCallback","connected":true}' },
        /examples\/DeliveryCallback\.other\.json: does not match the DeliveryCallback schema[\s\S]*\/type must be equal to constant/,
      ],
      ['text that is not JSON', { 'ConnectedCallback.cut.json': '{"type":' }, /examples\/ConnectedCallback\.cut\.json: not JSON/],
      [
        'a file that is not .json',
        { 'ConnectedCallback.yaml': 'type: ConnectedCallback' },
        /examples\/ConnectedCallback\.yaml: a webhook example is a \.json file/,
      ],
    ])('%s', async (_, bad, message) => {
      await expect(discover({ ...(await every()), ...bad })).rejects.toThrow(message);
    });

    it('a kind without any example', async () => {
      const files = await every();
      delete files['DisconnectedCallback.json'];
      await expect(discover(files)).rejects.toThrow(/no example of DisconnectedCallback; add DisconnectedCallback\.json/);
    });

    it('a new file is a new example, named by its file, plainest first', async () => {
      const files = await every();
      const examples = await discover({ ...files, 'DeliveryCallback.zz-new-case.json': files['DeliveryCallback.json']! });
      expect(examples.filter((e: { kind: string }) => e.kind === 'DeliveryCallback').map((e: { name: string }) => e.name)).toEqual([
        'default',
        'zz-new-case',
      ]);
      expect(examples.find((e: { file: string }) => e.file === 'ReceivedCallback.text.json')).toMatchObject({
        name: 'text',
        event: 'ReceivedCallback.text',
      });
      expect(examples.find((e: { file: string }) => e.file === 'MessageStatusCallback.SENT.json')).toMatchObject({
        name: 'SENT',
        event: 'MessageStatusCallback',
      });
    });
  });
});
