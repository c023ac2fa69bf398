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

/** The request never got an answer: DNS, connection refused, TLS, reset. */
export class ZapiNetworkError extends ZapiError {
  override readonly name = 'ZapiNetworkError';
}

/** No answer within the timeout. */
export class ZapiTimeoutError extends ZapiError {
  override readonly name = 'ZapiTimeoutError';
  readonly timeoutMs: number;

  constructor(operationId: string, timeoutMs: number) {
    super(`${operationId} got no answer within ${timeoutMs} ms`, operationId);
    this.timeoutMs = timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
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
