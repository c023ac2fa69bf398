// parseWebhook: bytes, text or an already-parsed object in; a named, validated, typed event out.
import {
  knownFields,
  webhookKinds,
  webhookVariants,
  type WebhookEventMap,
  type WebhookEventName,
  type WebhookKind,
} from '../../../generated/webhooks/types.js';
import * as validators from '../../../generated/webhooks/validators.js';
import { faultLimit } from '../../../generated/webhooks/validators.js';
import type { ValidateFunction } from '../../../generated/webhooks/validators.js';
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
const validatorOf = (kind: WebhookKind) => (validators as unknown as Record<string, ValidateFunction<unknown>>)[`validate${kind}`]!;
const kinds: ReadonlySet<string> = new Set(webhookKinds);
const fieldsOf = Object.fromEntries(webhookKinds.map((kind) => [kind, new Set(knownFields[kind])])) as unknown as Record<WebhookKind, ReadonlySet<string>>;

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

/** The first variant key present (not undefined, null or false), in the spec's order. */
function variantOf(kind: WebhookKind, payload: Record<string, unknown>): string | undefined {
  for (const key of webhookVariants[kind] as readonly string[]) {
    const value = payload[key];
    if (value !== undefined && value !== null && value !== false) return key;
  }
  return undefined;
}

/** Fields the spec does not describe. */
function unknownFields(kind: WebhookKind, payload: Record<string, unknown>): string[] {
  const known = fieldsOf[kind];
  const unknown: string[] = [];
  for (const key in payload) if (!known.has(key)) unknown.push(key);
  return unknown;
}

/** Schema faults: refused when strict, otherwise one `invalid_field` warning per field (grouped and cut). */
function checkSchema(kind: WebhookKind, payload: Record<string, unknown>, warnings: WebhookWarning[], strict: boolean): void {
  const validate = validatorOf(kind);
  if (validate(payload)) return;
  const errors = validate.errors ?? [];
  const faults = groupFaults(errors);
  // The validators stop walking an array past `faultLimit` faults: the counts are then lower bounds.
  const limitReached = errors.length >= faultLimit ? faultLimit : undefined;
  if (strict) throw new WebhookError('invalid_payload', `${kind}: ${summarize(faults, limitReached)}`);
  for (const fault of faults.slice(0, MAX_FAULT_GROUPS)) warnings.push({ code: 'invalid_field', field: fault.field, message: sentence(fault) });
  const rest = faults.slice(MAX_FAULT_GROUPS);
  if (rest.length > 0) warnings.push({ code: 'invalid_field', field: rest[0]!.field, message: remainder(rest) });
  if (limitReached) warnings.push({ code: 'invalid_field', field: faults.at(-1)!.field, message: stoppedCounting(limitReached) });
}

function parse(body: string | Uint8Array | object, strict: boolean): WebhookEvent {
  const warnings: WebhookWarning[] = [];
  const raw = toObject(body);
  const kind = kindOf(raw.type, warnings, strict);
  const payload = raw.type === kind ? raw : { ...raw, type: kind };

  checkSchema(kind, payload, warnings, strict);

  const unknown = unknownFields(kind, payload);
  if (unknown.length > 0) {
    const message = `${kind} has fields the spec does not describe: ${listCut(unknown)}`;
    if (strict) throw new WebhookError('unknown_field', message);
    warnings.push({ code: 'unknown_field', message });
  }

  const variant = variantOf(kind, payload);
  if (variant === undefined && webhookVariants[kind].length > 0) {
    const message = `${kind} carries none of the known content keys (${webhookVariants[kind].join(', ')})`;
    if (strict) throw new WebhookError('unknown_variant', message);
    warnings.push({ code: 'unknown_variant', message });
  }
  const name = variant ? `${kind}.${variant}` : kind;
  return { name, kind, variant, payload, warnings } as WebhookEvent;
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
    if (error instanceof RangeError) throw new WebhookError('invalid_payload', `payload cannot be read: ${error.message}`, { cause: error });
    throw error;
  }
}
