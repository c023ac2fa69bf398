// One wording for a JSON Schema fault, whoever reports it: the mock refusing a request, the webhook
// parser refusing or warning about a payload, the drift checks comparing real traffic with the spec.
// Each says where in its own words (`body.phone`, `field "phone"`, `payload.phone`); what is wrong
// is said here, once.

/** A JSON Schema validation error, as ajv (or its standalone code) reports it. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string | undefined;
  /** Where in the schema (`#/properties/value/anyOf`): tells which errors a oneOf/anyOf's come from. */
  schemaPath?: string;
  /** The value that failed (ajv's `verbose` option): names the JSON type seen in a type fault. */
  data?: unknown;
  /** The schema the keyword belongs to (ajv's `verbose` option): its `x-zapi-error` is its own sentence. */
  parentSchema?: unknown;
}

/** One fault: the field it is about and what is wrong with it. */
export interface SchemaFault {
  /** JSON pointer of the field (`/image/caption`); a missing or unknown field's own pointer, not its parent's. */
  pointer: string;
  /** `is missing`, `must be string, not number`, `must be one of "SENT", "READ"`. */
  problem: string;
}

// oneOf/anyOf/if only say that their branches failed; the branches' own faults say how.
const SUMMARY_KEYWORDS: ReadonlySet<string> = new Set(['oneOf', 'anyOf', 'if']);

/** The JSON type of a value as a user names it: any number is a number. */
const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A schema's own sentence for its fault (`x-zapi-error`), better than "must match pattern". */
const ownSentence = (error: SchemaError): string | undefined =>
  (error.parentSchema as { 'x-zapi-error'?: string } | undefined)?.['x-zapi-error'];

const escapeSegment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The value at a JSON pointer (`/image/caption`) of `data`. */
export function valueAt(data: unknown, pointer: string): unknown {
  return segmentsOf(pointer).reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    data,
  );
}

/** A JSON pointer's unescaped segments: `/a~1b/0` → `['a/b', '0']`. */
export function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A JSON pointer as a dotted path: `/image/caption` → `image.caption`. */
export const dottedPath = (pointer: string): string => segmentsOf(pointer).join('.');

/**
 * What is wrong, in one short phrase, and where. `data` is the value validated, used to name the
 * type seen when the error does not carry it.
 */
export function faultOf(error: SchemaError, data?: unknown): SchemaFault {
  const { keyword, params } = error;
  switch (keyword) {
    case 'required':
      return { pointer: `${error.instancePath}/${escapeSegment(String(params.missingProperty))}`, problem: 'is missing' };
    case 'additionalProperties':
      return { pointer: `${error.instancePath}/${escapeSegment(String(params.additionalProperty))}`, problem: 'is not a documented field' };
    case 'type': {
      // A wrong JSON type is named as such (a phone sent as a number is not a format problem).
      const seen = 'data' in error ? error.data : data === undefined ? undefined : valueAt(data, error.instancePath);
      const observed = 'data' in error || data !== undefined ? typeOf(seen) : undefined;
      return { pointer: error.instancePath, problem: `must be ${String(params.type)}${observed ? `, not ${observed}` : ''}` };
    }
    case 'enum':
      return {
        pointer: error.instancePath,
        problem: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { pointer: error.instancePath, problem: `must be ${JSON.stringify(params.allowedValue)}` };
    default: {
      return { pointer: error.instancePath, problem: ownSentence(error) ?? error.message ?? 'is invalid' };
    }
  }
}

/**
 * The errors worth saying. A oneOf/anyOf/if error only says that its branches failed: it is left
 * out when another error says what failed at or inside the same field, kept when it is all there is
 * (a value that matches two branches of a oneOf has no other error). A schema with its own sentence
 * (`x-zapi-error`) speaks for its branches instead: "must be an e-mail address, or empty" rather than
 * "must match format" and "must be equal to constant".
 */
export function telling<E extends SchemaError>(errors: readonly E[] | null | undefined): E[] {
  const all = errors ?? [];
  const spokenFor = all.filter((e) => SUMMARY_KEYWORDS.has(e.keyword) && e.schemaPath && ownSentence(e));
  // A branch's error: inside the summary's schema and at or below its field.
  const branchOf = (e: SchemaError, s: SchemaError) =>
    e.schemaPath!.startsWith(`${s.schemaPath}/`) && (e.instancePath === s.instancePath || e.instancePath.startsWith(`${s.instancePath}/`));
  const heard = spokenFor.length === 0 ? all : all.filter((e) => !e.schemaPath || !spokenFor.some((s) => branchOf(e, s)));
  if (!heard.some((e) => SUMMARY_KEYWORDS.has(e.keyword))) return [...heard];
  // Every field that holds a detailed error, and every field above it: linear in the errors times
  // their depth, so 450,000 faults of one array cost no more than reading them.
  const explained = new Set<string>();
  for (const e of heard) {
    if (SUMMARY_KEYWORDS.has(e.keyword)) continue;
    for (let at = e.instancePath; !explained.has(at); at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) {
      explained.add(at);
      if (at === '') break;
    }
  }
  return heard.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword) || ownSentence(e) !== undefined || !explained.has(e.instancePath));
}
