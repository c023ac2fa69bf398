// parseWebhook: bytes, text or an already-parsed object in; a named, validated, typed event out.
import {
  knownFields,
  webhookKinds,
  webhookVariants,
  type WebhookEventMap,
  type WebhookEventName,
  type WebhookKind,
} from './generated/types.js';
import * as validators from './generated/validators.js';
import type { ValidateFunction, ValidationError } from './generated/validators.js';
import { WebhookError } from './errors.js';

export interface WebhookWarning {
  code: 'type_casing' | 'unknown_field' | 'unknown_variant';
  message: string;
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
  /** Refuse what tolerant parsing only warns about: type casing, unknown fields, unknown variants. */
  strict?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const validatorOf = (kind: WebhookKind) => (validators as unknown as Record<string, ValidateFunction<unknown>>)[`validate${kind}`]!;

function toText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  try {
    return decoder.decode(body);
  } catch {
    throw new WebhookError('not_utf8', 'body is not valid UTF-8');
  }
}

function toObject(body: unknown): Record<string, unknown> {
  let value = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = toText(body);
    if (text.trim() === '') throw new WebhookError('empty_body', 'body is empty');
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new WebhookError('not_json', `body is not JSON: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new WebhookError('not_object', `body must be a JSON object, got ${what}`);
  }
  return value as Record<string, unknown>;
}

function kindOf(type: unknown, warnings: WebhookWarning[], strict: boolean): WebhookKind {
  if (type === undefined) throw new WebhookError('missing_type', 'payload has no "type" field');
  if (typeof type !== 'string') throw new WebhookError('missing_type', `"type" must be a string, got ${JSON.stringify(type)}`);
  if ((webhookKinds as readonly string[]).includes(type)) return type as WebhookKind;
  const known = webhookKinds.find((k) => k.toLowerCase() === type.toLowerCase());
  if (known && !strict) {
    warnings.push({ code: 'type_casing', message: `type "${type}" read as "${known}"` });
    return known;
  }
  throw new WebhookError(
    'unknown_type',
    `unknown webhook type "${type}"${known ? ` (did you mean "${known}"?)` : ''}; known types: ${webhookKinds.join(', ')}`,
  );
}

/** `field "ids" must be array`, one sentence per distinct fault. */
function describe(errors: ValidationError[] | null | undefined): string {
  const sentences = (errors ?? []).map((e) => {
    const field = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    const where = field ? `field "${field}"` : 'payload';
    if (e.keyword === 'required') return `${where} is missing "${String(e.params.missingProperty)}"`;
    return `${where} ${e.message ?? 'is invalid'}`;
  });
  return [...new Set(sentences)].join('; ');
}

/** The first variant key present (not undefined, null or false), in the spec's order. */
function variantOf(kind: WebhookKind, payload: Record<string, unknown>): string | undefined {
  return (webhookVariants[kind] as readonly string[]).find((key) => payload[key] !== undefined && payload[key] !== null && payload[key] !== false);
}

/**
 * Parses one webhook body: a string or bytes of JSON, or an object a framework already parsed.
 * Throws WebhookError (with `code` and `status`) for what cannot be read; tolerant by default, it
 * reports type casing, unknown fields and unknown variants as `warnings` (`strict` refuses them).
 */
export function parseWebhook(body: string | Uint8Array | object, options: ParseOptions = {}): WebhookEvent {
  const strict = options.strict ?? false;
  const warnings: WebhookWarning[] = [];
  const raw = toObject(body);
  const kind = kindOf(raw.type, warnings, strict);
  const payload = raw.type === kind ? raw : { ...raw, type: kind };

  const validate = validatorOf(kind);
  if (!validate(payload)) throw new WebhookError('invalid_payload', `${kind}: ${describe(validate.errors)}`);

  const unknown = Object.keys(payload).filter((key) => !knownFields[kind].includes(key));
  if (unknown.length > 0) {
    const message = `${kind} has fields the spec does not describe: ${unknown.join(', ')}`;
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
  return { name, kind, variant, payload, warnings } as unknown as WebhookEvent;
}
