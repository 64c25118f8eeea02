import type { SqlSession } from '@benefits/sql';

/**
 * The second argument of every integration-event handler (`@Ctx()` or plain second parameter):
 * transport-neutral, never a KafkaContext.
 */
export class DeliveryContext {
  constructor(
    /** The open transaction the inbox row was written in: write side effects through it. */
    readonly session: SqlSession,
    readonly eventId: string,
    /** 1 on the first try. */
    readonly attempt: number,
    readonly consumer: string,
  ) {}

  /** Nest's RPC argument host reads arguments through this. */
  getArgs(): unknown[] {
    return [this.session, this.eventId, this.attempt, this.consumer];
  }

  getArgByIndex(index: number): unknown {
    return this.getArgs()[index];
  }
}
