// Timeouts without an AbortController and a timer per call. On Node 20 creating an AbortSignal is
// as dear as the rest of the client's work on a call (it is made transferable eagerly), so calls
// whose deadlines fall in the same short slot share one controller and one timer: when the slot
// ends, every call still holding it has run out of time. A call times out between `timeoutMs` and
// `timeoutMs + SLOT_MS` after it started. A call with its own `signal` gets a controller of its own.

/** The width of a slot: how late past `timeoutMs` a timeout may fire. */
export const SLOT_MS = 20;

export interface Deadline {
  readonly signal: AbortSignal;
  /** Whether the time ran out (rather than the caller aborting). */
  readonly expired: boolean;
  /** The call is over: the deadline no longer keeps the process alive on its account. */
  release(): void;
}

/** Node's timers can stop holding the process open; other runtimes' timers are plain ids. */
const hold = (timer: ReturnType<typeof setTimeout>, on: boolean) => {
  const t = timer as { ref?: () => void; unref?: () => void };
  if (on) t.ref?.();
  else t.unref?.();
};

/** The deadline shared by the calls that end in one slot: one object for all of them, nothing per call. */
class Slot implements Deadline {
  readonly #controller = new AbortController();
  readonly signal = this.#controller.signal;
  readonly #timer: ReturnType<typeof setTimeout>;
  /** Calls in flight holding the slot. */
  #holders = 0;

  constructor(key: number) {
    this.#timer = setTimeout(
      () => {
        slots.delete(key);
        this.#controller.abort();
      },
      key * SLOT_MS - Date.now(),
    );
  }

  get expired() {
    return this.signal.aborted;
  }

  take(): this {
    if (this.#holders++ === 0) hold(this.#timer, true);
    return this;
  }

  release() {
    // An idle slot stays for the calls that start next, but no longer holds the process open.
    if (--this.#holders === 0) hold(this.#timer, false);
  }
}

const slots = new Map<number, Slot>();

/** A deadline `timeoutMs` from now, shared with the calls ending in the same slot. */
function slotDeadline(timeoutMs: number): Deadline {
  const key = Math.ceil((Date.now() + timeoutMs) / SLOT_MS);
  let slot = slots.get(key);
  if (!slot) slots.set(key, (slot = new Slot(key)));
  return slot.take();
}

/** A deadline of the call's own, which the caller's `signal` also ends. */
function ownDeadline(timeoutMs: number, userSignal: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  userSignal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    release() {
      clearTimeout(timer);
      userSignal.removeEventListener('abort', onAbort);
    },
  };
}

export const deadline = (timeoutMs: number, userSignal: AbortSignal | undefined): Deadline =>
  userSignal ? ownDeadline(timeoutMs, userSignal) : slotDeadline(timeoutMs);
