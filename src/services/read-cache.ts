/**
 * Public figures are read far more often than the log grows. This cache keeps each computed answer
 * until the log grows (the command service in this process says when) or `maxAgeMs` passes (writes by
 * another process, and figures that depend on the clock such as expired proposals, show up within
 * that age). Concurrent misses for one key share one computation, so a burst of visitors costs one
 * query, not one per visitor.
 */
export class ReadCache {
  private generation = 0;
  private readonly entries = new Map<string, { generation: number; at: number; value: Promise<unknown> }>();

  constructor(
    private readonly maxAgeMs = 1_000,
    private readonly now: () => number = () => performance.now(),
    private readonly maxEntries = 1_000,
  ) {}

  /** The log grew: every cached answer is stale. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    const t = this.now();
    if (hit && hit.generation === this.generation && t - hit.at < this.maxAgeMs)
      return hit.value as Promise<T>;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const entry = { generation: this.generation, at: t, value };
    this.entries.set(key, entry);
    // A failed computation is not remembered.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
