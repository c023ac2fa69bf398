// Runs tasks one chat at a time and several chats at once: a chat's tasks run in the order they
// were added, at most `concurrency` tasks run together.

export class ChatLanes {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #waiting: Array<() => void> = [];
  #running = 0;
  #queued = 0;

  constructor(private readonly concurrency: number) {}

  /** Tasks added and not finished (running or waiting for their chat or for a slot). */
  get size(): number {
    return this.#queued;
  }

  add(chat: string, task: () => Promise<void>): void {
    this.#queued++;
    const tail = (this.#tails.get(chat) ?? Promise.resolve()).then(async () => {
      await this.#slot();
      try {
        await task();
      } finally {
        this.#running--;
        this.#waiting.shift()?.();
      }
    });
    const settled = tail
      .catch(() => undefined)
      .finally(() => {
        this.#queued--;
        if (this.#tails.get(chat) === settled) this.#tails.delete(chat);
        for (const listener of this.#idle.splice(0)) listener();
      });
    this.#tails.set(chat, settled);
  }

  readonly #idle: Array<() => void> = [];

  /** Resolves when a task finished (room for more). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Resolves when every added task has finished. */
  async drained(): Promise<void> {
    while (this.#queued > 0) await this.changed();
  }

  #slot(): Promise<void> {
    if (this.#running < this.concurrency) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.#waiting.push(() => {
        this.#running++;
        resolve();
      }),
    );
  }
}
