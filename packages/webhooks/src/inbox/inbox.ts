// createWebhookInbox: the webhook endpoint that keeps every delivery before it answers 200, and the
// workers that feed kept deliveries to a dispatcher — deduplicated, in order per chat, with retries.
// Z-API neither retries nor signs webhooks: what a receiver does not keep is lost.
import { hostname } from 'node:os';
import { redact, redactHeaders } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { WebhookError } from '../errors.js';
import { admitWebhook, json, refusal, type IncomingWebhook, type WebhookAnswer } from '../http/handle.js';
import { fetchHandlerOf } from '../http/fetch.js';
import { nodeHandlerOf } from '../http/node.js';
import { parseWebhook } from '../parse.js';
import { describeDelivery, type DeliveryStatus, type StoredDelivery } from './delivery.js';
import { ChatLanes } from './lanes.js';
import { openStore, type InboxStore, type ListFilter } from './store.js';

export interface WebhookInboxOptions {
  /** `sqlite:PATH` (one machine) or `redis://HOST:PORT[/DB]` (many receivers and workers), or an opened store. */
  store: string | InboxStore;
  /**
   * Your instance token: requests must carry it in `z-api-token`, as Z-API's do. Required: pass
   * `false` to accept requests without it (only behind something else that authenticates them).
   */
  instanceToken: string | false;
  /** Largest body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a delivery key suppresses repeats, in ms. Default one hour. */
  dedupeWindowMs?: number;
  /** How long a worker holds what it took before another may take it over, in ms. Default 10 s. */
  leaseMs?: number;
}

export interface ProcessOptions {
  /** Handlers running at once (each chat still runs one at a time). Default 8. */
  concurrency?: number;
  /** Tries per delivery before it becomes a dead letter. Default 5. */
  attempts?: number;
  /** First wait before a retry, doubled at each one. Default 250 ms. */
  backoffMs?: number;
  /** Longest wait between retries. Default 30 s. */
  maxBackoffMs?: number;
  /** Told about each failed attempt and each store error; the worker carries on. */
  onError?: (error: unknown, delivery?: StoredDelivery) => void;
}

export interface InboxWorker {
  /** This worker's name in the store. */
  readonly consumer: string;
  /** Stops taking deliveries, lets running handlers finish, hands back the rest. */
  stop(): Promise<void>;
}

/** A delivery in the shape `inbox list --json` prints. */
export interface DeliverySummary {
  id: string;
  receivedAt: string;
  status: DeliveryStatus;
  event: string | null;
  messageId: string | null;
  chat: string;
  attempts: number;
  error?: string;
  duplicateOf?: string;
}

export const summarize = (d: StoredDelivery): DeliverySummary => ({
  id: d.id,
  receivedAt: new Date(d.receivedAt).toISOString(),
  status: d.status,
  event: d.event ?? null,
  messageId: d.messageId ?? null,
  chat: d.chat,
  attempts: d.attempts,
  ...(d.error ? { error: d.error } : {}),
  ...(d.duplicateOf ? { duplicateOf: d.duplicateOf } : {}),
});

const DEFAULT_DEDUPE_WINDOW_MS = 60 * 60 * 1000;
const encoder = new TextEncoder();

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

export class WebhookInbox {
  readonly #store: Promise<InboxStore>;
  readonly #options: WebhookInboxOptions;
  readonly #secrets: string[];
  readonly #workers = new Set<InboxWorker>();

  /** `http.createServer(inbox.nodeHandler)` or `app.post('/zapi', inbox.nodeHandler)`. */
  readonly nodeHandler: ReturnType<typeof nodeHandlerOf>;
  /** `Request` → `Response`, for fetch-style servers (Hono, Bun, Deno, Next.js route handlers). */
  readonly fetchHandler: ReturnType<typeof fetchHandlerOf>;

