// Types and compiled validators for @zapi-kit/webhooks, from the payload schemas in spec/schemas/.
import { compile } from 'json-schema-to-typescript';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { build } from 'esbuild';
import { root, schemasDir } from '../lib/paths.mjs';
import { pointerOf } from '../../packages/shared/src/spec-model.js';
import { GENERATED_BANNER, writeText } from '../lib/write.mjs';

/** The base URI the shared schemas are registered under, so their relative `$ref`s resolve. */
export const SCHEMA_BASE = 'https://zapi-kit.dev/schemas/';

export async function loadSchemas() {
  const files = (await readdir(schemasDir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => ({
      file,
      name: file.replace(/\.yaml$/, ''),
      schema: YAML.parse(await readFile(path.join(schemasDir, file), 'utf8')),
    })),
  );
}

/** Webhook kinds are the schemas whose `type` property is a constant: the value Z-API sends. */
export const webhookKinds = (schemas) => schemas.filter((s) => s.schema.properties?.type?.const === s.name).map((s) => s.name);

/**
 * The variants of each kind, in detection order: `x-zapi-variants` lists the keys whose presence
 * makes a payload that variant. Each must be a property of the kind's schema.
 */
export function webhookVariants(schemas, kinds) {
  return Object.fromEntries(
    kinds.map((kind) => {
      const schema = schemas.find((s) => s.name === kind).schema;
      const variants = schema['x-zapi-variants'] ?? [];
      for (const key of variants) {
        if (!schema.properties?.[key]) throw new Error(`${kind}: x-zapi-variants lists "${key}", which is not one of its properties`);
      }
      return [kind, variants];
    }),
  );
}

/**
 * The schema as the TypeScript types should see it, which is not how the validators see it:
 * - payloads stay open at run time (Z-API adds fields), but the types list only the documented
 *   fields, so a misspelled field (`payload.text.mesage`) is a compile error, not `unknown`;
 * - `x-zapi-known-values` becomes an open literal union (`'SENT' | 'READ' | (string & {})`), which
 *   the editor completes while a new value from Z-API still type-checks;
 * - a `$ref` with a sibling `description` keeps that description on the property.
 */
function typeView(node) {
  if (Array.isArray(node)) return node.map(typeView);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === true) continue;
    out[key] = typeView(value);
  }
  const known = node['x-zapi-known-values'];
  if (known) out.tsType = `${known.map((v) => `'${v}'`).join(' | ')} | (string & {})`;
  if (out.$ref && out.description) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  return out;
}

