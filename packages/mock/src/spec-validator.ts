// Validates values against schemas of the bundled OpenAPI document, addressed by JSON pointer.
// Used by the mock (requests, where Prism's own validation has holes: stoplightio/prism#2574,
// #2575) and by the contract tests (responses).
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dottedPath, faultOf, telling } from '@zapi-kit/shared';

const DOC_ID = 'https://zapi-kit.dev/openapi.json';

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
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: false,
    validateSchema: false,
    coerceTypes: options.coerceTypes ?? false,
  });
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
 * One readable sentence per ajv error, in the wording every zapi-kit tool uses:
 * `body.value must be boolean, not string`, `body.lat is not a documented field`.
 * Needs the validator compiled with `verbose` for the type seen and schemas' own `x-zapi-error` sentences.
 */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  const sentences = telling(errors).map((e) => {
    const { pointer: at, problem } = faultOf(e);
    const field = dottedPath(at);
    return `${root}${field ? `.${field}` : ''} ${problem}`;
  });
  return [...new Set(sentences)];
}
