import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { SqlDatabase } from '@benefits/sql';
import type { MessagingMetrics, PartitionLag } from '../metrics';
import type { DeadLetterSink } from './dead-letters';
import type { TransportMessage } from '../contracts/transport-message';
import { DeliveryPipeline, type DeliveryOutcome, type IntegrationEventHandler } from './delivery-pipeline';
import { ParkedMessages } from './parked-messages';

export interface ConsumerOptions {
  /** Names this consumer's inbox, parked messages and checkpoint (e.g. "eligibility"). */
  consumer: string;
  /** The consumer's own PostgreSQL database: inbox, parked messages and the handlers' side effects. */
  db: SqlDatabase;
  /** Attempts before dead-lettering and parking (default 3). */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  onError?: (error: unknown) => void;
  /** After the pipeline finished with a message (metrics; tests wait on it). */
  onDelivered?: (message: TransportMessage, outcome: DeliveryOutcome) => void;
  /** Received messages, outcomes and retries (the service's metrics). */
  metrics?: MessagingMetrics;
}

/**
 * What both custom transports share: Nest registers the `@EventPattern` handlers on the server;
 * the server runs them through one DeliveryPipeline. Subclasses only differ in where messages come
 * from (Kafka, or the event store's global log).
 */
export abstract class IntegrationEventServer extends Server implements CustomTransportStrategy {
  protected pipeline: DeliveryPipeline | null = null;
  private parkedMessages: ParkedMessages | null = null;

  constructor(protected readonly consumerOptions: ConsumerOptions) {
    super();
  }

  /** Operator actions on this consumer's parked messages (available once listening). */
  get parked(): ParkedMessages {
    if (!this.parkedMessages) throw new Error(`consumer ${this.consumerOptions.consumer} is not listening`);
    return this.parkedMessages;
  }

  protected createPipeline(deadLetters: DeadLetterSink): DeliveryPipeline {
    const { consumer, db, maxAttempts, retryDelayMs, onError, onDelivered, metrics } = this.consumerOptions;
    this.pipeline = new DeliveryPipeline({
      consumer,
      db,
      maxAttempts,
      retryDelayMs,
      deadLetters,
      handlerFor: (type) => this.integrationHandler(type),
      onError: onError ? (error) => onError(error) : undefined,
      onDelivered,
      metrics,
    });
    this.parkedMessages = new ParkedMessages(this.pipeline);
    return this.pipeline;
  }

  /** Messages on the transport this consumer has not handled yet, per topic and partition (for metrics). */
  async lag(): Promise<PartitionLag[]> {
    return [];
  }

  /** Nest's handler (with its pipes, guards, interceptors and filters), awaited to completion. */
  private integrationHandler(type: string): IntegrationEventHandler | null {
    if (typeof type !== 'string') return null;
    const handler = this.getHandlerByPattern(type);
    if (!handler) return null;
    return async (event, context) => {
      const result = await handler(event, context);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    };
  }

  on(): never {
    throw new Error('integration-event servers emit no events');
  }
}