async function payloadTypes(schemas, kinds) {
  // One root with every schema under $defs, so each shared type is declared once.
  const rootSchema = {
    title: 'ZapiWebhookPayloads',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(kinds.map((k) => [k, { $ref: `#/$defs/${k}` }])),
    $defs: Object.fromEntries(schemas.map((s) => [s.name, typeView(rewriteRefs(s.schema))])),
  };
  const ts = await compile(rootSchema, 'ZapiWebhookPayloads', {
    bannerComment: `/** ${GENERATED_BANNER} */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    strictIndexSignatures: false,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
  });
  const union = kinds.map((k) => `  | ${k}`).join('\n');
  const variants = webhookVariants(schemas, kinds);
  const eventLines = kinds.flatMap((k) => [`  ${k}: ${k};`, ...variants[k].map((v) => `  '${k}.${v}': Variant<${k}, '${v}'>;`)]);
  return `${ts}
/** Every webhook payload Z-API sends, told apart by \`type\`. */
export type WebhookPayload =
${union};

/** The \`type\` values Z-API sends. */
export type WebhookKind = WebhookPayload['type'];

export const webhookKinds = ${JSON.stringify(kinds)} as const;

/** The key that makes a payload a variant is present: not undefined, not null, and true when boolean. */
type Present<T> = NonNullable<T> extends boolean ? true : NonNullable<T>;
export type Variant<P, K extends keyof P> = P & { [Q in K]-?: Present<P[Q]> };

/** Every event name and its payload: each kind, and each variant as \`<kind>.<key>\`. */
export interface WebhookEventMap {
${eventLines.join('\n')}
}

export type WebhookEventName = keyof WebhookEventMap;

/** Variant keys of each kind, in detection order (first present wins). */
export const webhookVariants = ${JSON.stringify(variants)} as const;

/** Top-level fields each kind's schema describes; others are reported as unknown. */
export const knownFields: Record<WebhookKind, readonly string[]> = ${JSON.stringify(
    Object.fromEntries(kinds.map((k) => [k, Object.keys(schemas.find((s) => s.name === k).schema.properties ?? {})])),
  )};

export const webhookEventNames = ${JSON.stringify(kinds.flatMap((k) => [k, ...variants[k].map((v) => `${k}.${v}`)]))} as const;
`;
}

/** `Foo.yaml` → `#/$defs/Foo`, for the single-document form json-schema-to-typescript wants. */
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.endsWith('.yaml')
        ? [key, `#/$defs/${value.replace(/\.yaml$/, '')}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

export function createSchemaAjv(schemas, options = {}) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, ...options });
  ajv.addKeyword('x-zapi-variants');
  ajv.addKeyword('x-zapi-known-values');
  addFormats(ajv);
  for (const s of schemas) ajv.addSchema(s.schema, `${SCHEMA_BASE}${s.file}`);
  return ajv;
}

/**
 * Standalone validators, one per kind, as a self-contained ES module. Ajv's standalone output loads
 * its runtime helpers with CommonJS `require`, whose default-import semantics differ between Node and
 * bundlers; esbuild inlines them, so the module has no imports and runs on any JavaScript runtime.
 */
/**
 * Most faults a validator collects per schema level before it stops walking an array. ajv has no
 * such option and, with allErrors, builds one error object per bad item: an `ids` array of 450,000
 * numbers took seconds. Stopping the walk of an array that already has faults keeps the verdict
 * (the payload is invalid either way) and only shortens the list of faults.
 */
export const FAULT_LIMIT = 1000;

/** Every loop over array items, in ajv's standalone output, starts by checking the fault count. */
export function limitFaults(code) {
  let loops = 0;
  const limited = code.replace(/for\s*\(\s*let (i\d+)\s*=\s*0;\s*\1\s*<\s*(len\d+);\s*\1\+\+\s*\)\s*\{/g, (loop) => {
    loops++;
    return `${loop}if (errors >= ${FAULT_LIMIT}) break;`;
  });
  const all = code.match(/\bfor\s*\(/g)?.length ?? 0;
  if (all !== loops) throw new Error(`validators: ${all - loops} loop(s) of an unknown shape; limitFaults must learn them`);
  return { code: `${limited}\nexport const faultLimit = ${FAULT_LIMIT};\n`, loops };
}

/**
 * The parts of a kind with variants (ReceivedCallback): its envelope (every property but the
 * content keys) and one validator per content key. parseWebhook knows the content key before it
 * validates, so it checks the envelope and the keys present instead of the whole union: the same
 * verdict and faults (the kind's properties do not constrain one another) for less work.
 */
function variantParts(ajv, schemas, kinds) {
  const variants = webhookVariants(schemas, kinds);
  const mapping = {};
  const parts = {};
  for (const kind of kinds) {
    if (variants[kind].length === 0) continue;
    const schema = schemas.find((s) => s.name === kind).schema;
    const keys = new Set(variants[kind]);
    const envelope = { ...schema, properties: Object.fromEntries(Object.entries(schema.properties).filter(([key]) => !keys.has(key))) };
    // Beside the kind's own file, so its relative $refs resolve the same way.
    ajv.addSchema(envelope, `${SCHEMA_BASE}${kind}.envelope.yaml`);
    mapping[`${kind}__envelope`] = `${SCHEMA_BASE}${kind}.envelope.yaml`;
    for (const key of variants[kind]) mapping[`${kind}__${key}`] = `${SCHEMA_BASE}${kind}.yaml#/properties/${key}`;
    parts[kind] = variants[kind];
  }
  return { mapping, parts };
}

/** The keywords a kind's schema may use at its top level for its field checks to give its verdict. */
const FIELD_CHECKED_KEYWORDS = new Set([
  'title',
  'description',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'x-zapi-variants',
  'examples',
]);

/**
 * One check per property of each kind, and its required properties. A kind's schema is an open
 * object of properties that do not constrain one another, so a payload passes the kind's validator
 * exactly when every required property is present and each property present passes its own check:
 * parseWebhook then judges a payload in the one walk over its keys that finds the unknown ones and
 * the variant, instead of asking each of the schema's dozens of properties whether it is there.
 * A kind's schema with any other keyword would break that equivalence: refused here.
 */
/** Keywords that only annotate (ajv checks nothing for them). */
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment']);

/**
 * A property's schema as a plain description parseWebhook checks itself, when the schema uses only
 * `type`, a string, number or boolean `const`, `minLength` up to 1 (where counting UTF-16 units
 * and characters agree), `minimum`, `items` of such a schema and `$ref`s to such a schema in
 * spec/schemas/, or open objects whose `properties` are such schemas (with `required`):
 * `{ types, const?, minLength?, minimum?, items?, properties?, required? }`. A call per field to an ajv function costs more than the whole check. Undefined
 * for any other schema, which keeps its ajv function.
 */
function simpleSchema(schema, schemas, depth = 0) {
  const keywords = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k) && !k.startsWith('x-zapi-'));
  if (keywords.length === 1 && keywords[0] === '$ref') {
    const target = schemas.find((s) => s.file === schema.$ref);
    return target && depth < 4 ? simpleSchema(target.schema, schemas, depth + 1) : undefined;
  }
  const simple = {};
  for (const keyword of keywords) {
    if (keyword === 'type') simple.types = Array.isArray(schema.type) ? schema.type : [schema.type];
    else if (keyword === 'minLength' && (schema.minLength === 0 || schema.minLength === 1)) simple.minLength = schema.minLength;
    else if (keyword === 'minimum' && typeof schema.minimum === 'number') simple.minimum = schema.minimum;
    else if (keyword === 'const' && ['string', 'number', 'boolean'].includes(typeof schema.const)) {
      simple.const = schema.const;
      simple.types ??= [typeof schema.const === 'number' ? 'number' : typeof schema.const];
    } else if (keyword === 'items' && schema.items && typeof schema.items === 'object') {
      const items = simpleSchema(schema.items, schemas, depth + 1);
      if (!items) return undefined;
      simple.items = items;
    } else if (keyword === 'properties' && schema.properties && typeof schema.properties === 'object') {
      simple.properties = {};
      for (const [key, property] of Object.entries(schema.properties)) {
        const checked = simpleSchema(property, schemas, depth + 1);
        if (!checked) return undefined;
        simple.properties[key] = checked;
      }
    } else if (keyword === 'required' && Array.isArray(schema.required)) simple.required = schema.required;
    else if (keyword === 'additionalProperties' && schema.additionalProperties === true) continue;
    else return undefined;
  }
  return simple.types ? simple : undefined;
}

