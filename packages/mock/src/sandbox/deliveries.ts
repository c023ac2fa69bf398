// Webhook deliveries: every event the sandbox fires is recorded (so a test needs no server), and
// POSTed with Z-API's headers when the instance has a URL for it, through the faults in force.
import { gzipSync } from 'node:zlib';
import type { Clock } from './clock.js';
import type { Random } from './random.js';

export interface Faults {
  /** Probability that a delivery is POSTed twice. */
  duplicate: number;
  /** Probability that a delivery is held back and goes out after the next one. */
  reorder: number;
  /** Probability that a delivery is never POSTed. */
  drop: number;
  /** Probability that a delivery goes out `delayMs` late. */
  delay: number;
  delayMs: number;
  /** Compress bodies (`content-encoding: gzip`). */
  gzip: boolean;
  /** Also send ConnectedCallback / DisconnectedCallback to the received URL (seen in real traffic). */
  connectionEventsToReceived: boolean;
  /** How long a receiver may take before the delivery is recorded as timed out. */
  timeoutMs: number;
}

export const NO_FAULTS: Faults = {
  duplicate: 0,
  reorder: 0,
  drop: 0,
  delay: 0,
  delayMs: 2000,
  gzip: false,
  connectionEventsToReceived: false,
  timeoutMs: 10_000,
};

/** Shortest real time a reordered delivery waits for a next one to overtake it. */
const HOLD_MIN_MS = 50;

export type FaultName = 'duplicate' | 'reorder' | 'drop' | 'delay' | 'gzip';

export interface DeliveryAttempt {
  status?: number;
  error?: string;
  ms: number;
}

export interface Delivery {
  /** Increasing per sandbox: the order events were released in. */
  id: number;
  /** `DeliveryCallback`, `MessageStatusCallback`, `ReceivedCallback.text`, ... */
  event: string;
  /** Where it went; null when the instance has no URL for this kind. */
  url: string | null;
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped' | 'not-sent';
  payload: Record<string, unknown>;
  faults: FaultName[];
  attempts: DeliveryAttempt[];
}

interface Waiter {
  matches(delivery: Delivery): boolean;
  resolve(delivery: Delivery): void;
}

interface Pending {
  event: string;
  url: string | null;
  payload: Record<string, unknown>;
  faults: FaultName[];
}

export interface DeliveryOptions {
  clock: Clock;
  random: Random;
  /** Sent in the `z-api-token` header, as Z-API does. */
  instanceToken: string;
  /** How many deliveries are kept for `deliveries()` and `waitForWebhook()`. */
  retention: number;
}

export class Deliveries {
  private readonly records: Delivery[] = [];
  private readonly waiters = new Set<Waiter>();
  private nextId = 1;
  private held: Pending | undefined;
  /** One POST at a time per instance, so the receiver sees events in the order they happened. */
  private chain: Promise<void> = Promise.resolve();
  private readonly inflight = new Set<AbortController>();
  faults: Faults = { ...NO_FAULTS };

  constructor(private readonly options: DeliveryOptions) {}

  /** Fires one event; `url` is the instance's URL for its kind, if any. */
  emit(event: string, payload: Record<string, unknown>, url: string | null): void {
    const { random } = this.options;
    const f = this.faults;
    const pending: Pending = { event, url, payload, faults: [] };
    if (url !== null) {
      if (random.chance(f.drop)) {
        pending.faults.push('drop');
        this.record(pending, 'dropped');
        return;
      }
      if (random.chance(f.duplicate)) pending.faults.push('duplicate');
      if (f.gzip) pending.faults.push('gzip');
      if (random.chance(f.delay)) {
        pending.faults.push('delay');
        this.options.clock.after(f.delayMs, () => this.release(pending));
        return;
      }
      if (!this.held && random.chance(f.reorder)) {
        pending.faults.push('reorder');
        this.held = pending;
        // Never hold one forever: if nothing follows, it goes out late. At speed 0 the next event
        // is a few ticks away, so the hold lasts at least HOLD_MIN_MS of real time.
        this.options.clock.after(
          f.delayMs,
          () => {
            if (this.held === pending) this.releaseHeld();
          },
          HOLD_MIN_MS,
        );
        return;
      }
    }
    this.release(pending);
    this.releaseHeld();
  }

