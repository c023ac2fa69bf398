// parseWebhook: bytes, text or an already-parsed object in; a named, validated, typed event out.
import { webhookKinds, webhookVariants, type WebhookEventMap, type WebhookEventName, type WebhookKind } from './generated/types.js';
import * as validators from './generated/validators.js';
import { faultLimit, fieldChecks, variantParts } from './generated/validators.js';
import type { FieldCheck, JsonType, SimpleSchema, ValidateFunction, ValidationError } from './generated/validators.js';
import { WebhookError } from './errors.js';
import { echo, groupFaults, listCut, MAX_FAULT_GROUPS, remainder, sentence, stoppedCounting, summarize } from './faults.js';

/**
 * Something tolerant parsing let through (strict parsing refuses it). `invalid_field`: a field breaks
 * the schema (missing, wrong type, outside its values) and `field` names it: the event is still
 * delivered, so check the warnings before trusting that field.
 */
export interface WebhookWarning {
  code: 'type_casing' | 'unknown_field' | 'unknown_variant' | 'invalid_field';
  message: string;
  /** The dotted path of the field, for `invalid_field` (`ids.*` when several items of an array share the fault). */
  field?: string;
}

type KindOf<N extends string> = N extends `${infer K}.${string}` ? K : N;
type VariantOf<N extends string> = N extends `${string}.${infer V}` ? V : undefined;

/** One parsed webhook. Narrow on `name` (or `kind`) to get the payload's type. */
export type WebhookEvent<N extends WebhookEventName = WebhookEventName> = {
  [K in N]: {
    /** `ReceivedCallback.image`, or the kind alone when it has no variants or the variant is unknown. */
    name: K;
    kind: KindOf<K> & WebhookKind;
    variant: VariantOf<K>;
    payload: WebhookEventMap[K];
    warnings: WebhookWarning[];
  };
}[N];

export interface ParseOptions {
  /**
   * Refuse what tolerant parsing (the default) only warns about: type casing, unknown fields,
   * unknown variants, and fields that break the schema.
   */
  strict?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const validatorOf = Object.fromEntries(
  webhookKinds.map((kind) => [kind, (validators as unknown as Record<string, ValidateFunction<unknown>>)[`validate${kind}`]!]),
) as Record<WebhookKind, ValidateFunction<unknown>>;
const kinds: ReadonlySet<string> = new Set(webhookKinds);
// `ReceivedCallback.text` for each kind and content key, made once rather than per payload.
const eventNames = Object.fromEntries(
  webhookKinds.map((kind) => [kind, new Map((webhookVariants[kind] as readonly string[]).map((key) => [key, `${kind}.${key}`]))]),
) as unknown as Record<WebhookKind, ReadonlyMap<string, string>>;

/** The rank of a field that is not a content key (a content key's rank is its place in the detection order). */
const NOT_CONTENT = -1;

/** A simple schema (see SimpleSchema) with its types as bits of TYPE_BITS. */
interface Simple {
  types: number;
  const: string | number | boolean | undefined;
  minLength: number | undefined;
  minimum: number | undefined;
  items: Simple | undefined;
  properties: ReadonlyArray<readonly [string, Simple]> | undefined;
  required: readonly string[] | undefined;
}

/** A field the kind's schema describes: its ajv check or its simple schema, and its rank. */
interface Field {
  check: FieldCheck | undefined;
  simple: Simple | undefined;
  rank: number;
}

const TYPE_BITS: Record<JsonType, number> = { string: 1, number: 2, integer: 4, boolean: 8, null: 16, object: 32, array: 64 };

/** Whether `value` is of one of the JSON types in `types` (bits of TYPE_BITS), as ajv reads each type. */
function hasType(value: unknown, types: number): boolean {
  switch (typeof value) {
    case 'string':
      return (types & TYPE_BITS.string) !== 0;
    case 'boolean':
      return (types & TYPE_BITS.boolean) !== 0;
    case 'number':
      return Number.isFinite(value) && ((types & TYPE_BITS.number) !== 0 || ((types & TYPE_BITS.integer) !== 0 && Number.isInteger(value)));
    case 'object':
      if (value === null) return (types & TYPE_BITS.null) !== 0;
      return (types & (Array.isArray(value) ? TYPE_BITS.array : TYPE_BITS.object)) !== 0;
    default:
      return false;
  }
}

/** Whether `value` passes a simple schema; each keyword applies to its own type, as in JSON Schema. */
function passes(value: unknown, simple: Simple): boolean {
  if (!hasType(value, simple.types)) return false;
  if (simple.const !== undefined && value !== simple.const) return false;
  if (simple.minLength !== undefined && typeof value === 'string' && value.length < simple.minLength) return false;
  if (simple.minimum !== undefined && typeof value === 'number' && value < simple.minimum) return false;
  if (simple.items !== undefined && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!passes(value[i], simple.items)) return false;
  }
  if (
    (simple.properties !== undefined || simple.required !== undefined) &&
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    const object = value as Record<string, unknown>;
    if (simple.required !== undefined) for (const key of simple.required) if (object[key] === undefined) return false;
    if (simple.properties !== undefined) {
      for (const [key, property] of simple.properties) {
        const item = object[key];
        if (item !== undefined && !passes(item, property)) return false;
      }
    }
  }
  return true;
}

