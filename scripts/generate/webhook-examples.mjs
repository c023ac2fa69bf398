// The webhook examples, discovered from spec/examples/ as octokit/webhooks does: every file
// `<Kind>[.<variant>][.<case>].json` is one example of that kind. Nothing lists them: both documents
// (AsyncAPI messages, OpenAPI `webhooks`) and the mock's `trigger` payloads are made from this one
// discovery, so adding a variant is adding a file. A file that names no webhook kind, is not JSON or
// breaks its kind's schema stops `generate` with the file's name.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SCHEMA_BASE } from './webhook-types.mjs';

/**
 * The plainest example first: `Kind.json`, then `Kind.variant.json`, then `Kind.variant.case.json`;
 * alphabetical among equals, by name (`READ` before `READ_BY_ME`, which `READ.json` would not be).
 */
function bySpecificity(a, b) {
  const [x, y] = [a.replace(/\.json$/, ''), b.replace(/\.json$/, '')];
  return x.split('.').length - y.split('.').length || x.localeCompare(y);
}

/** An example's name in both documents: what its file name says after the kind, or `default` for `Kind.json`. */
const exampleName = (file) =>
  file
    .replace(/\.json$/, '')
    .split('.')
    .slice(1)
    .join('.') || 'default';

/** ajv's faults as one line each: `/image/mimeType must be string`. */
const faultsOf = (errors) =>
  (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(payload)'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${e.params.additionalProperty})` : ''}`,
  );

/**
 * Every example of `dir`, plainest first: `{ file, kind, name, event, payload }`. `event` is the
 * dispatcher's name for it: `Kind.variant` when the second part of the file name is one of the kind's
 * `x-zapi-variants`, else the kind. Subfolders (`requests/`) hold other examples and are skipped.
 * `ajv` holds the kinds' schemas (`loadWebhookSchemas`).
 */
export async function discoverExamples({ dir, kinds, variants, ajv }) {
  const where = (file) => path.join(path.basename(path.dirname(dir)), path.basename(dir), file);
  const entries = await readdir(dir, { withFileTypes: true });
  const stray = entries.find((e) => !e.isDirectory() && !e.name.endsWith('.json'));
  if (stray) throw new Error(`${where(stray.name)}: a webhook example is a .json file named <Kind>[.<variant>][.<case>].json`);
  const files = entries
    .filter((e) => !e.isDirectory())
    .map((e) => e.name)
    .sort(bySpecificity);
  const examples = [];
  for (const file of files) {
    const [kind, second] = file.replace(/\.json$/, '').split('.');
    if (!kinds.includes(kind)) {
      throw new Error(`${where(file)}: "${kind}" is not a webhook kind; the file name must start with one of ${kinds.join(', ')}`);
    }
    let payload;
    try {
      payload = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${where(file)}: not JSON (${error.message})`, { cause: error });
    }
    const validate = ajv.getSchema(`${SCHEMA_BASE}${kind}.yaml`);
    if (!validate(payload)) {
      throw new Error(
        `${where(file)}: does not match the ${kind} schema (spec/schemas/${kind}.yaml):\n  ${faultsOf(validate.errors).join('\n  ')}`,
      );
    }
    const event = second && variants[kind].includes(second) ? `${kind}.${second}` : kind;
    examples.push({ file, kind, name: exampleName(file), event, payload });
  }
  // `zapi-mock trigger KIND` and both documents need at least one example of every kind.
  const missing = kinds.filter((kind) => !examples.some((e) => e.kind === kind));
  if (missing.length > 0)
    throw new Error(`${where('')}: no example of ${missing.join(', ')}; add ${missing.map((k) => `${k}.json`).join(', ')}`);
  return examples;
}

/** The examples of one kind, in discovery order. */
export const examplesOf = (examples, kind) => examples.filter((e) => e.kind === kind);

/**
 * One example payload per event name, for `zapi-mock trigger`: the plainest example of each kind
 * and of each variant that has a file.
 */
export function examplesByEvent(examples) {
  const byEvent = {};
  for (const { kind, event, payload } of examples) {
    byEvent[event] ??= payload;
    byEvent[kind] ??= payload;
  }
  return byEvent;
}
