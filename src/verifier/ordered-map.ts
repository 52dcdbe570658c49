/**
 * Runs `fn` over `source` and yields the results in source order. At most `limit` calls are running
 * or finished but not yet yielded, besides the result the consumer is working on: calls go on while
 * the consumer works, and a slow consumer holds at most `limit + 1` results in memory. A failed call
 * is reported when its turn to be yielded comes, so the consumer sees the first failure in order.
 */
export async function* mapOrdered<T, R>(
  source: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const it: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (source as Iterable<T>)[Symbol.iterator]();
  const queue: Array<Promise<R>> = [];
  let exhausted = false;
  let stopped = false;
  let sourceError: { error: unknown } | undefined;
  let filling: Promise<void> = Promise.resolve();
  let running = false;

  // Pulls from the source until `limit` tasks are in hand. `running` is set and cleared inside, so
  // a fill that finishes without awaiting anything cannot leave a stale "still filling" mark.
  const fill = async (): Promise<void> => {
    running = true;
    try {
      while (!exhausted && !stopped && queue.length < Math.max(1, limit)) {
        const next = await it.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        if (stopped) break;
        const task = fn(next.value);
        task.catch(() => undefined); // reported in order by the consumer, not as unhandled
        queue.push(task);
      }
    } catch (e) {
      sourceError = { error: e };
      exhausted = true;
    } finally {
      running = false;
    }
  };
  const startFill = (): Promise<void> => {
    if (!running) filling = fill();
    return filling;
  };

  try {
    for (;;) {
      void startFill();
      if (queue.length === 0) {
        await startFill();
        if (queue.length === 0) {
          if (sourceError) throw sourceError.error;
          if (exhausted) return;
          continue;
        }
      }
      const task = queue.shift()!;
      void startFill();
      yield await task;
    }
  } finally {
    stopped = true;
    void Promise.resolve(it.return?.()).catch(() => undefined);
  }
}

/** A counting semaphore: at most `limit` holders at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A released slot is handed straight to the next waiter, so a newcomer cannot take it in between.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