const toSimple = (schema: SimpleSchema): Simple => ({
  types: schema.types.reduce((bits, type) => bits | TYPE_BITS[type], 0),
  const: schema.const,
  minLength: schema.minLength,
  minimum: schema.minimum,
  items: schema.items && toSimple(schema.items),
  properties: schema.properties && Object.entries(schema.properties).map(([key, property]) => [key, toSimple(property)] as const),
  required: schema.required,
});

// One map per kind, so telling unknown, known and content keys apart and checking a value costs
// one lookup per key.
const fieldsOf = Object.fromEntries(
  webhookKinds.map((kind) => {
    const ranks = new Map((webhookVariants[kind] as readonly string[]).map((key, rank) => [key, rank]));
    const fields = Object.entries(fieldChecks[kind].fields).map(([key, check]): [string, Field] => [
      key,
      typeof check === 'function'
        ? { check, simple: undefined, rank: ranks.get(key) ?? NOT_CONTENT }
        : { check: undefined, simple: toSimple(check), rank: ranks.get(key) ?? NOT_CONTENT },
    ]);
    return [kind, new Map(fields)];
  }),
) as unknown as Record<WebhookKind, ReadonlyMap<string, Field>>;

/**
 * What the field checks are given: they report no faults to anyone (the validators of the slow
 * path do), so they need no path; the anchors object spares each call allocating its own.
 */
const CHECK_CONTEXT = { instancePath: '', parentData: undefined, parentDataProperty: '', rootData: undefined, dynamicAnchors: {} };

function toText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  try {
    return decoder.decode(body);
  } catch {
    throw new WebhookError('not_utf8', 'body is not valid UTF-8');
  }
}

const BLANK = /^\s*$/;

/** What a value is, in words, without serialising it (it may be huge or nested thousands deep). */
function what(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${echo(value)}`;
  return String(value);
}

function toObject(body: unknown): Record<string, unknown> {
  let value = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = toText(body);
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Tested only on failure: a blank test on every body would cost a copy of it.
      if (BLANK.test(text)) throw new WebhookError('empty_body', 'body is empty');
      throw new WebhookError('not_json', `body is not JSON: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new WebhookError('not_object', `body must be a JSON object, got ${kind}`);
  }
  return value as Record<string, unknown>;
}

function kindOf(type: unknown, warnings: WebhookWarning[], strict: boolean): WebhookKind {
  if (type === undefined) throw new WebhookError('missing_type', 'payload has no "type" field');
  if (typeof type !== 'string') throw new WebhookError('missing_type', `"type" must be a string, got ${what(type)}`);
  if (kinds.has(type)) return type as WebhookKind;
  const lower = type.length < 64 ? type.toLowerCase() : '';
  const known = webhookKinds.find((k) => k.toLowerCase() === lower);
  if (known && !strict) {
    warnings.push({ code: 'type_casing', message: `type "${type}" read as "${known}"` });
    return known;
  }
  throw new WebhookError(
    'unknown_type',
    `unknown webhook type ${echo(type)}${known ? ` (did you mean "${known}"?)` : ''}; known types: ${webhookKinds.join(', ')}`,
  );
}

/** What one pass over a payload's own keys finds. */
interface Scan {
  /** Keys the kind's schema does not describe (undefined: none). */
  unknown: string[] | undefined;
  /** The variant: the content key first in the spec's order whose value is present (not null or false). */
  variant: string | undefined;
  /** Whether the payload passes the kind's schema: its required fields are there and every field it has passes its check. */
  valid: boolean;
}

function scan(kind: WebhookKind, payload: Record<string, unknown>): Scan {
  const fields = fieldsOf[kind];
  let unknown: string[] | undefined;
  let variant: string | undefined;
  let valid = true;
  let best = Infinity;
  for (const key in payload) {
    const field = fields.get(key);
    if (field === undefined) {
      (unknown ??= []).push(key);
      continue;
    }
    const value = payload[key];
    // Absent, as the validators see it.
    if (value === undefined) continue;
    if (valid && !(field.check === undefined ? passes(value, field.simple!) : field.check(value, CHECK_CONTEXT))) valid = false;
    if (field.rank !== NOT_CONTENT && value !== null && value !== false && field.rank < best) {
      best = field.rank;
      variant = key;
    }
  }
  if (valid) for (const key of fieldChecks[kind].required) if (payload[key] === undefined) valid = false;
  return { unknown, variant, valid };
}

