// on('ReceivedCallback.image', handler): routes parsed webhooks to the handlers of their name,
// of their kind and of '*'.
import type { WebhookEventName, WebhookKind } from './generated/types.js';
import { WebhookError, WebhookHandlerError } from './errors.js';
import { parseWebhook, type ParseOptions, type WebhookEvent } from './parse.js';

/** What `on` accepts: an event name, a kind (every variant of it), or '*' (everything). */
export type WebhookEventPattern = WebhookEventName | '*';

/** The events a pattern receives. */
export type EventFor<P extends WebhookEventPattern> = P extends '*'
  ? WebhookEvent
  : P extends WebhookKind
    ? Extract<WebhookEvent, { kind: P }>
    : Extract<WebhookEvent, { name: P }>;

export type WebhookHandler<P extends WebhookEventPattern> = (event: EventFor<P>) => unknown;
export type ErrorHandler = (error: WebhookError | WebhookHandlerError, event?: WebhookEvent) => unknown;

export class WebhookDispatcher {
  readonly #handlers = new Map<string, Array<(event: WebhookEvent) => unknown>>();
  readonly #errorHandlers: ErrorHandler[] = [];
  readonly #unknownHandlers: Array<(event: WebhookEvent) => unknown> = [];

  constructor(private readonly options: ParseOptions = {}) {}

  /** Calls `handler` for each event matching one of the patterns. Returns the dispatcher, to chain. */
  on<P extends WebhookEventPattern>(patterns: P | readonly P[], handler: WebhookHandler<P>): this {
    for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
      const list = this.#handlers.get(pattern) ?? [];
      list.push(handler as (event: WebhookEvent) => unknown);
      this.#handlers.set(pattern, list);
    }
    return this;
  }

  /** Called with the failures of `receive`: unreadable payloads and failed handlers. */
  onError(handler: ErrorHandler): this {
    this.#errorHandlers.push(handler);
    return this;
  }

  /** Called for events whose kind has variants but whose payload matched none (Z-API sent something new). */
  onUnknown(handler: (event: WebhookEvent) => unknown): this {
    this.#unknownHandlers.push(handler);
    return this;
  }

  /** The handlers an event reaches: its name, its kind, '*', and the unknown-variant handlers. */
  #handlersOf(event: WebhookEvent): Array<(event: WebhookEvent) => unknown> {
    const names = event.name === event.kind ? [event.name, '*'] : [event.name, event.kind, '*'];
    const found = names.flatMap((n) => this.#handlers.get(n) ?? []);
    if (event.warnings.some((w) => w.code === 'unknown_variant')) found.push(...this.#unknownHandlers);
    return found;
  }

  /**
   * Runs every handler of the event concurrently and waits for all of them. If any fails, the
   * failures are collected in one WebhookHandlerError (after every handler has finished).
   */
  async dispatch(event: WebhookEvent): Promise<void> {
    const results = await Promise.allSettled(this.#handlersOf(event).map(async (handler) => handler(event)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (failures.length > 0) throw new WebhookHandlerError(failures, event.name);
  }

  /**
   * Parses a body and dispatches it. A failure (WebhookError for the payload, WebhookHandlerError
   * for the handlers) is passed to the onError handlers, then rejected with, so HTTP handlers can
   * answer with its status.
   */
  async receive(body: string | Uint8Array | object): Promise<WebhookEvent> {
    let event: WebhookEvent | undefined;
    try {
      event = parseWebhook(body, this.options);
      await this.dispatch(event);
      return event;
    } catch (error) {
      const failure =
        error instanceof WebhookError || error instanceof WebhookHandlerError ? error : new WebhookError('handler_failed', String(error));
      await Promise.allSettled(this.#errorHandlers.map(async (h) => h(failure, event)));
      throw failure;
    }
  }
}

export const createWebhookDispatcher = (options?: ParseOptions) => new WebhookDispatcher(options);
