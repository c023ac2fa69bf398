import { redact } from '@zapi-kit/shared';

/**
 * Hints for the mistakes integrators make most. Z-API's own sentences do not say that the
 * instance token in the URL and the account's Client-Token are two different secrets.
 */
const HINTS: ReadonlyArray<[RegExp, string]> = [
  [
    /null not allowed/i,
    'The account security token is active and the request had no Client-Token header. Pass `clientToken` (panel → Security → Account Security Token); it is not the instance token that goes in the URL.',
  ],
  [
    /client-token is not configured/i,
    'A Client-Token was sent but the account has none configured or it does not match. Check that `clientToken` is the account security token, not the instance token.',
  ],
  [/not allowed$/i, 'The calling IP is not on the account allow-list (panel → Security → IP restriction).'],
];

export function hintFor(message: string | undefined): string | undefined {
  if (!message) return undefined;
  return HINTS.find(([pattern]) => pattern.test(message))?.[1];
}

/** Base class of every error the client throws. Its message and fields never hold a secret in clear. */
export class ZapiError extends Error {
  override readonly name: string = 'ZapiError';
  /** The spec's operationId of the failed call. */
  readonly operationId: string;

  constructor(message: string, operationId: string, options?: { cause?: unknown; secrets?: readonly string[] }) {
    super(redact(message, options?.secrets), options?.cause === undefined ? undefined : { cause: options.cause });
    this.operationId = operationId;
    if (this.stack) this.stack = redact(this.stack, options?.secrets);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operationId: this.operationId };
  }

  /**
   * Node's util.inspect shows the JSON form: no `cause` chain with a URL or header in clear. The
   * symbol is the registered one, so the client needs no Node import and runs in browsers too.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.name}: ${this.message} ${JSON.stringify(this.toJSON())}`;
  }
}

/** Z-API answered with a status outside 2xx. */
export class ZapiHttpError extends ZapiError {
  override readonly name = 'ZapiHttpError';
  readonly status: number;
  /** The parsed body Z-API sent (usually `{ error: "..." }`), with secrets redacted from its strings. */
  readonly body: unknown;
  /** What to do about it, for the errors whose cause is known. */
  readonly hint: string | undefined;
  /** The method and path called, with the instance token redacted. */
  readonly request: string;

  constructor(init: { operationId: string; status: number; body: unknown; method: string; url: string; secrets: readonly string[] }) {
    const zapiMessage = typeof init.body === 'object' && init.body !== null && 'error' in init.body ? String(init.body.error) : undefined;
    const hint = hintFor(zapiMessage);
    const detail = zapiMessage ?? (typeof init.body === 'string' && init.body ? init.body : 'no error message');
    super(`${init.operationId} failed with HTTP ${init.status}: ${detail}${hint ? ` (${hint})` : ''}`, init.operationId, {
      secrets: init.secrets,
    });
    this.status = init.status;
    this.hint = hint;
    this.request = redact(`${init.method.toUpperCase()} ${new URL(init.url).pathname}`, init.secrets);
    this.body = redactDeep(init.body, init.secrets);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, request: this.request, body: this.body, hint: this.hint };
  }
}

/**
 * The connection failed: before the request left (DNS, refused, TLS: `requestSent` false) or after
 * (a reset, the answer cut short: `requestSent` true). When `requestSent` is true Z-API may have
 * acted on the request — a send may have been delivered — so do not resend it blindly.
 */
export class ZapiNetworkError extends ZapiError {
  override readonly name = 'ZapiNetworkError';
  readonly requestSent: boolean;

  constructor(message: string, operationId: string, options: { cause?: unknown; secrets?: readonly string[]; requestSent: boolean }) {
    super(message, operationId, options);
    this.requestSent = options.requestSent;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestSent: this.requestSent };
  }
}

/** No answer within the timeout. The request had usually left: `requestSent` says whether it may have taken effect. */
export class ZapiTimeoutError extends ZapiError {
  override readonly name = 'ZapiTimeoutError';
  readonly timeoutMs: number;
  readonly requestSent: boolean;

  constructor(operationId: string, timeoutMs: number, requestSent = true) {
    super(
      `${operationId} got no answer within ${timeoutMs} ms${requestSent ? '; the request was sent and may have taken effect' : ''}`,
      operationId,
    );
    this.timeoutMs = timeoutMs;
    this.requestSent = requestSent;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, requestSent: this.requestSent };
  }
}

/**
 * Z-API answered 2xx but not with the JSON the operation documents (an HTML page from a proxy, a
 * truncated or invalid body). The request was received: `requestSent` is always true.
 */
export class ZapiResponseError extends ZapiError {
  override readonly name = 'ZapiResponseError';
  readonly status: number;
  readonly contentType: string | null;
  /** The start of what was received (at most 200 characters), secrets redacted. */
  readonly received: string;
  readonly requestSent = true;

  constructor(init: {
    operationId: string;
    status: number;
    contentType: string | null;
    text: string;
    cause?: unknown;
    secrets: readonly string[];
  }) {
    const received = redact(init.text.slice(0, 200), init.secrets);
    super(
      `${init.operationId}: Z-API answered ${init.status} with a body that is not the documented JSON ` +
        `(${init.contentType ?? 'no content type'}, ${init.text.length} characters: ${JSON.stringify(received.slice(0, 60))}); the request was received and may have taken effect`,
      init.operationId,
      { secrets: init.secrets, ...(init.cause !== undefined && { cause: init.cause }) },
    );
    this.status = init.status;
    this.contentType = init.contentType;
    this.received = received;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, contentType: this.contentType, received: this.received, requestSent: true };
  }
}

/** The caller's `signal` aborted the call. `requestSent` says whether the request had left before. */
export class ZapiAbortError extends ZapiError {
  override readonly name = 'ZapiAbortError';
  readonly requestSent: boolean;

  constructor(operationId: string, requestSent: boolean, reason: unknown, secrets: readonly string[]) {
    super(
      `${operationId} was aborted by its signal${requestSent ? ' after the request was sent; it may have taken effect' : ' before the request was sent'}`,
      operationId,
      { secrets, ...(reason !== undefined && { cause: reason }) },
    );
    this.requestSent = requestSent;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestSent: this.requestSent };
  }
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}
