/**
 * In-process async mutex per name (bucket/key). Serializes the read-check-commit of writes to
 * one key inside this process; entries are dropped when nobody holds or waits for them, so the
 * map stays as small as the number of keys being written right now.
 */
export class KeyLocks {
  #tails = new Map<string, Promise<void>>();

  /** Run `fn` while holding the lock for `name`. */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const tail = prev.then(() => mine);
    this.#tails.set(name, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }

  get size(): number { return this.#tails.size; }
}