  constructor(options: WebhookInboxOptions) {
    const token = options?.instanceToken as unknown;
    if (token !== false && (typeof token !== 'string' || token === '')) {
      throw new TypeError(
        `createWebhookInbox: instanceToken is ${token === '' ? 'empty' : token === undefined ? 'missing' : `a ${typeof token}`}: ` +
          'pass your instance token (Z-API sends it in the z-api-token header of every webhook), or false to accept unauthenticated requests',
      );
    }
    const store = options.store as unknown;
    if (typeof store === 'string') {
      if (!/^(sqlite:|rediss?:\/\/)/.test(store))
        throw new TypeError(`createWebhookInbox: unknown store ${JSON.stringify(redact(store))}: use sqlite:PATH or redis://HOST:PORT`);
    } else if (!store || typeof (store as InboxStore).add !== 'function') {
      throw new TypeError('createWebhookInbox: store must be sqlite:PATH, redis://HOST:PORT or an InboxStore');
    }
    this.#options = options;
    this.#secrets = typeof token === 'string' ? [token] : [];
    this.#store =
      typeof options.store === 'string' ? openStore(options.store, { leaseMs: options.leaseMs }) : Promise.resolve(options.store);
    this.#store.catch(() => undefined); // surfaced by ready() and by each call
    this.nodeHandler = nodeHandlerOf((incoming) => this.receive(incoming));
    this.fetchHandler = fetchHandlerOf((incoming) => this.receive(incoming));
  }

  /** Resolves once the store is open; rejects with why it could not be. */
  async ready(): Promise<void> {
    await this.#store;
  }

