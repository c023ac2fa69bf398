// Validates values against schemas of the bundled OpenAPI document, addressed by JSON pointer.
// Used by the mock (requests, where Prism's own validation has holes: stoplightio/prism#2574,
// #2575) and by the contract tests (responses).
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { pointerOf } from '@zapi-kit/shared';

const DOC_ID = 'https://zapi-kit.dev/openapi.json';

/** A JSON pointer fragment for a path of keys (`/` → `~1`, `~` → `~0`, then URI-encoded). */
export const pointer = (...keys: string[]): string => pointerOf(...keys);

/** A copy of `schema` whose local refs (`#/components/...`) name the document they belong to. */
function anchorRefs(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOC_ID}${value}` : value,
  ) as object;
}

export interface SpecValidator {
  /** Compiles (once) the schema at `pointer` of the document. */
  schemaAt(pointer: string): ValidateFunction;
  /** Compiles (once) a schema of your own, such as one built from parameters; its `#/...` refs point into the document. */
  compile(schema: object, key: string): ValidateFunction;
}

export function createSpecValidator(doc: object, options: { coerceTypes?: boolean } = {}): SpecValidator {
  // The document is not a JSON Schema: its OpenAPI keywords are ignored (strict: false) and it is
  // not checked against the meta-schema; only the fragments we point at are compiled.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, validateSchema: false, coerceTypes: options.coerceTypes ?? false });
  addFormats(ajv);
  ajv.addSchema(doc, DOC_ID);
  const cache = new Map<string, ValidateFunction>();
  const once = (key: string, make: () => ValidateFunction) => {
    let fn = cache.get(key);
    if (!fn) cache.set(key, (fn = make()));
    return fn;
  };
  return {
    schemaAt: (ptr) => once(ptr, () => ajv.compile({ $ref: `${DOC_ID}${ptr}` })),
    compile: (schema, key) => once(`custom:${key}`, () => ajv.compile(anchorRefs(schema))),
  };
}

/**
 * One readable sentence per ajv error: `body.value must be boolean`, `body has unknown field "lat"`.
 * Needs the validator compiled with `verbose` for schemas' own `x-zapi-error` sentences.
 */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const at = `${root}${e.instancePath.replace(/\//g, '.')}`;
    let sentence: string;
    switch (e.keyword) {
      case 'additionalProperties':
        sentence = `${at} has unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
        break;
      case 'required':
        sentence = `${at} is missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'enum':
        sentence = `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'type':
        // A wrong JSON type is named as such (a phone sent as a number is not a format problem).
        sentence = `${at} must be ${(e.params as { type: string }).type}, not ${e.data === null ? 'null' : Array.isArray(e.data) ? 'array' : typeof e.data}`;
        break;
      case 'const':
        sentence = `${at} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
        break;
      default: {
        // A schema can say in its own words what it expects (x-zapi-error), better than "must match pattern".
        const own = (e.parentSchema as { 'x-zapi-error'?: string } | undefined)?.['x-zapi-error'];
        sentence = `${at} ${own ?? e.message}`;
      }
    }
    seen.add(sentence);
  }
  return [...seen];
}
