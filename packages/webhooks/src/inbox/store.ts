// Where an inbox keeps its deliveries. Two engines: SQLite (one machine, embedded) and Redis
// (several receivers and workers). Both pass the same conformance suite.
import type { DeliveryStatus, NewDelivery, StoredDelivery } from './delivery.js';

/** How a processed delivery ended. */
export type DeliveryOutcome =
  | { status: 'done'; attempts: number }
  | { status: 'failed'; attempts: number; error: string }
  | { status: 'duplicate'; attempts: number; duplicateOf: string }
  /** Handed back unfinished (the worker stopped): it goes to the next worker, ahead of its chat. */
  | { status: 'pending'; attempts: number };

export interface ListFilter {
  /** Only dead letters. */
  failed?: boolean;
  /** Only deliveries received at or after this time (ms since the epoch). */
  since?: number;
}

/**
 * The deliveries one worker may process now. A chat's deliveries come out in arrival order and only
 * to one worker at a time, so the worker keeps per-chat order by running each chat's in sequence.
 */
export interface DeliveryFeed {
  /** Up to `max` deliveries; waits a little (not forever) when there is none. */
  take(max: number, signal: AbortSignal): Promise<StoredDelivery[]>;
  /** Records how a delivery taken from this feed ended and releases it. */
  finish(delivery: StoredDelivery, outcome: DeliveryOutcome): Promise<void>;
  /** Stops: releases what this worker holds (call after every taken delivery is finished). */
  close(): Promise<void>;
}

export interface InboxStore {
  /** Where the store is, with any password hidden. */
  readonly location: string;
  /** Keeps a delivery; resolves once the engine confirmed the write. Returns its id. */
  add(delivery: NewDelivery): Promise<string>;
  get(id: string): Promise<StoredDelivery | undefined>;
  /** Deliveries in arrival order. */
  list(filter?: ListFilter): AsyncIterable<StoredDelivery>;
  /** Puts a dead letter (or a duplicate) back in line. False when there is no such delivery or it is not finished. */
  retry(id: string): Promise<boolean>;
  /**
   * Dedupe: claims `key` for delivery `id` for `windowMs`. Returns undefined when `id` may go on
   * (first of its key, or a retry of itself), or the id of the delivery that already claimed it.
   */
  claimKey(key: string, id: string, windowMs: number): Promise<string | undefined>;
  /** Moves each message's status forward (never backwards, see reduceMessageStatus). */
  advanceStatus(messageIds: readonly string[], status: string): Promise<void>;
  statusOf(messageId: string): Promise<string | undefined>;
  phoneOf(lid: string): Promise<string | undefined>;
  /** Counts by status. */
  counts(): Promise<Record<DeliveryStatus, number>>;
  feed(consumer: string): DeliveryFeed;
  /** Wakes local feeds after an add (same process). */
  onAdded(listener: () => void): () => void;
  close(): Promise<void>;
}

export const emptyCounts = (): Record<DeliveryStatus, number> => ({ pending: 0, processing: 0, done: 0, duplicate: 0, failed: 0 });

/**
 * The store's driver is an optional peer dependency: a receiver without an inbox does not install
 * (or compile, for better-sqlite3) either driver. Loading one that is missing says how to add it.
 */
async function withDriver<T>(driver: string, version: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`this inbox store needs the ${driver} package: npm install ${driver}@${version}`, { cause: error });
    }
    throw error;
  }
}

/** Opens `sqlite:PATH` or `redis://HOST:PORT[/DB]`. */
export async function openStore(url: string, options: { leaseMs?: number } = {}): Promise<InboxStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new TypeError(`inbox store ${JSON.stringify(url)} has no path: use sqlite:./inbox.db`);
    const { openSqliteStore } = await withDriver('better-sqlite3', '12', () => import('./sqlite-store.js'));
    return openSqliteStore(path, options);
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    const { openRedisStore } = await withDriver('ioredis', '5', () => import('./redis-store.js'));
    return openRedisStore(url, options);
  }
  throw new TypeError(`unknown inbox store ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}: use sqlite:PATH or redis://HOST:PORT`);
}
