/**
 * Runs tasks one at a time in arrival order. PGlite is a single connection: two interleaved
 * transactions would silently become one, so every use of it goes through this queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