  private releaseHeld(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.release(held);
  }

  private release(pending: Pending): void {
    const delivery = this.record(pending, pending.url === null ? 'not-sent' : 'pending');
    if (pending.url === null) return;
    const copies = pending.faults.includes('duplicate') ? 2 : 1;
    for (let i = 0; i < copies; i++) this.chain = this.chain.then(() => this.post(delivery));
  }

  private record(pending: Pending, outcome: Delivery['outcome']): Delivery {
    const delivery: Delivery = {
      id: this.nextId++,
      event: pending.event,
      url: pending.url,
      outcome,
      payload: pending.payload,
      faults: pending.faults,
      attempts: [],
    };
    this.records.push(delivery);
    if (this.records.length > this.options.retention) this.records.shift();
    // A delivery with a URL is awaited once the receiver has answered (or failed), so a test sees
    // what its handler did; a dropped one never reached the bot, so waiting for it must not succeed.
    if (outcome === 'not-sent') this.notify(delivery);
    return delivery;
  }

  private notify(delivery: Delivery): void {
    for (const waiter of this.waiters) {
      if (waiter.matches(delivery)) {
        this.waiters.delete(waiter);
        waiter.resolve(delivery);
      }
    }
  }

  private async post(delivery: Delivery): Promise<void> {
    const started = performance.now();
    const json = JSON.stringify(delivery.payload);
    const gzip = delivery.faults.includes('gzip');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'z-api-token': this.options.instanceToken,
      'user-agent': 'zapi-kit sandbox',
    };
    if (gzip) headers['content-encoding'] = 'gzip';
    const controller = new AbortController();
    this.inflight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${this.faults.timeoutMs} ms`)), this.faults.timeoutMs);
    try {
      const response = await fetch(delivery.url!, {
        method: 'POST',
        headers,
        body: gzip ? new Uint8Array(gzipSync(json)) : json,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.attempts.push({ status: response.status, ms: Math.round(performance.now() - started) });
      // Z-API does not retry: a refusal is a lost webhook, recorded as such.
      if (delivery.outcome !== 'failed') delivery.outcome = response.ok ? 'delivered' : 'failed';
    } catch (error) {
      const reason = controller.signal.aborted ? (controller.signal.reason as Error).message : describeError(error);
      delivery.attempts.push({ error: reason, ms: Math.round(performance.now() - started) });
      delivery.outcome = 'failed';
    } finally {
      clearTimeout(timer);
      this.inflight.delete(controller);
    }
    if (delivery.attempts.length === 1) this.notify(delivery);
  }

  list(filter?: string): Delivery[] {
    return filter ? this.records.filter((d) => matchesEvent(d.event, filter)) : [...this.records];
  }

  /** The first recorded delivery of `event` for which `predicate` holds, or the next one to come. */
  waitFor(event: string, predicate: (payload: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Delivery> {
    const matches = (d: Delivery) =>
      d.outcome !== 'dropped' && d.outcome !== 'pending' && matchesEvent(d.event, event) && predicate(d.payload);
    const already = this.records.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.records.map((d) => d.event).slice(-10);
        reject(new Error(`no ${event} webhook matched within ${timeoutMs} ms (last events: ${seen.join(', ') || 'none'})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves when every POST started so far has finished. */
  async settled(): Promise<void> {
    let chain;
    do {
      chain = this.chain;
      await chain;
    } while (chain !== this.chain);
  }

  clear(): void {
    this.records.length = 0;
    this.held = undefined;
  }

  get size(): number {
    return this.records.length;
  }

  abort(): void {
    for (const controller of this.inflight) controller.abort(new Error('sandbox closed'));
  }
}

/** `ReceivedCallback` matches every `ReceivedCallback.<variant>`; a full name matches itself. */
export function matchesEvent(event: string, filter: string): boolean {
  return event === filter || event.startsWith(`${filter}.`);
}

function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
