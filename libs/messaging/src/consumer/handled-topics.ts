import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { contractByType, type TopicName } from '../contracts/integration-events';

type ConsumerClass = abstract new (...args: never[]) => unknown;

/**
 * The topics a consumer must subscribe to on Kafka: those of every integration event its handlers
 * (`@OnIntegrationEvent`) take. Read from the handlers themselves, so a handler added for an event of
 * another service's topic cannot be left unsubscribed (the embedded event-log transport delivers every
 * event whatever the topic, so only a Kafka deployment would miss it).
 */
export function topicsHandledBy(controllers: readonly ConsumerClass[]): TopicName[] {
  const topics = new Set<TopicName>();
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, key)?.value;
      if (typeof method !== 'function') continue;
      const patterns = (Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined) ?? [];
      for (const pattern of patterns) {
        const contract = typeof pattern === 'string' ? contractByType(pattern) : null;
        if (!contract) throw new Error(`${controller.name}.${key} handles ${JSON.stringify(pattern)}, which is no integration event`);
        topics.add(contract.topic);
      }
    }
  }
  return [...topics].sort();
}