// JSON pointers of the content keys, made once: the faults of a content validator start with it.
const pointers = new Map(
  webhookKinds.flatMap((kind) =>
    (webhookVariants[kind] as readonly string[]).map((key) => [key, `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`] as const),
  ),
);

/**
 * The faults of a payload that failed its field checks: for a kind with variants, those of its
 * envelope, then of each content key present, in the payload's order; for the others, those of the
 * kind's schema.
 */
function schemaFaults(kind: WebhookKind, payload: Record<string, unknown>): ValidationError[] {
  const parts = variantParts[kind];
  if (!parts) {
    const validate = validatorOf[kind];
    return validate(payload) ? [] : (validate.errors ?? []);
  }
  let errors = parts.envelope(payload) ? [] : (parts.envelope.errors ?? []);
  for (const key in payload) {
    if (!Object.hasOwn(parts.contents, key) || payload[key] === undefined) continue;
    const validate = parts.contents[key]!;
    if (!validate(payload[key], { instancePath: pointers.get(key)!, parentData: payload, parentDataProperty: key, rootData: payload })) {
      errors = errors.concat(validate.errors ?? []);
    }
  }
  return errors;
}

/** Schema faults: refused when strict, otherwise one `invalid_field` warning per field (grouped and cut). */
function checkSchema(kind: WebhookKind, payload: Record<string, unknown>, warnings: WebhookWarning[], strict: boolean): void {
  const errors = schemaFaults(kind, payload);
  // The validators are the authority on the verdict; the field checks only spare them valid payloads.
  if (errors.length === 0) return;
  const faults = groupFaults(errors, payload);
  // The validators stop walking an array past `faultLimit` faults: the counts are then lower bounds.
  const limitReached = errors.length >= faultLimit ? faultLimit : undefined;
  if (strict) throw new WebhookError('invalid_payload', `${kind}: ${summarize(faults, limitReached)}`);
  for (const fault of faults.slice(0, MAX_FAULT_GROUPS))
    warnings.push({ code: 'invalid_field', field: fault.field, message: sentence(fault) });
  const rest = faults.slice(MAX_FAULT_GROUPS);
  if (rest.length > 0) warnings.push({ code: 'invalid_field', field: rest[0]!.field, message: remainder(rest) });
  if (limitReached) warnings.push({ code: 'invalid_field', field: faults.at(-1)!.field, message: stoppedCounting(limitReached) });
}

function parse(body: string | Uint8Array | object, strict: boolean): WebhookEvent {
  const warnings: WebhookWarning[] = [];
  const raw = toObject(body);
  const kind = kindOf(raw.type, warnings, strict);
  const payload = raw.type === kind ? raw : { ...raw, type: kind };
  const { unknown, variant, valid } = scan(kind, payload);

  if (!valid) checkSchema(kind, payload, warnings, strict);

  if (unknown !== undefined) {
    const message = `${kind} has fields the spec does not describe: ${listCut(unknown)}`;
    if (strict) throw new WebhookError('unknown_field', message);
    warnings.push({ code: 'unknown_field', message });
  }

  if (variant === undefined && webhookVariants[kind].length > 0) {
    const message = `${kind} carries none of the known content keys (${webhookVariants[kind].join(', ')})`;
    if (strict) throw new WebhookError('unknown_variant', message);
    warnings.push({ code: 'unknown_variant', message });
  }
  const name = variant ? eventNames[kind].get(variant)! : kind;
  return { name, kind, variant, payload, warnings } as unknown as WebhookEvent;
}

/**
 * Parses one webhook body: a string or bytes of JSON, or an object a framework already parsed.
 * Throws only WebhookError (with `code` and `status`), for what cannot be read as a webhook: not
 * JSON, not an object, no `type` or an unknown one. Tolerant by default: type casing, unknown
 * fields, unknown variants and fields that break the schema become `warnings`, and the event is
 * delivered under its name, because Z-API does not retry a refused webhook. `strict` refuses them.
 */
export function parseWebhook(body: string | Uint8Array | object, options: ParseOptions = {}): WebhookEvent {
  try {
    return parse(body, options.strict ?? false);
  } catch (error) {
    if (error instanceof WebhookError) throw error;
    // A payload built to exhaust the stack or the string size: still the caller's fault, not ours.
    if (error instanceof RangeError)
      throw new WebhookError('invalid_payload', `payload cannot be read: ${error.message}`, { cause: error });
    throw error;
  }
}
