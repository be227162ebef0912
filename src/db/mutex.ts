/**
 * A promise-chain lock. PGlite is one connection: a Kysely transaction and a pg-boss query
 * issued meanwhile would otherwise share it, and the job query would run inside (and roll
 * back with) someone else's transaction.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