function fieldChecks(ajv, schemas, kinds, exported) {
  const mapping = {};
  const checks = {};
  // Ajv's standalone code declares a compiled function once per name given to it: a property whose
  // schema is already exported (a content part, or a shared schema it only refers to) reuses that name.
  const nameOf = new Map(Object.entries(exported).map(([name, ref]) => [ajv.getSchema(ref), name]));
  for (const kind of kinds) {
    const { schema } = schemas.find((s) => s.name === kind);
    const other = Object.keys(schema).filter((k) => !FIELD_CHECKED_KEYWORDS.has(k));
    if (schema.type !== 'object' || schema.additionalProperties !== true || other.length > 0) {
      throw new Error(
        `${kind}: field checks need an open object schema (type: object, additionalProperties: true) without ${other.join(', ') || 'closed properties'}`,
      );
    }
    checks[kind] = { required: schema.required ?? [], fields: {} };
    Object.entries(schema.properties).forEach(([key, property], i) => {
      const simple = simpleSchema(property, schemas);
      if (simple) {
        checks[kind].fields[key] = JSON.stringify(simple);
        return;
      }
      const ref = `${SCHEMA_BASE}${kind}.yaml${pointerOf('properties', key)}`;
      const validate = ajv.getSchema(ref);
      if (!nameOf.has(validate)) {
        nameOf.set(validate, `${kind}__field${i}`);
        mapping[`${kind}__field${i}`] = ref;
      }
      checks[kind].fields[key] = nameOf.get(validate);
    });
  }
  return { mapping, checks };
}

