// redis://HOST:PORT — the store for many receivers and many workers, on Redis Streams with a
// consumer group. Per-chat order across workers: a chat always goes to the same stream partition
// (hash of the chat), and each partition is read by one worker at a time, which holds a lease on it
// (the Kafka model: partitions shared out among the live workers of the group). A worker that dies
// stops renewing its leases; another takes the partitions over and first claims (XAUTOCLAIM) what
// the dead one had read and not acknowledged, so nothing is lost and order holds.
// Durability is Redis's own: run it with `appendonly yes` (and `appendfsync always` if a 200 must
// survive a power cut, `everysec` loses at most a second).
import { Redis, type RedisOptions } from 'ioredis';
import type { DeliveryStatus, NewDelivery, StoredDelivery } from './delivery.js';
import { messageStatusOrder } from './status.js';
import { emptyCounts, type DeliveryFeed, type DeliveryOutcome, type InboxStore, type ListFilter } from './store.js';

const GROUP = 'workers';
const DEFAULT_PARTITIONS = 16;
const HEARTBEAT_MS = 1000;

// Keep, learn LIDs, pick the partition, index: one atomic step per delivery.
const ADD = `
local p = ARGV[1]
local n = tonumber(ARGV[2])
local i = 3
for _ = 1, n do redis.call('HSET', p .. 'lids', ARGV[i], ARGV[i + 1]); i = i + 2 end
local receivedAt, headers, body, event, messageId, chat, chatLid, key, status, err, partitions =
  ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7], ARGV[i + 8], ARGV[i + 9], ARGV[i + 10]
if chatLid ~= '' then
  local phone = redis.call('HGET', p .. 'lids', chatLid)
  if phone then chat = string.sub(chat, 1, #chat - #chatLid) .. phone end
end
redis.call('SETNX', p .. 'partitions', partitions)
local count = tonumber(redis.call('GET', p .. 'partitions'))
local part = tonumber(string.sub(redis.sha1hex(chat), 1, 8), 16) % count
local id = redis.call('INCR', p .. 'seq')
redis.call('HSET', p .. 'd:' .. id, 'receivedAt', receivedAt, 'headers', headers, 'body', body, 'event', event,
  'messageId', messageId, 'chat', chat, 'key', key, 'status', status, 'attempts', 0, 'error', err, 'partition', part)
redis.call('HINCRBY', p .. 'counts', status, 1)
redis.call('ZADD', p .. 'received', receivedAt, id)
if status == 'pending' then redis.call('XADD', p .. 'p:' .. part, '*', 'id', id)
else redis.call('ZADD', p .. 'failed', id, id) end
return id
`;

// Moves a delivery to a new status (only from the listed ones, when given), keeps the counts, acks
// its stream entry, and puts it back in its partition when asked (retry).
const TRANSITION = `
local p, id, new, from, stream, entry, requeue = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local key = p .. 'd:' .. id
local old = redis.call('HGET', key, 'status')
if not old then return 0 end
if from ~= '' and not string.find(',' .. from .. ',', ',' .. old .. ',', 1, true) then return 0 end
redis.call('HSET', key, 'status', new)
if #ARGV > 7 then redis.call('HSET', key, unpack(ARGV, 8)) end
redis.call('HINCRBY', p .. 'counts', old, -1)
redis.call('HINCRBY', p .. 'counts', new, 1)
if stream ~= '' then redis.call('XACK', stream, '${GROUP}', entry); redis.call('XDEL', stream, entry) end
if new == 'failed' then redis.call('ZADD', p .. 'failed', id, id) else redis.call('ZREM', p .. 'failed', id) end
if requeue == '1' then
  redis.call('XADD', p .. 'p:' .. redis.call('HGET', key, 'partition'), '*', 'id', id)
end
return 1
`;

// Dedupe: the first delivery of a key holds it for the window; the same delivery again (a retry,
// a takeover) may go on.
const CLAIM_KEY = `
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`;

// Statuses only move forward: ARGV[1] the status, ARGV[2] Z-API's order, ARGV[3..] message ids.
const ADVANCE = `
local rank = {}
local r = 0
for s in string.gmatch(ARGV[2], '[^,]+') do rank[s] = r; r = r + 1 end
local new = rank[string.upper(ARGV[1])] or -1
for i = 3, #ARGV do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if not cur or new > (rank[string.upper(cur)] or -1) then redis.call('HSET', KEYS[1], ARGV[i], ARGV[1]) end
end
return 1
`;

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type Commands = Redis & {
  inboxAdd(...args: Array<string | Buffer | number>): Promise<string>;
  inboxTransition(...args: Array<string | number>): Promise<number>;
  inboxClaimKey(key: string, id: string, windowMs: number): Promise<string | null>;
  inboxAdvance(key: string, ...args: string[]): Promise<number>;
  inboxRenew(key: string, me: string, ms: number): Promise<number>;
  inboxRelease(key: string, me: string): Promise<number>;
};

