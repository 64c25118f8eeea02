import type { LogPositionOrStart, ReadAllPage, SubscribeToAllOptions, Subscription } from '../event-store';

const DEFAULT_POLL_INTERVAL_MS = 1000;
const DEFAULT_BATCH_SIZE = 100;
const FIRST_RETRY_MS = 10;

/** What a catch-up subscription needs from its store. */
export interface SubscriptionSource {
  readAll(after: LogPositionOrStart, maxCount: number): Promise<ReadAllPage>;
  saveCheckpoint(subscriptionId: string, position: LogPositionOrStart): Promise<void>;
  /** Whether events after `position` are committed but not yet readable (an older transaction is still open). */
  hasHiddenAfter(position: LogPositionOrStart): Promise<boolean>;
}

/**
 * Wakes a sleeping poller early. The generation counter closes the gap between "read an empty
 * page" and "start waiting": a notification in between makes the wait return at once.
 */
class Wakeup {
  private generation = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.generation;
  }

  notify(): void {
    this.generation += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  wait(seenGeneration: number, timeoutMs: number): Promise<void> {
    if (seenGeneration !== this.generation) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }
}

/**
 * Reads the global log after its checkpoint, hands events to the handler one at a time and stores
 * the checkpoint after each, so a restart redelivers at most the event that was in hand.
 * Notifications only shorten the wait; correctness rests on re-reading, so a lost notification
 * costs at most one poll interval. When committed events are held back by an older transaction
 * that is still open — which ends without notifying us — it re-reads soon, backing off.
 */
export class CatchUpSubscription implements Subscription {
  private stopping = false;
  private failure: unknown = undefined;
  private readonly wakeup = new Wakeup();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly running: Promise<void>;
  private retryMs = FIRST_RETRY_MS;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeToAllOptions,
    private current: LogPositionOrStart,
    onEnded: () => void,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.running = this.run().finally(onEnded);
  }

  get subscriptionId(): string {
    return this.options.subscriptionId;
  }

  get position(): LogPositionOrStart {
    return this.current;
  }

  /** Something was appended: read now instead of at the next poll. */
  wake(): void {
    this.wakeup.notify();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.notify();
    await this.running;
    if (this.failure !== undefined && !this.options.onError) throw this.failure;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const seen = this.wakeup.current;
      const page = await this.readPage();
      if (page && !(await this.handlePage(page))) return;
      if (page && page.events.length === this.batchSize) continue;
      await this.wakeup.wait(seen, await this.idleWaitMs());
    }
  }

  /** The full poll interval, or a short, growing one while committed events are held back. */
  private async idleWaitMs(): Promise<number> {
    const hidden = await this.source.hasHiddenAfter(this.current).catch(() => false);
    if (!hidden) {
      this.retryMs = FIRST_RETRY_MS;
      return this.pollIntervalMs;
    }
    const wait = Math.min(this.retryMs, this.pollIntervalMs);
    this.retryMs = wait * 2;
    return wait;
  }

  /** A failed read is retried at the next poll: the database may come back. */
  private async readPage(): Promise<ReadAllPage | null> {
    try {
      return await this.source.readAll(this.current, this.batchSize);
    } catch {
      return null;
    }
  }

  /** False when the subscription has to end: stopped, or the handler or checkpoint failed. */
  private async handlePage(page: ReadAllPage): Promise<boolean> {
    for (const event of page.events) {
      if (this.stopping) return false;
      try {
        await this.options.handler(event);
        await this.source.saveCheckpoint(this.subscriptionId, event.position);
      } catch (error) {
        this.fail(error);
        return false;
      }
      this.current = event.position;
    }
    return true;
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.stopping = true;
    this.options.onError?.(error);
  }
}
