/** Why a webhook request or payload was refused. */
export type WebhookErrorCode =
  | 'empty_body'
  | 'not_utf8'
  | 'not_gzip'
  | 'not_json'
  | 'not_object'
  | 'missing_type'
  | 'unknown_type'
  | 'invalid_payload'
  | 'unknown_variant'
  | 'unknown_field'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'unsupported_encoding'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'handler_failed'
  | 'handler_timeout'
  | 'store_unavailable';

const STATUS: Record<WebhookErrorCode, number> = {
  empty_body: 400,
  not_utf8: 400,
  not_gzip: 400,
  not_json: 400,
  not_object: 400,
  missing_type: 400,
  unknown_type: 400,
  invalid_payload: 400,
  unknown_variant: 400,
  unknown_field: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  unsupported_encoding: 415,
  method_not_allowed: 405,
  unauthorized: 401,
  handler_failed: 500,
  handler_timeout: 500,
  store_unavailable: 503,
};

/**
 * Largest message, in bytes of its JSON form. Messages quote what arrived, and an error answer must
 * stay small (≤ 4 KB with its envelope) whatever arrived; the builders already cut long values and
 * count repeated faults, this is the last guard.
 */
export const MAX_MESSAGE_BYTES = 3072;
const encoder = new TextEncoder();
const jsonBytes = (text: string) => encoder.encode(JSON.stringify(text)).byteLength;

function capped(message: string): string {
  if (message.length * 6 + 2 <= MAX_MESSAGE_BYTES || jsonBytes(message) <= MAX_MESSAGE_BYTES) return message;
  const suffix = ` … (cut from ${message.length} characters)`;
  let length = Math.min(message.length, MAX_MESSAGE_BYTES);
  while (length > 0 && jsonBytes(message.slice(0, length) + suffix) > MAX_MESSAGE_BYTES) length = Math.floor(length * 0.75);
  return message.slice(0, length) + suffix;
}

/** The one error type the parser and the handlers throw: a code, the HTTP status to answer, a sentence. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  readonly status: number;

  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(capped(message), options);
    this.status = STATUS[code];
  }

  toJSON(): { error: string; code: WebhookErrorCode } {
    return { error: this.message, code: this.code };
  }
}

/** Handlers of one event failed; `errors` holds each failure. */
export class WebhookHandlerError extends AggregateError {
  override readonly name = 'WebhookHandlerError';
  constructor(
    errors: unknown[],
    readonly eventName: string,
  ) {
    super(errors, `${errors.length} handler${errors.length === 1 ? '' : 's'} of ${eventName} failed: ${errors.map(describe).join('; ')}`);
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