async function validatorModule(ajv, schemas, kinds) {
  const { mapping: partMapping, parts } = variantParts(ajv, schemas, kinds);
  const kindMapping = Object.fromEntries(kinds.map((k) => [`validate${k}`, `${SCHEMA_BASE}${k}.yaml`]));
  const { mapping: fieldMapping, checks } = fieldChecks(ajv, schemas, kinds, { ...kindMapping, ...partMapping });
  const mapping = { ...kindMapping, ...partMapping, ...fieldMapping };
  const { code } = limitFaults(standaloneCode(ajv, mapping));
  // The parts and field checks are exported only through the `variantParts` and `fieldChecks` tables.
  const partNames = [...Object.keys(partMapping), ...Object.keys(fieldMapping)];
  const privateParts = code.replace(new RegExp(`export const (${partNames.join('|')}) =`, 'g'), 'const $1 =');
  const table = Object.entries(parts)
    .map(
      ([kind, keys]) =>
        `  ${kind}: { envelope: ${kind}__envelope, contents: { ${keys.map((key) => `${JSON.stringify(key)}: ${kind}__${key}`).join(', ')} } },`,
    )
    .join('\n');
  const checkTable = Object.entries(checks)
    .map(([kind, { required, fields }]) => {
      const entries = Object.entries(fields).map(([key, name]) => `${JSON.stringify(key)}: ${name}`);
      return `  ${kind}: { required: ${JSON.stringify(required)}, fields: { ${entries.join(', ')} } },`;
    })
    .join('\n');
  const result = await build({
    stdin: {
      contents: `${privateParts}\nexport const variantParts = {\n${table}\n};\nexport const fieldChecks = {\n${checkTable}\n};\n`,
      resolveDir: root,
      sourcefile: 'validators.js',
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
  });
  return `// ${GENERATED_BANNER}\n// @ts-nocheck\n${result.outputFiles[0].text}`;
}

function validatorTypes(kinds) {
  const lines = kinds.map((k) => `export declare const validate${k}: ValidateFunction<import('./types.js').${k}>;`);
  return `/** ${GENERATED_BANNER} */
/** One reason a payload failed its schema (the shape of ajv's ErrorObject). */
export interface ValidationError {
  /** JSON pointer to the faulty value, e.g. \`/ids\`. */
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ValidateFunction<T> {
  (data: unknown): data is T;
  /** Why the last call returned false; null after a success. */
  errors?: ValidationError[] | null;
}

/** Validates one property's value; \`instancePath\` prefixes the faults' paths. */
export interface PartValidateFunction {
  (data: unknown, context: { instancePath: string; parentData: object; parentDataProperty: string; rootData: object }): boolean;
  errors?: ValidationError[] | null;
}

/**
 * The kinds with variants validated in parts: the envelope (every property but the content keys)
 * and each content key's schema. Together they give the verdict of the kind's whole validator.
 */
export declare const variantParts: Partial<Record<import('./types.js').WebhookKind, { envelope: ValidateFunction<unknown>; contents: Record<string, PartValidateFunction> }>>;

/** Checks one property's value; faults are not wanted here (the kind's validators give them). */
export interface FieldCheck {
  (data: unknown, context: { instancePath: string; parentData: unknown; parentDataProperty: string; rootData: unknown; dynamicAnchors: object }): boolean;
}

/** A JSON Schema type. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** A property's schema that only checks its type, a constant, a minLength up to 1, a minimum, its items, or its properties. */
export interface SimpleSchema {
  types: readonly JsonType[];
  const?: string | number | boolean;
  minLength?: number;
  minimum?: number;
  items?: SimpleSchema;
  properties?: Readonly<Record<string, SimpleSchema>>;
  required?: readonly string[];
}

/**
 * Each kind's schema as one check per property (an ajv function, or a simple schema parseWebhook
 * checks itself) and the required properties: a payload passes the kind's validator exactly when
 * every required property is present and each property present passes its check (the generator
 * refuses a kind's schema for which that would not hold).
 */
export declare const fieldChecks: Record<import('./types.js').WebhookKind, { required: readonly string[]; fields: Readonly<Record<string, FieldCheck | SimpleSchema>> }>;

${lines.join('\n')}

/** Faults collected per schema level before a validator stops walking an array that has faults. */
export declare const faultLimit: number;
`;
}

/**
 * The webhook kinds as spec/schemas/ describes them: every schema, the kinds (schemas whose `type`
 * is a constant) and each kind's variants. Read once per `generate`, by the types, the validators and
 * the examples' discovery.
 */
export async function loadWebhookSchemas() {
  const schemas = await loadSchemas();
  const kinds = webhookKinds(schemas);
  // One compile of the schemas: the examples are validated with the functions the standalone validators are written from.
  const ajv = createSchemaAjv(schemas, { code: { source: true, esm: true, lines: true } });
  return { schemas, kinds, variants: webhookVariants(schemas, kinds), ajv };
}

/** Types and validators into the webhooks package. */
export async function generateWebhookTypes(dir, { schemas, kinds, ajv }) {
  await writeText(path.join(dir, 'types.ts'), await payloadTypes(schemas, kinds));
  await writeText(path.join(dir, 'validators.js'), await validatorModule(ajv, schemas, kinds));
  await writeText(path.join(dir, 'validators.d.ts'), validatorTypes(kinds));
  return kinds;
}
