/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order of start. Results keep the
 * items' order. `work` must not throw (the driver reports a case's failure in its outcome); if it
 * does anyway, the run stops with that error rather than hiding it.
 */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T, i: number) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** "done / total, rate" lines for stderr: at most one every `everyMs`, and always the last. */
export function progressReporter(total: number, label: string, write: (line: string) => void, everyMs = 2000): (done: number) => void {
  const started = Date.now();
  let last = 0;
  return (done) => {
    const now = Date.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    write(`${label} ${done} / ${total}  ${rate.toFixed(1)}/s  ${seconds.toFixed(0)} s\n`);
  };
}
