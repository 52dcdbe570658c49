/**
 * Public figures are read far more often than the log grows. This cache keeps each computed answer
 * until the log grows. The command service in this process says when it grows (`invalidate`); writes
 * by another process are noticed once an answer is older than `maxAgeMs`: the cache then reads the log
 * size (one cheap query, shared by every reader at that moment) and keeps the answer if the log has
 * not grown since it was computed. Answers that depend on the clock as well (expired proposals) are
 * marked `clock`: past `maxAgeMs` they are computed again in the background while readers keep the
 * previous one. Concurrent misses for one key share one computation, so a burst of visitors costs one
 * query, not one per visitor.
 */
export class ReadCache {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();

  /**
   * @param logSize the log's current size as stored; without it every answer is computed again after
   *   `maxAgeMs`
   */
  constructor(
    private readonly maxAgeMs = 1_000,
    private readonly now: () => number = () => performance.now(),
    private readonly maxEntries = 1_000,
    private readonly logSize?: () => Promise<number>,
  ) {}

  /** The log grew: every cached answer is stale. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get<T>(key: string, compute: () => Promise<T>, opts: { clock?: boolean } = {}): Promise<T> {
    const hit = this.entries.get(key);
    const t = this.now();
    if (hit && hit.generation === this.generation) {
      if (t - hit.at < this.maxAgeMs) return hit.value as Promise<T>;
      if (this.logSize && hit.size !== undefined) return this.revalidate(key, hit, compute, opts);
    }
    return this.compute(key, compute);
  }

  /**
   * The answer as JSON text, computed and serialised once for every reader (a large answer costs more
   * to serialise than to read from the cache).
   */
  json(key: string, compute: () => Promise<unknown>, opts: { clock?: boolean } = {}): Promise<string> {
    return this.get(`json:${key}`, async () => JSON.stringify(await compute()), opts);
  }

  /**
   * An answer past its age whose log size is known. If the log has grown, it is computed again and
   * readers wait for it. If not, it is still the answer; one that depends on the clock is then
   * computed again in the background while readers keep getting the previous one, which is at most
   * `maxAgeMs` plus one computation old.
   */
  private revalidate<T>(
    key: string,
    hit: Entry,
    compute: () => Promise<T>,
    opts: { clock?: boolean },
  ): Promise<T> {
    // One size check for every reader at that moment; its outcome is decided once, then each reader
    // asks again: for the same entry (kept), or for the computation that replaces it.
    hit.checking ??= this.logSize!()
      .then(
        (size) => size === hit.size,
        () => false,
      )
      .then((same) => {
        hit.checking = undefined;
        if (this.entries.get(key) !== hit) return;
        if (!same) this.entries.delete(key);
        else if (!opts.clock) hit.at = this.now();
        else {
          hit.at = Infinity; // kept until the background computation replaces it
          this.compute(key, compute, hit).catch(() => undefined);
        }
      });
    return hit.checking.then(() => this.get(key, compute, opts));
  }

  /**
   * Computes the answer for `key`. With `behind`, the entry that readers keep getting meanwhile, the
   * new answer replaces it only once computed (and only if nothing newer has).
   */
  private compute<T>(key: string, compute: () => Promise<T>, behind?: Entry): Promise<T> {
    // The size is read before the answer, so the answer is at least as new as the size it is kept for.
    const size = this.logSize?.();
    const value = (size ?? Promise.resolve()).then(compute, compute);
    const entry: Entry = { generation: this.generation, at: this.now(), value, size: undefined };
    size?.then(
      (n) => (entry.size = n),
      () => undefined,
    );
    if (behind === undefined) this.remember(key, entry);
    else
      value.then(
        () => {
          if (this.entries.get(key) === behind) this.remember(key, { ...entry, at: this.now() });
        },
        () => {
          if (this.entries.get(key) === behind) this.entries.delete(key);
        },
      );
    // A failed computation is not remembered.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  private remember(key: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key))
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }
}

interface Entry {
  generation: number;
  at: number;
  value: Promise<unknown>;
  /** the log size read before the answer was computed */
  size: number | undefined;
  checking?: Promise<void> | undefined;
}
