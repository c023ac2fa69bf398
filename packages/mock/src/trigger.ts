// zapi-mock trigger: POSTs a webhook the way Z-API does, like `stripe trigger`.
import { describeFetchError } from '@zapi-kit/shared';
import examples from './generated/examples.json' with { type: 'json' };

export const triggerableEvents = Object.keys(examples).sort();

/** The instance token the examples are written for; Z-API sends the real one in `z-api-token`. */
const EXAMPLE_TOKEN = 'F1E2D3C4B5A6978812345ABC';

export interface TriggerOptions {
  /** An event name of `zapi-webhooks events`, e.g. `ReceivedCallback.image`. */
  event: string;
  /** The webhook URL to POST to. */
  to: string;
  /** Send this payload instead of the event's example. */
  payload?: unknown;
  /** Put this instance id in the payload. */
  instanceId?: string;
  /** Send this instance token in the `z-api-token` header. */
  token?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface TriggerResult {
  event: string;
  status: number;
  body: string;
}

export async function trigger(options: TriggerOptions): Promise<TriggerResult> {
  const example = (examples as Record<string, Record<string, unknown>>)[options.event];
  if (!example && options.payload === undefined) {
    throw new Error(`unknown event "${options.event}"; events: ${triggerableEvents.join(', ')}`);
  }
  let url: URL;
  try {
    url = new URL(options.to);
  } catch {
    throw new Error(`--to must be an absolute http(s) URL, got ${JSON.stringify(options.to)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--to must be an http(s) URL, got ${url.protocol}`);
  const payload = structuredClone(options.payload ?? example) as Record<string, unknown>;
  if (options.instanceId && payload && typeof payload === 'object') payload.instanceId = options.instanceId;
  let response: Response;
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
  } catch (error) {
    throw new Error(`could not POST to ${url.origin}${url.pathname}: ${describeFetchError(error)}`, { cause: error });
  }
  return { event: options.event, status: response.status, body: await response.text() };
}