  /** The request core of both handlers: check, keep, then answer. Never runs user handlers. */
  async receive(incoming: IncomingWebhook): Promise<WebhookAnswer> {
    const token = this.#options.instanceToken;
    const admission = await admitWebhook(incoming, {
      instanceToken: token === false ? undefined : token,
      maxBodyBytes: this.#options.maxBodyBytes,
    });
    if ('refusal' in admission) return admission.refusal;
    const body =
      admission.body instanceof Uint8Array
        ? admission.body
        : encoder.encode(typeof admission.body === 'string' ? admission.body : JSON.stringify(admission.body));
    const headers = redactHeaders(incoming.headers?.() ?? { 'content-type': incoming.contentType ?? '' }) as Record<string, string>;
    const delivery = describeDelivery(body, headers, Date.now());
    let id: string;
    try {
      id = await (await this.#store).add(delivery);
    } catch (error) {
      // No 200 without a confirmed write: the sender sees the failure.
      return refusal(
        new WebhookError(
          'store_unavailable',
          `the inbox could not keep the delivery: ${redact(String((error as Error)?.message ?? error), this.#secrets)}`,
        ),
      );
    }
    return json(200, delivery.status === 'failed' ? { ok: true, id, deadLetter: delivery.error } : { ok: true, id, event: delivery.event });
  }

  /**
   * Feeds kept deliveries to `dispatcher` until `stop()`: each delivery key once within the dedupe
   * window, a chat's deliveries in arrival order, different chats in parallel; a delivery whose
   * handlers fail is retried with backoff (its chat waits), then dead-lettered.
   */
  process(dispatcher: WebhookDispatcher, options: ProcessOptions = {}): InboxWorker {
    const concurrency = options.concurrency ?? 8;
    const attempts = options.attempts ?? 5;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new TypeError(`process: concurrency must be a positive integer, got ${concurrency}`);
    if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError(`process: attempts must be a positive integer, got ${attempts}`);
    const backoffMs = options.backoffMs ?? 250;
    const maxBackoffMs = options.maxBackoffMs ?? 30_000;
    const windowMs = this.#options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
    const report = (error: unknown, delivery?: StoredDelivery) => {
      try {
        options.onError?.(error, delivery);
      } catch {
        // a failing error listener must not stop the worker
      }
    };
    const consumer = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    const stopping = new AbortController();
    const lanes = new ChatLanes(concurrency);
    const storePromise = this.#store;

    const handle = async (store: InboxStore, feed: ReturnType<InboxStore['feed']>, delivery: StoredDelivery) => {
      if (stopping.signal.aborted) return feed.finish(delivery, { status: 'pending', attempts: delivery.attempts });
      let event;
      try {
        event = parseWebhook(delivery.body);
      } catch (error) {
        return feed.finish(delivery, {
          status: 'failed',
          attempts: delivery.attempts,
          error: error instanceof WebhookError ? `${error.code}: ${error.message}` : String(error),
        });
      }
      const first = await store.claimKey(delivery.key, delivery.id, windowMs);
      if (first !== undefined) return feed.finish(delivery, { status: 'duplicate', attempts: delivery.attempts, duplicateOf: first });
      if (event.kind === 'MessageStatusCallback') {
        const payload = event.payload as { ids?: unknown; status?: unknown };
        if (Array.isArray(payload.ids) && typeof payload.status === 'string')
          await store.advanceStatus(payload.ids.map(String), payload.status);
      }
      for (let attempt = delivery.attempts + 1; ; attempt++) {
        try {
          await dispatcher.receive(delivery.body);
          return feed.finish(delivery, { status: 'done', attempts: attempt });
        } catch (error) {
          report(error, delivery);
          const final = attempt >= attempts || error instanceof WebhookError; // a refused payload does not get better
          if (final)
            return feed.finish(delivery, {
              status: 'failed',
              attempts: attempt,
              error: redact((error as Error)?.message ?? String(error), this.#secrets),
            });
          await delay(Math.min(backoffMs * 2 ** (attempt - 1), maxBackoffMs), stopping.signal);
          if (stopping.signal.aborted) return feed.finish(delivery, { status: 'pending', attempts: attempt });
        }
      }
    };

    const run = (async () => {
      const store = await storePromise;
      const feed = store.feed(consumer);
      const maxTaken = concurrency * 4;
      try {
        while (!stopping.signal.aborted) {
          // Take in batches: wait until half the room is free rather than taking one at a time.
          if (lanes.size > maxTaken / 2) {
            await lanes.changed();
            continue;
          }
          let batch: StoredDelivery[];
          try {
            batch = await feed.take(maxTaken - lanes.size, stopping.signal);
          } catch (error) {
            report(error);
            await delay(1000, stopping.signal);
            continue;
          }
          for (const delivery of batch) {
            lanes.add(delivery.chat, async () => {
              // A store error: try again in place (its chat waits, so order holds); a handler
              // that already ran may run again. Stopping hands it back instead.
              for (let wait = 250; ; wait = Math.min(wait * 2, 10_000)) {
                try {
                  return await handle(store, feed, delivery);
                } catch (error) {
                  report(error, delivery);
                  if (stopping.signal.aborted)
                    return feed.finish(delivery, { status: 'pending', attempts: delivery.attempts }).catch(report);
                  await delay(wait, stopping.signal);
                }
              }
            });
          }
        }
      } finally {
        await lanes.drained();
        await feed.close().catch(report);
      }
    })();
    run.catch((error: unknown) => report(error));

    const worker: InboxWorker = {
      consumer,
      stop: async () => {
        stopping.abort();
        await run.catch(() => undefined);
        this.#workers.delete(worker);
      },
    };
    this.#workers.add(worker);
    return worker;
  }

  /** The phone number Z-API revealed for a LID (`81896604192873@lid`), if any delivery carried both. */
  async phoneOf(lid: string): Promise<string | undefined> {
    return (await this.#store).phoneOf(lid);
  }

  /** A message's latest status from MessageStatusCallback deliveries; never moves backwards (see reduceMessageStatus). */
  async statusOf(messageId: string): Promise<string | undefined> {
    return (await this.#store).statusOf(messageId);
  }

  async get(id: string): Promise<StoredDelivery | undefined> {
    return (await this.#store).get(id);
  }

  /** Kept deliveries in arrival order; `{ failed: true }` for the dead letters. */
  async *list(filter: ListFilter = {}): AsyncIterable<StoredDelivery> {
    yield* (await this.#store).list(filter);
  }

  /** Puts a dead letter back in line. False when there is no such finished delivery. */
  async retry(id: string): Promise<boolean> {
    return (await this.#store).retry(id);
  }

  async counts(): Promise<Record<DeliveryStatus, number>> {
    return (await this.#store).counts();
  }

  /** Stops every worker of this inbox and closes the store. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.stop()));
    const store = await this.#store.catch(() => undefined);
    await store?.close();
  }
}

export const createWebhookInbox = (options: WebhookInboxOptions) => new WebhookInbox(options);
