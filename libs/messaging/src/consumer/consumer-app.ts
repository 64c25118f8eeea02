import type { DynamicModule, INestMicroservice, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventStore } from '@benefits/event-store';
import type { IntegrationEventServer } from './integration-event-server';

/** What every service's consumer needs from its process, whichever transport feeds it. */
export interface ConsumerSetup {
  /** The event store the service writes to (in embedded mode, the shared one). */
  store: EventStore;
  /** The transport: an EventLogServer (embedded) or a KafkaIntegrationServer, named after the consumer. */
  server: IntegrationEventServer;
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * A consumer as a Nest microservice, not yet listening: `await app.listen()` starts it,
 * `await app.close()` stops it after the message in hand (close it before the store).
 */
export function createConsumerApp(module: DynamicModule, setup: Pick<ConsumerSetup, 'server' | 'logger'>): Promise<INestMicroservice> {
  return NestFactory.createMicroservice(module, { strategy: setup.server, logger: setup.logger ?? ['error', 'warn'] });
}
