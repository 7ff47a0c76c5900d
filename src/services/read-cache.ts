/**
 * Memoises read-only answers of the public register until the data changes. Every lookup
 * first asks for the current data version; any write anywhere empties the cache, so a
 * suspension is visible on the very next request. Bounded: the oldest entry goes first.
 */
export class ReadCache {
  private version: string | undefined;
  private readonly entries = new Map<string, unknown>();

  constructor(
    private readonly currentVersion: () => string,
    private readonly maxEntries = 2000,
  ) {}

  get<T>(key: string, compute: () => T): T {
    this.refresh();
    return this.lookup(key, compute);
  }

  /**
   * Asks for the data version once and returns a getter for several lookups inside one
   * synchronous read (the rows of one search page), instead of one version query per lookup.
   */
  pinned(): <T>(key: string, compute: () => T) => T {
    this.refresh();
    return (key, compute) => this.lookup(key, compute);
  }

  private refresh(): void {
    const version = this.currentVersion();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
  }

  private lookup<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  /** Memoises an async answer; a failure is not kept, so the next request tries again. */
  async getAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const pending = this.get(key, compute);
    try {
      return await pending;
    } catch (err) {
      if (this.entries.get(key) === pending) this.entries.delete(key);
      throw err;
    }
  }
}
