import { deadLetterTopic } from '../contracts/integration-events';
import type { TransportMessage } from '../contracts/transport-message';
import type { MessagePublisher } from '../forwarder/kafka-publisher';

/** Where a message goes after its last failed attempt (besides the parked table). */
export interface DeadLetterSink {
  deadLetter(message: TransportMessage, error: unknown, attempts: number): Promise<void>;
}

export function errorHeaders(error: unknown, attempts: number): Record<string, string> {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return {
    errorName: e.name,
    errorMessage: e.message.slice(0, 2000),
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    attempts: String(attempts),
    deadLetteredAt: new Date().toISOString(),
  };
}

/** Kafka: the original value and headers to `<topic>.dlt`, plus the error in headers. */
export class KafkaDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly publisher: MessagePublisher,
    private readonly consumer: string,
  ) {}

  async deadLetter(message: TransportMessage, error: unknown, attempts: number): Promise<void> {
    await this.publisher.publish([
      {
        topic: deadLetterTopic(message.topic),
        key: message.key,
        value: message.value,
        headers: { ...message.headers, ...errorHeaders(error, attempts), originalTopic: message.topic, consumer: this.consumer },
      },
    ]);
  }
}

/** Embedded mode has no broker: the parked table is the dead-letter record. */
export const NO_DEAD_LETTER_TOPIC: DeadLetterSink = { deadLetter: async () => undefined };
