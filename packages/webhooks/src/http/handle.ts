// What both HTTP adapters (Node and fetch) do with a webhook request; they only translate.
import { BodyTooLargeError } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { WebhookError, WebhookHandlerError } from '../errors.js';
import { timingSafeEqual } from './timing-safe.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookHandlerOptions {
  /** Largest body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Your instance token. When set, requests must carry it in the `z-api-token` header, as Z-API's
   * do; others get 401. Compared in constant time.
   */
  instanceToken?: string;
}

export interface IncomingWebhook {
  method: string | undefined;
  contentType: string | null | undefined;
  zapiToken: string | null | undefined;
  /** Every request header, names in lower case (the inbox keeps them with the delivery). */
  headers?: () => Record<string, string>;
  /** Reads the body; may throw BodyTooLargeError. */
  body(limit: number): Promise<string | Uint8Array | object>;
}

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): WebhookAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export const refuse = (error: WebhookError, headers?: Record<string, string>) => json(error.status, error.toJSON(), headers);

/** What a request is once it passed the checks every webhook endpoint makes, or the refusal to send. */
export type Admission = { body: string | Uint8Array | object } | { refusal: WebhookAnswer };

/**
 * The checks every webhook endpoint makes before it looks at the payload: POST, JSON, the instance
 * token, the size limit. The dispatching handler and the inbox share them.
 */
export async function admitWebhook(request: IncomingWebhook, options: WebhookHandlerOptions = {}): Promise<Admission> {
  if (request.method?.toUpperCase() !== 'POST') {
    return { refusal: refuse(new WebhookError('method_not_allowed', `method ${request.method} not allowed: Z-API sends webhooks with POST`), { allow: 'POST' }) };
  }
  const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return { refusal: refuse(new WebhookError('unsupported_media_type', `content type must be application/json, got ${mediaType ? JSON.stringify(mediaType) : 'none'}`)) };
  }
  if (options.instanceToken !== undefined && !timingSafeEqual(request.zapiToken ?? '', options.instanceToken)) {
    return { refusal: refuse(new WebhookError('unauthorized', request.zapiToken ? 'z-api-token does not match this instance' : 'z-api-token header is missing')) };
  }
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  try {
    return { body: await request.body(limit) };
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { refusal: refuse(new WebhookError('body_too_large', error.message)) };
    throw error;
  }
}

export async function handleWebhook(dispatcher: WebhookDispatcher, request: IncomingWebhook, options: WebhookHandlerOptions = {}): Promise<WebhookAnswer> {
  const admission = await admitWebhook(request, options);
  if ('refusal' in admission) return admission.refusal;
  try {
    const event = await dispatcher.receive(admission.body);
    return json(200, { ok: true, event: event.name, warnings: event.warnings.map((w) => w.message) });
  } catch (error) {
    if (error instanceof WebhookError) return refuse(error);
    if (error instanceof WebhookHandlerError) return refuse(new WebhookError('handler_failed', 'a webhook handler failed'));
    throw error;
  }
}