function defineCommands(redis: Redis): Commands {
  redis.defineCommand('inboxAdd', { numberOfKeys: 0, lua: ADD });
  redis.defineCommand('inboxTransition', { numberOfKeys: 0, lua: TRANSITION });
  redis.defineCommand('inboxClaimKey', { numberOfKeys: 1, lua: CLAIM_KEY });
  redis.defineCommand('inboxAdvance', { numberOfKeys: 1, lua: ADVANCE });
  redis.defineCommand('inboxRenew', { numberOfKeys: 1, lua: RENEW });
  redis.defineCommand('inboxRelease', { numberOfKeys: 1, lua: RELEASE });
  return redis as Commands;
}

const text = (value: Buffer | undefined) => (value === undefined ? undefined : value.toString('utf8'));
const optional = (value: Buffer | undefined) => (value === undefined || value.length === 0 ? undefined : value.toString('utf8'));

function toDelivery(id: string, hash: Record<string, Buffer>): StoredDelivery | undefined {
  if (!hash.status) return undefined;
  return {
    id,
    receivedAt: Number(text(hash.receivedAt)),
    headers: JSON.parse(text(hash.headers) ?? '{}') as Record<string, string>,
    body: new Uint8Array(hash.body ?? Buffer.alloc(0)),
    event: optional(hash.event),
    messageId: optional(hash.messageId),
    chat: text(hash.chat) ?? '',
    key: text(hash.key) ?? '',
    status: text(hash.status) as DeliveryStatus,
    attempts: Number(text(hash.attempts) ?? 0),
    error: optional(hash.error),
    duplicateOf: optional(hash.duplicateOf),
    processedAt: hash.processedAt?.length ? Number(text(hash.processedAt)) : undefined,
  };
}

