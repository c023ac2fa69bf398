/** Why a webhook request or payload was refused. */
export type WebhookErrorCode =
  | 'empty_body'
  | 'not_utf8'
  | 'not_json'
  | 'not_object'
  | 'missing_type'
  | 'unknown_type'
  | 'invalid_payload'
  | 'unknown_variant'
  | 'unknown_field'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'handler_failed'
  | 'store_unavailable';

const STATUS: Record<WebhookErrorCode, number> = {
  empty_body: 400,
  not_utf8: 400,
  not_json: 400,
  not_object: 400,
  missing_type: 400,
  unknown_type: 400,
  invalid_payload: 400,
  unknown_variant: 400,
  unknown_field: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  unauthorized: 401,
  handler_failed: 500,
  store_unavailable: 503,
};

/** The one error type the parser and the handlers throw: a code, the HTTP status to answer, a sentence. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  readonly status: number;

  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
