// What both HTTP adapters (Node and fetch) do with a webhook request; they only translate.
// `receiveWebhook` is the core: a request's headers and raw body in, a parsed event or a typed
// refusal out. `handleWebhook` adds the dispatch and turns either into an HTTP answer.
import { BodyTooLargeError } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { WebhookError, WebhookHandlerError } from '../errors.js';
import { parseWebhook, type ParseOptions, type WebhookEvent } from '../parse.js';
import { contentCoding, gunzipWithLimit } from './body.js';
import { timingSafeEqual } from './timing-safe.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_HANDLER_TIMEOUT_MS = 10_000;

export interface WebhookHandlerOptions {
  /**
   * Your instance token: requests must carry it in the `z-api-token` header, as Z-API's do; others
   * get 401 (compared in constant time). Required: `undefined` or `''` (an unset environment
   * variable) throws at construction, so authentication cannot be switched off by accident.
   * `false` accepts requests without it, on purpose.
   */
  instanceToken: string | false | undefined;
  /** Largest body accepted, in bytes, on the wire and once inflated; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * How long the handlers of one event may take before the request is answered 500
   * `handler_timeout` (they keep running; the connection is freed). Default 10,000 ms.
   */
  handlerTimeoutMs?: number;
}

export interface IncomingWebhook {
  method: string | undefined;
  contentType: string | null | undefined;
  /** The Content-Encoding header: none or gzip. */
  contentEncoding?: string | null | undefined;
  zapiToken: string | null | undefined;
  /** Every request header, names in lower case (the inbox keeps them with the delivery). */
  headers?: () => Record<string, string>;
  /** Reads the raw body, stopping past `limit` bytes with BodyTooLargeError; or the object a framework already parsed. */
  body(limit: number): Promise<Uint8Array | string | object>;
}

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Close the connection after answering, without reading the rest of the request (413). */
  close?: boolean;
}

/** What `receiveWebhook` makes of a request: the event and the (inflated) body it came from, or why it was refused. */
export type WebhookReceipt = { ok: true; event: WebhookEvent; body: Uint8Array | string | object } | { ok: false; error: WebhookError };

/**
 * Checks a handler factory's options once, at construction, so a missing secret is a startup
 * failure rather than an endpoint that accepts forged webhooks. `factory` names the caller.
 */
export function checkHandlerOptions(factory: string, options: WebhookHandlerOptions | undefined): Required<WebhookHandlerOptions> {
  const token: unknown = options?.instanceToken;
  const fix = 'pass your instance token (Z-API sends it in the z-api-token header), or instanceToken: false to accept webhooks without it';
  if (token === undefined) throw new TypeError(`${factory}: options.instanceToken is undefined (is its environment variable set?); ${fix}`);
  if (typeof token === 'string' && token.trim() === '') throw new TypeError(`${factory}: options.instanceToken is empty; ${fix}`);
  if (token !== false && typeof token !== 'string')
    throw new TypeError(`${factory}: options.instanceToken must be a string or false, got ${typeof token}`);
  const positive = (name: string, value: number | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value <= 0)
      throw new TypeError(`${factory}: options.${name} must be a positive number, got ${String(value)}`);
    return value;
  };
  return {
    instanceToken: token,
    maxBodyBytes: positive('maxBodyBytes', options?.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    handlerTimeoutMs: positive('handlerTimeoutMs', options?.handlerTimeoutMs, DEFAULT_HANDLER_TIMEOUT_MS),
  };
}

/** Method, media type, token, size and encoding: the body bytes if the request may be read as a webhook. */
async function readRequest(request: IncomingWebhook, options: WebhookHandlerOptions): Promise<Uint8Array | string | object> {
  if (request.method?.toUpperCase() !== 'POST') {
    throw new WebhookError(
      'method_not_allowed',
      `method ${String(request.method).slice(0, 20)} not allowed: Z-API sends webhooks with POST`,
    );
  }
  const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new WebhookError(
      'unsupported_media_type',
      `content type must be application/json, got ${mediaType ? JSON.stringify(mediaType.slice(0, 80)) : 'none'}`,
    );
  }
  const coding = contentCoding(request.contentEncoding);
  if (options.instanceToken !== false && !timingSafeEqual(request.zapiToken ?? '', options.instanceToken ?? '')) {
    throw new WebhookError(
      'unauthorized',
      request.zapiToken ? 'z-api-token does not match this instance' : 'z-api-token header is missing',
    );
  }
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let body;
  try {
    body = await request.body(limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new WebhookError('body_too_large', error.message);
    throw error;
  }
  return coding === 'gzip' && body instanceof Uint8Array ? gunzipWithLimit(body, limit) : body;
}

/**
 * The core every receiver shares: checks the request (method, media type, encoding, instance
 * token, size), reads and inflates the body, and parses it. Never throws for anything the sender
 * did; `options.instanceToken` must have passed `checkHandlerOptions`.
 */
export async function receiveWebhook(request: IncomingWebhook, options: WebhookHandlerOptions & ParseOptions): Promise<WebhookReceipt> {
  try {
    const body = await readRequest(request, options);
    return { ok: true, event: parseWebhook(body, options), body };
  } catch (error) {
    if (error instanceof WebhookError) return { ok: false, error };
    throw error;
  }
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): WebhookAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

/** The HTTP answer to a refusal: its status, `{ error, code }`, and what the status needs. */
export function refusal(error: WebhookError): WebhookAnswer {
  if (error.code === 'method_not_allowed') return json(error.status, error.toJSON(), { allow: 'POST' });
  // The rest of an oversized body is not read: the connection has to go.
  if (error.code === 'body_too_large') return { ...json(error.status, error.toJSON(), { connection: 'close' }), close: true };
  return json(error.status, error.toJSON());
}

const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT after `ms`; the timer never outlives the promise. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads, parses and dispatches one request; answers 200 once every handler finished, or why not. */
export async function handleWebhook(
  dispatcher: WebhookDispatcher,
  request: IncomingWebhook,
  options: WebhookHandlerOptions,
): Promise<WebhookAnswer> {
  let body;
  try {
    body = await readRequest(request, options);
  } catch (error) {
    if (error instanceof WebhookError) return refusal(error);
    throw error;
  }
  const timeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  const receiving = dispatcher.receive(body);
  // A late failure still reaches the dispatcher's onError handlers; it must not become an unhandled rejection here.
  receiving.catch(() => {});
  try {
    const event = await within(receiving, timeoutMs);
    if (event === TIMED_OUT) return refusal(new WebhookError('handler_timeout', `a webhook handler did not finish within ${timeoutMs} ms`));
    return json(200, { ok: true, event: event.name, warnings: event.warnings.map((w) => w.message) });
  } catch (error) {
    if (error instanceof WebhookError) return refusal(error);
    if (error instanceof WebhookHandlerError) return refusal(new WebhookError('handler_failed', 'a webhook handler failed'));
    throw error;
  }
}

/** What a request is once it passed the checks every endpoint makes (no parsing), or the answer refusing it. */
export type Admission = { body: Uint8Array | string | object } | { refusal: WebhookAnswer };

/**
 * The checks of `receiveWebhook` without the parse: the inbox keeps what the parser would refuse
 * (as a dead letter), so it parses on its own.
 */
export async function admitWebhook(request: IncomingWebhook, options: WebhookHandlerOptions): Promise<Admission> {
  try {
    return { body: await readRequest(request, options) };
  } catch (error) {
    if (error instanceof WebhookError) return { refusal: refusal(error) };
    throw error;
  }
}
