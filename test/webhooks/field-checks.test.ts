// parseWebhook judges a payload with one check per field it carries (fieldChecks) and asks the
// kind's ajv validator for the faults only when a check fails. Its verdict must be the validator's
// on every payload: here every example, with each of its fields (and each field of its content
// object) replaced by values of every JSON type, is judged by both. The expectation comes from
// ajv's compiled schema of the whole kind, which parseWebhook does not run on valid payloads.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../packages/webhooks/src/index.js';
import * as validators from '../../packages/webhooks/src/generated/validators.js';
import { root } from '../support/spec.js';

const examplesDir = path.join(root, 'spec/examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));
const VALUES: unknown[] = [
  '',
  'x',
  '5511999999999',
  0,
  -1,
  1.5,
  1632228638000,
  true,
  false,
  null,
  {},
  { message: 'hi' },
  { message: 1 },
  [],
  ['a'],
  [1],
];

type Payload = Record<string, unknown>;
const validatorOf = (kind: string) => (validators as unknown as Record<string, (data: unknown) => boolean>)[`validate${kind}`]!;

/** Every payload one replaced value away from `example`: at its top level and inside its object fields. */
function* mutations(example: Payload): Generator<Payload> {
  for (const key of Object.keys(example)) {
    if (key === 'type') continue;
    for (const value of VALUES) yield { ...example, [key]: value };
    const inner = example[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const innerKey of Object.keys(inner))
        for (const value of VALUES) yield { ...example, [key]: { ...(inner as Payload), [innerKey]: value } };
    }
  }
}

describe('parseWebhook gives the verdict of the kind’s whole validator', () => {
  it.each(examples)('%s, each field replaced by values of every type', (file) => {
    const example = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Payload;
    const validate = validatorOf(example.type as string);
    let checked = 0;
    let refused = 0;
    for (const payload of mutations(example)) {
      const valid = validate(payload);
      const event = parseWebhook(payload);
      const flagged = event.warnings.some((w) => w.code === 'invalid_field');
      if (flagged === valid)
        expect.fail(
          `${file}: validator says ${valid ? 'valid' : 'invalid'}, parseWebhook ${flagged ? 'warns' : 'does not warn'} for ${JSON.stringify(payload).slice(0, 300)}`,
        );
      if (!valid) expect(() => parseWebhook(payload, { strict: true })).toThrow(expect.objectContaining({ code: 'invalid_payload' }));
      checked++;
      refused += valid ? 0 : 1;
    }
    expect(checked).toBeGreaterThan(0);
    // Each example has at least one field some value breaks: the comparison saw both verdicts.
    expect(refused).toBeGreaterThan(0);
  });
});
