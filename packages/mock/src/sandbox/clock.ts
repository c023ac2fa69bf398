// Every simulated delay goes through here, scaled by `speed` (0 = no waiting), and is cancelled on close.
export interface Clock {
  readonly speed: number;
  /** Runs `fn` after `ms` simulated milliseconds, and never before `minRealMs` real ones. */
  after(ms: number, fn: () => void, minRealMs?: number): void;
  /** Cancels everything still pending. */
  stop(): void;
}

export function createClock(speed: number): Clock {
  const timers = new Set<NodeJS.Timeout>();
  const immediates = new Set<NodeJS.Immediate>();
  let stopped = false;
  return {
    speed,
    after(ms, fn, minRealMs = 0) {
      if (stopped) return;
      const wait = Math.max(Math.round(ms * speed), minRealMs);
      if (wait <= 0) {
        // setImmediate keeps the order in which events were scheduled, which a test relies on.
        const handle = setImmediate(() => {
          immediates.delete(handle);
          fn();
        });
        immediates.add(handle);
        return;
      }
      const handle = setTimeout(() => {
        timers.delete(handle);
        fn();
      }, wait);
      handle.unref();
      timers.add(handle);
    },
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const i of immediates) clearImmediate(i);
      timers.clear();
      immediates.clear();
    },
  };
}
