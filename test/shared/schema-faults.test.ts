// The one wording of schema faults, given real ajv errors for small schemas, wanted sentences
// written out. The mock, the webhook parser and the drift checks all say these.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { dottedPath, faultOf, telling } from '../../packages/shared/src/index.js';

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
addFormats(ajv);

function faults(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  expect(validate(value)).toBe(false);
  return telling(validate.errors).map((e) => {
    const { pointer, problem } = faultOf(e);
    return `${dottedPath(pointer) || '(root)'} ${problem}`;
  });
}

const object = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });

describe('faultOf and telling', () => {
  const cases: { name: string; schema: object; value: unknown; want: string[] }[] = [
    {
      name: 'missing field: the field itself',
      schema: object({ phone: { type: 'string' } }, { required: ['phone'] }),
      value: {},
      want: ['phone is missing'],
    },
    {
      name: 'unknown field: the field itself',
      schema: object({ lat: { type: 'number' } }, { additionalProperties: false }),
      value: { lat: 1, lng: 2 },
      want: ['lng is not a documented field'],
    },
    {
      name: 'wrong type names the type seen (any number is a number)',
      schema: object({ phone: { type: 'string' } }),
      value: { phone: 5511 },
      want: ['phone must be string, not number'],
    },
    {
      name: 'null and arrays are named as such',
      schema: object({ a: { type: 'object' }, b: { type: 'string' } }),
      value: { a: [], b: null },
      want: ['a must be object, not array', 'b must be string, not null'],
    },
    {
      name: 'enum values quoted',
      schema: object({ s: { enum: ['SENT', 'READ'] } }),
      value: { s: 'x' },
      want: ['s must be one of "SENT", "READ"'],
    },
    { name: 'const', schema: object({ t: { const: 'ReceivedCallback' } }), value: { t: 'x' }, want: ['t must be "ReceivedCallback"'] },
    { name: 'escaped keys', schema: object({ 'a/b': { type: 'string' } }), value: { 'a/b': 1 }, want: ['a/b must be string, not number'] },
    {
      name: 'array items by index',
      schema: object({ ids: { type: 'array', items: { type: 'string' } } }),
      value: { ids: ['a', 2] },
      want: ['ids.1 must be string, not number'],
    },
    {
      name: 'a schema speaks for its branches with x-zapi-error',
      schema: object({
        email: { anyOf: [{ format: 'email', type: 'string' }, { const: '' }], 'x-zapi-error': 'must be an e-mail address, or empty' },
      }),
      value: { email: 'nope' },
      want: ['email must be an e-mail address, or empty'],
    },
    {
      name: 'a oneOf without its own sentence: the branches say what failed',
      schema: object({ v: { oneOf: [{ type: 'string' }, { type: 'boolean' }] } }),
      value: { v: 1 },
      want: ['v must be string, not number', 'v must be boolean, not number'],
    },
    {
      name: 'a oneOf that matches two branches has only its own error, kept',
      schema: object({ v: { oneOf: [{ type: 'string' }, { minLength: 1 }] } }),
      value: { v: 'ab' },
      want: ['v must match exactly one schema in oneOf'],
    },
    {
      name: 'a oneOf is left out only where its field is explained, not because another field failed',
      schema: object({ v: { oneOf: [{ type: 'string' }, { minLength: 1 }] }, n: { type: 'integer' } }),
      value: { v: 'ab', n: 'x' },
      want: ['v must match exactly one schema in oneOf', 'n must be integer, not string'],
    },
  ];
  it.each(cases)('$name', ({ schema, value, want }) => {
    expect(faults(schema, value)).toEqual(want);
  });

  it('names the type from the validated value when the error does not carry it (standalone validators)', () => {
    expect(faultOf({ instancePath: '/image/width', keyword: 'type', params: { type: 'integer' } }, { image: { width: 'wide' } })).toEqual({
      pointer: '/image/width',
      problem: 'must be integer, not string',
    });
    expect(faultOf({ instancePath: '/x', keyword: 'type', params: { type: 'integer' } })).toEqual({
      pointer: '/x',
      problem: 'must be integer',
    });
  });

  it('stays linear for 450,000 faults of one array', () => {
    const errors = Array.from({ length: 450_000 }, (_, i) => ({ instancePath: `/ids/${i}`, keyword: 'type', params: { type: 'string' } }));
    errors.push({ instancePath: '/ids', keyword: 'anyOf', params: { type: 'string' } });
    expect(telling(errors)).toHaveLength(450_000);
  });
});
