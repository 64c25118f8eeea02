import { Controller, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  createConsumerApp,
  IntegrationEventTypes,
  OnIntegrationEvent,
  type ConsumerSetup,
  type DeliveryContext,
  type IntegrationEvent,
} from '@benefits/messaging';
import { recordReplicatedEvent } from './replica-store';

/** Names the audit consumer's inbox, parked messages and Kafka group. */
export const AUDIT_CONSUMER = 'audit';

/** Fills the audit replica from `benefits.replication`, in the inbox transaction of each message. */
@Controller()
export class ReplicaConsumer {
  @OnIntegrationEvent(IntegrationEventTypes.StoredEvent)
  async onStoredEvent(@Payload() event: IntegrationEvent<'StoredEvent'>, @Ctx() ctx: DeliveryContext): Promise<void> {
    const header = event.header;
    if (!header) throw new Error('StoredEvent without header');
    await recordReplicatedEvent(ctx.session, {
      eventId: header.eventId,
      sourceService: event.sourceService,
      sourcePosition: event.sourcePosition,
      streamId: header.streamId,
      streamRevision: header.streamRevision,
      type: event.type,
      dataJson: event.dataJson,
      metadataJson: event.metadataJson,
      recordedAt: header.recordedAt,
    });
  }
}

@Module({})
export class AuditConsumerModule {
  static create(): DynamicModule {
    return { module: AuditConsumerModule, controllers: [ReplicaConsumer] };
  }
}

/** The audit consumer (separate-process mode only): `await app.listen()` starts it. */
export function createAuditConsumer(setup: Pick<ConsumerSetup, 'server' | 'logger'>): Promise<INestMicroservice> {
  return createConsumerApp(AuditConsumerModule.create(), setup);
}
