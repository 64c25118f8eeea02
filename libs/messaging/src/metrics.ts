import type { DeliveryOutcome } from './consumer/delivery-pipeline';

/**
 * What the messaging runtime reports as it works, for whoever keeps metrics (the service app supplies
 * a prom-client implementation; messaging itself depends on no metrics library). Every method is a
 * cheap, synchronous notification; none may throw into the caller.
 */
export interface MessagingMetrics {
  /** A batch acknowledged by the broker: the messages sent and when the events it covered were recorded. */
  forwarded(forwarderId: string, messages: number, recordedAt: readonly string[]): void;
  /** A message taken from the transport, before the pipeline: its age (seconds since it was recorded or produced), when known. */
  received(consumer: string, topic: string, partition: number, ageSeconds: number | null): void;
  /** The pipeline finished with a message (`parked` and `rejected` went to the dead letters). */
  delivered(consumer: string, topic: string, outcome: DeliveryOutcome, seconds: number): void;
  /** A handler attempt failed; `final` when no attempt is left (the message is dead-lettered and parked). */
  attemptFailed(consumer: string, topic: string, attempt: number, final: boolean): void;
}

/** Consumer lag of one partition: messages on the transport not yet handled by this consumer. */
export interface PartitionLag {
  topic: string;
  partition: number;
  messages: number;
}

/** Ages in seconds of events recorded at these times, as of `now` (never negative). */
export function agesInSeconds(recordedAt: readonly string[], now = Date.now()): number[] {
  return recordedAt.map((at) => Math.max(0, (now - Date.parse(at)) / 1000)).filter((age) => Number.isFinite(age));
}
