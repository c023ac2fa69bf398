// sqlite:PATH — the embedded store for one machine (better-sqlite3, WAL). Concurrent requests are
// written in one transaction per event-loop turn (group commit): each still gets its 200 only after
// the commit that holds it, and the disk syncs once per turn instead of once per delivery.
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import type { DeliveryStatus, NewDelivery, StoredDelivery } from './delivery.js';
import { emptyCounts, type DeliveryFeed, type DeliveryOutcome, type InboxStore, type ListFilter } from './store.js';
import { messageStatusRank } from './status.js';

/**
 * `synchronous` is SQLite's durability setting. FULL (the default here): a commit is on disk before
 * the 200, and survives a power cut. NORMAL: survives a crash of the process, but in WAL mode the
 * last commits before a power cut or an OS crash can be lost; choose it with `sqlite:PATH?synchronous=normal`.
 */
const SYNCHRONOUS = new Set(['full', 'normal', 'extra']);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL,
  event TEXT,
  message_id TEXT,
  chat TEXT NOT NULL,
  key TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  duplicate_of INTEGER,
  worker TEXT,
  lease_until INTEGER,
  processed_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_open ON deliveries (chat, status) WHERE status IN ('pending', 'processing');
CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries (id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_failed ON deliveries (id) WHERE status = 'failed';
CREATE INDEX IF NOT EXISTS deliveries_processing ON deliveries (lease_until) WHERE status = 'processing';
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);
CREATE TABLE IF NOT EXISTS delivery_keys (key TEXT PRIMARY KEY, id INTEGER NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lids (lid TEXT PRIMARY KEY, phone TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS message_statuses (message_id TEXT PRIMARY KEY, status TEXT NOT NULL) WITHOUT ROWID;
`;

interface Row {
  id: number;
  received_at: number;
  headers: string;
  body: Buffer;
  event: string | null;
  message_id: string | null;
  chat: string;
  key: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  duplicate_of: number | null;
  processed_at: number | null;
}

const toDelivery = (row: Row): StoredDelivery => ({
  id: String(row.id),
  receivedAt: row.received_at,
  headers: JSON.parse(row.headers) as Record<string, string>,
  body: new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.byteLength),
  event: row.event ?? undefined,
  messageId: row.message_id ?? undefined,
  chat: row.chat,
  key: row.key,
  status: row.status,
  attempts: row.attempts,
  error: row.error ?? undefined,
  duplicateOf: row.duplicate_of === null ? undefined : String(row.duplicate_of),
  processedAt: row.processed_at ?? undefined,
});

const sleep = (ms: number, signal: AbortSignal, wake: EventEmitter) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      wake.off('added', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    wake.on('added', done);
  });

export function openSqliteStore(location: string, options: { leaseMs?: number; pollMs?: number } = {}): InboxStore {
  const [path, query = ''] = location.split('?') as [string, string?];
  const params = new URLSearchParams(query);
  const synchronous = (params.get('synchronous') ?? 'full').toLowerCase();
  if (!SYNCHRONOUS.has(synchronous))
    throw new TypeError(`sqlite store: synchronous must be full, normal or extra, got ${JSON.stringify(synchronous)}`);
  const db = new Database(path);
  db.pragma('busy_timeout = 5000'); // other processes (CLI, more workers) on the same file
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(SCHEMA);
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const events = new EventEmitter();
  events.setMaxListeners(0);

  const insert = db.prepare(
    `INSERT INTO deliveries (received_at, headers, body, event, message_id, chat, key, status, error)
     VALUES (@receivedAt, @headers, @body, @event, @messageId, @chat, @key, @status, @error)`,
  );
  const learnLid = db.prepare('INSERT INTO lids (lid, phone) VALUES (?, ?) ON CONFLICT (lid) DO UPDATE SET phone = excluded.phone');
  const phoneOfLid = db.prepare<[string], { phone: string }>('SELECT phone FROM lids WHERE lid = ?');
  const byId = db.prepare<[number], Row>('SELECT * FROM deliveries WHERE id = ?');

  // Group commit: the writes of one event-loop turn (adds from concurrent requests, a worker's
  // finishes) go into one transaction, so the disk syncs once per turn instead of once per write.
  // Only deliveries need the configured durability: a worker's bookkeeping (claims, dedupe keys,
  // outcomes) is committed without waiting for the disk, since losing it in a power cut means a
  // delivery runs again, never that one is lost. A later synced commit syncs the earlier ones too.
  let queue: Array<{ write: () => unknown; durable: boolean; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  const writeAll = db.transaction((batch: typeof queue) => batch.map((entry) => entry.write()));
  let mode = synchronous;
  const flush = () => {
    const batch = queue;
    queue = [];
    let results: unknown[];
    try {
      const wanted = batch.some((entry) => entry.durable) ? synchronous : 'normal';
      if (wanted !== mode) db.pragma(`synchronous = ${(mode = wanted)}`);
      // IMMEDIATE: take the write lock first, so another process's write makes this one wait
      // (busy_timeout) instead of failing when a read turns into a write.
      results = writeAll.immediate(batch);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => entry.resolve(results[i]));
    events.emit('added');
  };
  const write = <T>(fn: () => T, durable = false): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ write: fn, durable, resolve: resolve as (value: unknown) => void, reject });
    });
  const addOne = (d: NewDelivery) => {
    for (const [lid, phone] of d.lids) learnLid.run(lid, phone);
    const phone = d.chatLid ? phoneOfLid.get(d.chatLid)?.phone : undefined;
    const chat = phone ? d.chat.slice(0, d.chat.length - d.chatLid!.length) + phone : d.chat;
    return String(
      insert.run({
        receivedAt: d.receivedAt,
        headers: JSON.stringify(d.headers),
        body: Buffer.from(d.body.buffer, d.body.byteOffset, d.body.byteLength),
        event: d.event ?? null,
        messageId: d.messageId ?? null,
        chat,
        key: d.key,
        status: d.status,
        error: d.error ?? null,
      }).lastInsertRowid,
    );
  };

  const claimKeyOne = (key: string, id: number, windowMs: number): string | undefined => {
    const now = Date.now();
    const held = db.prepare<[string], { id: number; until: number }>('SELECT id, until FROM delivery_keys WHERE key = ?').get(key);
    if (held && held.until > now && held.id !== id) return String(held.id);
    db.prepare(
      'INSERT INTO delivery_keys (key, id, until) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET id = excluded.id, until = excluded.until',
    ).run(key, id, now + windowMs);
    return undefined;
  };
  db.function('rank_of', { deterministic: true }, (status: unknown) => messageStatusRank(String(status)));
  const advance = db.prepare(
    `INSERT INTO message_statuses (message_id, status) VALUES (?, ?)
     ON CONFLICT (message_id) DO UPDATE SET status = excluded.status WHERE ? > rank_of(message_statuses.status)`,
  );
  const advanceAll = (ids: readonly string[], status: string) => {
    const rank = messageStatusRank(status);
    for (const id of ids) advance.run(id, status, rank);
  };

  const store: InboxStore = {
    location: `sqlite:${location}`,
    add(delivery) {
      return write(() => addOne(delivery), true);
    },
    async get(id) {
      const row = /^\d+$/.test(id) ? byId.get(Number(id)) : undefined;
      return row && toDelivery(row);
    },
    async *list(filter: ListFilter = {}) {
      const page = db.prepare<[number, number, string | null], Row>(
        `SELECT * FROM deliveries WHERE id > ? AND received_at >= ? AND (? IS NULL OR status = 'failed') ORDER BY id LIMIT 500`,
      );
      let after = 0;
      for (;;) {
        const rows = page.all(after, filter.since ?? 0, filter.failed ? 'failed' : null);
        for (const row of rows) yield toDelivery(row);
        if (rows.length < 500) return;
        after = rows.at(-1)!.id;
      }
    },
    async retry(id) {
      if (!/^\d+$/.test(id)) return false;
      const result = db
        .prepare(
          `UPDATE deliveries SET status = 'pending', attempts = 0, error = NULL, duplicate_of = NULL, worker = NULL WHERE id = ? AND status IN ('failed', 'duplicate', 'done')`,
        )
        .run(Number(id));
      if (result.changes > 0) events.emit('added');
      return result.changes > 0;
    },
    async claimKey(key, id, windowMs) {
      return write(() => claimKeyOne(key, Number(id), windowMs));
    },
    async advanceStatus(messageIds, status) {
      await write(() => advanceAll(messageIds, status));
    },
    async statusOf(messageId) {
      return db.prepare<[string], { status: string }>('SELECT status FROM message_statuses WHERE message_id = ?').get(messageId)?.status;
    },
    async phoneOf(lid) {
      return phoneOfLid.get(lid)?.phone;
    },
    async counts() {
      const counts = emptyCounts();
      for (const row of db
        .prepare<[], { status: DeliveryStatus; n: number }>('SELECT status, count(*) AS n FROM deliveries GROUP BY status')
        .all())
        counts[row.status] = row.n;
      return counts;
    },
    onAdded(listener) {
      events.on('added', listener);
      return () => events.off('added', listener);
    },
    feed(consumer) {
      // A delivery is claimed with a lease; a worker that dies stops renewing it, and its deliveries
      // go back in line when the lease runs out.
      const release = db.prepare(`UPDATE deliveries SET status = 'pending', worker = NULL WHERE status = 'processing' AND lease_until < ?`);
      const claim = db.prepare<{ me: string; until: number; max: number }, Row>(
        `UPDATE deliveries SET status = 'processing', worker = @me, lease_until = @until
         WHERE id IN (
           SELECT d.id FROM deliveries d WHERE d.status = 'pending'
             AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.chat = d.chat AND p.status = 'processing' AND p.worker <> @me)
           ORDER BY d.id LIMIT @max)
         RETURNING *`,
      );
      const renew = db.prepare(`UPDATE deliveries SET lease_until = ? WHERE worker = ? AND status = 'processing'`);
      const finish = db.prepare(
        `UPDATE deliveries SET status = @status, attempts = @attempts, error = @error, duplicate_of = @duplicateOf,
           processed_at = @processedAt, worker = NULL, lease_until = NULL WHERE id = @id AND worker = @me`,
      );
      const take = (max: number) =>
        write(() => {
          const now = Date.now();
          release.run(now);
          return claim.all({ me: consumer, until: now + leaseMs, max }).sort((a, b) => a.id - b.id);
        });
      const forget = db.prepare('DELETE FROM delivery_keys WHERE until < ?');
      const renewal = setInterval(() => {
        renew.run(Date.now() + leaseMs, consumer);
        forget.run(Date.now()); // keys past their dedupe window
      }, leaseMs / 3);
      renewal.unref();
      return {
        async take(max, signal) {
          const rows = await take(max);
          if (rows.length > 0 || signal.aborted) return rows.map(toDelivery);
          await sleep(pollMs, signal, events);
          return (await take(max)).map(toDelivery);
        },
        async finish(delivery, outcome: DeliveryOutcome) {
          await write(() =>
            finish.run({
              id: Number(delivery.id),
              me: consumer,
              status: outcome.status,
              attempts: outcome.attempts,
              error: outcome.status === 'failed' ? outcome.error : null,
              duplicateOf: outcome.status === 'duplicate' ? Number(outcome.duplicateOf) : null,
              processedAt: outcome.status === 'pending' ? null : Date.now(),
            }),
          );
        },
        async close() {
          clearInterval(renewal);
        },
      } satisfies DeliveryFeed;
    },
    async close() {
      if (queue.length > 0) flush();
      db.close();
    },
  };
  return store;
}
