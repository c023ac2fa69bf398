// When and how long to wait before repeating a call.

export interface RetryOptions {
  /** Further attempts after the first. Default 2. */
  retries?: number;
  /** Delay before the first retry; doubles each time, with jitter. Default 500 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, including a server's Retry-After. Default 30 s. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, minDelayMs: 500, maxDelayMs: 30_000 };

/** 429 and the 5xx a repeat can cure. */
export const isRetryableStatus = (status: number): boolean => status === 429 || (status >= 500 && status !== 501 && status !== 505);

/** Retry-After as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter (attempt counts from 1), or the server's Retry-After; capped. */
export function backoffMs(attempt: number, policy: Required<RetryOptions>, retryAfter?: number, random = Math.random): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
