/**
 * The fields of a value that its JSON Schema does not describe. Z-API's responses and webhook
 * payloads are modelled open (Z-API adds fields without notice), so validation alone never reports
 * a new field: this walk does, so the drift tools can tell the spec what to learn.
 */

export interface UndescribedField {
  /** Where the field is: `body.image.newKey`, with `[]` for any array element. */
  path: string;
  /** The JSON type of the value seen: `string`, `integer`, `object`, `null`, ... */
  observed: string;
}

type SchemaObject = Record<string, unknown>;

/** `null`, `array`, `integer` (a whole number), `number`, `string`, `boolean` or `object`. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined; // only the document's own refs: bundled documents have no others
  let node = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** Every schema object that applies to one value: refs followed, allOf/anyOf/oneOf/if-then-else flattened. */
function expand(schemas: unknown[], doc: unknown, seen = new Set<unknown>()): Array<SchemaObject | true> {
  const out: Array<SchemaObject | true> = [];
  for (const schema of schemas) {
    if (schema === true) out.push(true);
    if (!schema || typeof schema !== 'object' || seen.has(schema)) continue;
    seen.add(schema);
    const s = schema as SchemaObject;
    out.push(s);
    if (typeof s.$ref === 'string') out.push(...expand([resolvePointer(doc, s.$ref)], doc, seen));
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (Array.isArray(s[key])) out.push(...expand(s[key] as unknown[], doc, seen));
    }
    out.push(...expand([s.then, s.else].filter(Boolean), doc, seen));
  }
  return out;
}

const isFreeForm = (s: SchemaObject | true) =>
  s === true || (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') || s.patternProperties !== undefined;

function walk(value: unknown, schemas: unknown[], doc: unknown, path: string, found: Map<string, UndescribedField>): void {
  const applied = expand(schemas, doc);
  if (applied.length === 0) return;
  if (Array.isArray(value)) {
    const items = applied
      .flatMap((s) => (s === true ? [] : [s.items, ...(Array.isArray(s.prefixItems) ? s.prefixItems : [])]))
      .filter(Boolean);
    for (const item of value) walk(item, items, doc, `${path}[]`, found);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const declaring = applied.filter((s): s is SchemaObject => s !== true && typeof s.properties === 'object' && s.properties !== null);
  // A map (additionalProperties: {schema}) or an object the spec leaves free-form describes any key.
  if (applied.some(isFreeForm) || declaring.length === 0) return;
  for (const [key, child] of Object.entries(value)) {
    const childSchemas = declaring.map((s) => (s.properties as SchemaObject)[key]).filter((s) => s !== undefined);
    const at = `${path}.${key}`;
    if (childSchemas.length === 0) {
      if (!found.has(at)) found.set(at, { path: at, observed: jsonTypeOf(child) });
      continue;
    }
    walk(child, childSchemas, doc, at, found);
  }
}

/**
 * The fields of `value` that `schema` (with `$ref`s into `doc`) does not name, at any depth.
 * Objects whose schema declares no properties, or maps (`additionalProperties: {...}`), are free-form.
 */
export function undescribedFields(value: unknown, schema: unknown, doc: unknown, root = 'body'): UndescribedField[] {
  const found = new Map<string, UndescribedField>();
  walk(value, [schema], doc, root, found);
  return [...found.values()];
}