/** `redis://[:password@]host:port[/db][?prefix=zapi:inbox:&partitions=16]` */
export async function openRedisStore(url: string, options: { leaseMs?: number } = {}): Promise<InboxStore> {
  const parsed = new URL(url);
  const prefix = parsed.searchParams.get('prefix') ?? 'zapi:inbox:';
  const partitionsWanted = Number(parsed.searchParams.get('partitions') ?? DEFAULT_PARTITIONS);
  if (!Number.isInteger(partitionsWanted) || partitionsWanted < 1 || partitionsWanted > 1024) {
    throw new TypeError(`redis store: partitions must be an integer from 1 to 1024, got ${parsed.searchParams.get('partitions')}`);
  }
  parsed.search = '';
  const location = parsed.password ? url.replace(`:${parsed.password}@`, ':***@') : url;
  const connection: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 };
  const redis = defineCommands(new Redis(parsed.toString(), { ...connection, commandTimeout: 10_000 }));
  redis.on('error', () => undefined); // each command reports its own failure; ioredis reconnects
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach the inbox store ${location}: ${(error as Error).message}`, { cause: error });
  }
  const leaseMs = options.leaseMs ?? 10_000;
  const k = (name: string) => prefix + name;
  const listeners = new Set<() => void>();

  async function load(ids: string[]): Promise<StoredDelivery[]> {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetallBuffer(k(`d:${id}`));
    const results = (await pipeline.exec()) ?? [];
    return results.flatMap(([error, hash], i) => {
      if (error) throw error;
      const d = toDelivery(ids[i]!, hash as Record<string, Buffer>);
      return d ? [d] : [];
    });
  }

  const transition = (
    id: string,
    status: string,
    fields: Record<string, string | number> = {},
    how: { from?: string; stream?: string; entry?: string; requeue?: boolean } = {},
  ) =>
    redis.inboxTransition(
      prefix,
      id,
      status,
      how.from ?? '',
      how.stream ?? '',
      how.entry ?? '',
      how.requeue ? '1' : '0',
      ...Object.entries(fields).flat(),
    );

  const store: InboxStore = {
    location,
    async add(d: NewDelivery) {
      const lids = d.lids.flat();
      return String(
        await redis.inboxAdd(
          prefix,
          d.lids.length,
          ...lids,
          d.receivedAt,
          JSON.stringify(d.headers),
          Buffer.from(d.body.buffer, d.body.byteOffset, d.body.byteLength),
          d.event ?? '',
          d.messageId ?? '',
          d.chat,
          d.chatLid ?? '',
          d.key,
          d.status,
          d.error ?? '',
          partitionsWanted,
        ),
      );
    },
    async get(id) {
      return /^\d+$/.test(id) ? (await load([id]))[0] : undefined;
    },
    async *list(filter: ListFilter = {}) {
      const ids = filter.failed
        ? await redis.zrange(k('failed'), 0, -1)
        : await redis.zrangebyscore(k('received'), filter.since ?? 0, '+inf');
      ids.sort((a, b) => Number(a) - Number(b));
      for (let i = 0; i < ids.length; i += 500) {
        for (const d of await load(ids.slice(i, i + 500))) if (d.receivedAt >= (filter.since ?? 0)) yield d;
      }
    },
    async retry(id) {
      if (!/^\d+$/.test(id)) return false;
      const moved = await transition(
        id,
        'pending',
        { attempts: 0, error: '', duplicateOf: '' },
        { from: 'failed,duplicate,done', requeue: true },
      );
      return moved === 1;
    },
    async claimKey(key, id, windowMs) {
      return (await redis.inboxClaimKey(k(`key:${key}`), id, windowMs)) ?? undefined;
    },
    async advanceStatus(messageIds, status) {
      if (messageIds.length > 0) await redis.inboxAdvance(k('statuses'), status, messageStatusOrder.join(','), ...messageIds);
    },
    async statusOf(messageId) {
      return (await redis.hget(k('statuses'), messageId)) ?? undefined;
    },
    async phoneOf(lid) {
      return (await redis.hget(k('lids'), lid)) ?? undefined;
    },
    async counts() {
      const counts = emptyCounts();
      for (const [status, n] of Object.entries(await redis.hgetall(k('counts'))))
        if (status in counts) counts[status as DeliveryStatus] = Number(n);
      return counts;
    },
    onAdded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    feed(consumer) {
      return redisFeed(consumer);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };

  /** One worker's share of the partitions. */
  function redisFeed(consumer: string): DeliveryFeed {
    const reader = redis.duplicate({ commandTimeout: undefined }); // XREADGROUP BLOCK holds its connection
    reader.on('error', () => undefined);
    interface Partition {
      stream: string;
      releasing: boolean;
      /** The take under way when it was marked for release. */
      markedAt: number;
      inFlight: number;
      /** Claimed from a previous holder, to run before anything new. */
      backlog: Array<{ entry: string; id: string }>;
    }
    const owned = new Map<number, Partition>();
    const entryOf = new Map<string, { partition: number; entry: string }>();
    let heartbeat: NodeJS.Timeout | undefined;
    let beating: Promise<void> | undefined;
    let closed = false;
    let taking = false;
    let takeSeq = 0;

    async function acquire(n: number): Promise<void> {
      const stream = k(`p:${n}`);
      await redis.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
      const partition: Partition = { stream, releasing: false, markedAt: 0, inFlight: 0, backlog: [] };
      // What the previous holder read and did not acknowledge comes first, in stream order.
      let cursor = '0-0';
      do {
        const [next, entries] = (await redis.xautoclaim(stream, GROUP, consumer, 0, cursor, 'COUNT', 500)) as [
          string,
          Array<[string, string[]] | null>,
        ];
        for (const item of entries) if (item) partition.backlog.push({ entry: item[0], id: item[1][1]! });
        cursor = next;
      } while (cursor !== '0-0');
      owned.set(n, partition);
    }

    async function beat(): Promise<void> {
      const now = Date.now();
      const [, , [, live], [, count]] = (await redis
        .multi()
        .zadd(k('workers'), now, consumer)
        .zremrangebyscore(k('workers'), '-inf', now - leaseMs)
        .zcard(k('workers'))
        .get(k('partitions'))
        .exec()) as Array<[Error | null, unknown]> as [unknown, unknown, [null, number], [null, string | null]];
      const partitions = Number(count ?? partitionsWanted);
      const share = Math.ceil(partitions / Math.max(1, live));
      for (const [n, p] of owned) {
        if ((await redis.inboxRenew(k(`lease:${n}`), consumer, leaseMs)) !== 1) {
          owned.delete(n); // taken over while we stalled: what we still finish may run twice
          continue;
        }
        // Not while a read that began before the marking is under way: it may return entries of it.
        if (p.releasing && p.inFlight === 0 && p.backlog.length === 0 && (!taking || takeSeq > p.markedAt)) {
          await redis.inboxRelease(k(`lease:${n}`), consumer);
          owned.delete(n);
        }
      }
      const keeping = [...owned.values()].filter((p) => !p.releasing).length;
      if (keeping > share) {
        for (const p of [...owned.values()].filter((p) => !p.releasing).slice(share)) {
          p.releasing = true;
          p.markedAt = takeSeq;
        }
      } else if (keeping < share) {
        let wanted = share - keeping;
        const start = Math.floor(Math.random() * partitions);
        for (let i = 0; i < partitions && wanted > 0; i++) {
          const n = (start + i) % partitions;
          if (owned.has(n)) continue;
          if ((await redis.set(k(`lease:${n}`), consumer, 'PX', leaseMs, 'NX')) === 'OK') {
            await acquire(n);
            wanted--;
          }
        }
      }
    }

    const beatOnce = () => (beating ??= beat().finally(() => (beating = undefined)));

    async function deliveriesOf(items: Array<{ partition: number; entry: string; id: string }>): Promise<StoredDelivery[]> {
      for (const item of items) owned.get(item.partition)!.inFlight++; // before any await: a partition in use is not released
      // (a lease lost meanwhile drops the partition from `owned`: its entries still finish and ack)
      const found = await load(items.map((i) => i.id));
      const byId = new Map(found.map((d) => [d.id, d]));
      const out: StoredDelivery[] = [];
      for (const item of items) {
        const d = byId.get(item.id);
        const p = owned.get(item.partition);
        if (!d) {
          if (p) p.inFlight--;
          await redis.xack(k(`p:${item.partition}`), GROUP, item.entry); // its record is gone: nothing to do
          continue;
        }
        entryOf.set(d.id, { partition: item.partition, entry: item.entry });
        await transition(d.id, 'processing');
        out.push({ ...d, status: 'processing' });
      }
      return out;
    }

    async function takeSome(max: number, signal: AbortSignal): Promise<StoredDelivery[]> {
      if (!heartbeat && !closed) {
        await beatOnce();
        heartbeat = setInterval(() => void beatOnce().catch(() => undefined), HEARTBEAT_MS);
      }
      const backlog: Array<{ partition: number; entry: string; id: string }> = [];
      for (const [n, p] of owned)
        while (p.backlog.length > 0 && backlog.length < max) backlog.push({ partition: n, ...p.backlog.shift()! });
      if (backlog.length > 0) return deliveriesOf(backlog);
      const reading = [...owned].filter(([, p]) => !p.releasing);
      if (reading.length === 0 || signal.aborted) {
        await new Promise((r) => setTimeout(r, signal.aborted ? 0 : 200));
        return [];
      }
      const result = (await reader.xreadgroup(
        'GROUP',
        GROUP,
        consumer,
        'COUNT',
        Math.max(1, Math.ceil(max / reading.length)),
        'BLOCK',
        500,
        'STREAMS',
        ...reading.map(([, p]) => p.stream),
        ...reading.map(() => '>'),
      )) as Array<[string, Array<[string, string[]]>]> | null;
      const items: Array<{ partition: number; entry: string; id: string }> = [];
      for (const [stream, entries] of result ?? []) {
        const n = Number(stream.slice(stream.lastIndexOf(':') + 1));
        for (const [entry, fields] of entries) items.push({ partition: n, entry, id: fields[1]! });
      }
      return deliveriesOf(items);
    }

    return {
      async take(max, signal) {
        taking = true;
        takeSeq++;
        try {
          return await takeSome(max, signal);
        } finally {
          taking = false;
        }
      },
      async finish(delivery, outcome: DeliveryOutcome) {
        const where = entryOf.get(delivery.id);
        entryOf.delete(delivery.id);
        const p = where && owned.get(where.partition);
        const fields: Record<string, string | number> = { attempts: outcome.attempts };
        if (outcome.status === 'failed') fields.error = outcome.error;
        if (outcome.status === 'duplicate') fields.duplicateOf = outcome.duplicateOf;
        if (outcome.status !== 'pending') fields.processedAt = Date.now();
        try {
          // Handed back (pending): the entry stays unacknowledged, and the next holder claims it.
          await transition(
            delivery.id,
            outcome.status,
            fields,
            outcome.status === 'pending' || !where ? {} : { stream: k(`p:${where.partition}`), entry: where.entry },
          );
        } finally {
          if (p) p.inFlight--;
        }
      },
      async close() {
        closed = true;
        clearInterval(heartbeat);
        await beating?.catch(() => undefined);
        for (const n of owned.keys()) await redis.inboxRelease(k(`lease:${n}`), consumer).catch(() => undefined);
        owned.clear();
        await redis.zrem(k('workers'), consumer).catch(() => undefined);
        await reader.quit().catch(() => reader.disconnect());
      },
    };
  }

  return store;
}
