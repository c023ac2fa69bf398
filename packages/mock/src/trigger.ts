// zapi-mock trigger: POSTs a webhook the way Z-API does, like `stripe trigger`.
import { closest, describeFetchError } from '@zapi-kit/shared';
import { parseWebhook, WebhookError } from '@zapi-kit/webhooks';
import examples from './generated/examples.json' with { type: 'json' };

export const triggerableEvents = Object.keys(examples).sort();

/** The instance token the examples are written for; Z-API sends the real one in `z-api-token`. */
const EXAMPLE_TOKEN = 'F1E2D3C4B5A6978812345ABC';

export interface TriggerOptions {
  /** An event name of `zapi-webhooks events`, e.g. `ReceivedCallback.image`. */
  event: string;
  /** The webhook URL to POST to. */
  to: string;
  /** Send this payload instead of the event's example. It must be a valid webhook of `event`, unless `force`. */
  payload?: unknown;
  /** Send `payload` even when it is not a valid webhook of `event` (to test how an endpoint refuses one). */
  force?: boolean;
  /** Put this instance id in the payload. */
  instanceId?: string;
  /** Send this instance token in the `z-api-token` header. */
  token?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface TriggerResult {
  event: string;
  /** Where the webhook went. */
  url: string;
  status: number;
  body: string;
  /** From sending the request to the end of the answer's body. */
  durationMs: number;
}

/**
 * Why a webhook was not sent (`unknown_event`, `wrong_event`, `invalid_payload`, `invalid_url`: the
 * caller's to fix) or not delivered (`not_delivered`: the endpoint could not be reached).
 */
export class TriggerError extends Error {
  constructor(
    readonly code: 'unknown_event' | 'wrong_event' | 'invalid_payload' | 'invalid_url' | 'not_delivered',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TriggerError';
  }
}

/**
 * Checks that `payload` is a webhook of `event`, read by the webhooks package's own parser: first
 * what it is (tolerant parsing names it), then whether it is valid (strict parsing says why not).
 */
function checkPayload(event: string, payload: unknown): void {
  // A JSON string or number is not a body the parser should read as JSON text.
  const body = payload !== null && typeof payload === 'object' ? payload : JSON.stringify(payload);
  let name: string;
  try {
    name = parseWebhook(body).name;
  } catch (error) {
    if (error instanceof WebhookError) throw new TriggerError('invalid_payload', `is not a webhook: ${error.message}`);
    throw error;
  }
  if (name !== event) throw new TriggerError('wrong_event', `is a ${name} webhook, not ${event}`);
  try {
    parseWebhook(body, { strict: true });
  } catch (error) {
    if (error instanceof WebhookError) throw new TriggerError('invalid_payload', `is not a valid ${event}: ${error.message}`);
    throw error;
  }
}

export async function trigger(options: TriggerOptions): Promise<TriggerResult> {
  const example = (examples as Record<string, Record<string, unknown>>)[options.event];
  // With --force, a payload may stand for an event the spec does not know yet.
  if (!example && !(options.force && options.payload !== undefined)) {
    const guess = closest(options.event, triggerableEvents);
    throw new TriggerError(
      'unknown_event',
      `unknown event "${options.event}"${guess ? ` (did you mean ${guess}?)` : `; events: ${triggerableEvents.join(', ')}`}`,
    );
  }
  if (options.payload !== undefined && !options.force) checkPayload(options.event, options.payload);
  let url: URL;
  try {
    url = new URL(options.to);
  } catch {
    throw new TriggerError('invalid_url', `--to must be an absolute http(s) URL, got ${JSON.stringify(options.to)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TriggerError('invalid_url', `--to must be an http(s) URL, got ${url.protocol}`);
  const payload = structuredClone(options.payload ?? example) as Record<string, unknown>;
  if (options.instanceId && payload && typeof payload === 'object') payload.instanceId = options.instanceId;
  const started = performance.now();
  let response: Response;
  let body: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'z-api-token': options.token ?? EXAMPLE_TOKEN,
        'user-agent': 'zapi-mock trigger',
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    body = await response.text();
  } catch (error) {
    throw new TriggerError('not_delivered', `could not POST to ${url.origin}${url.pathname}: ${describeFetchError(error)}`, {
      cause: error,
    });
  }
  return { event: options.event, url: url.href, status: response.status, body, durationMs: Math.round(performance.now() - started) };
}
