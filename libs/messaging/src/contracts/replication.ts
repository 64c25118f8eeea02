import { canonicalJson, sha256Hex, type EventEnvelope } from '@benefits/kernel';
import { encodeIntegrationEvent } from './codec';
import { IntegrationEventContracts, type IntegrationEvent } from './integration-events';
import { eventHeaderOf, SAFE_KEY, transportHeadersOf, type EventMapper } from './mapper';
import type { TransportMessage } from './transport-message';

/**
 * Audit replication: every event a service's store recorded, published verbatim as a `StoredEvent`
 * on `benefits.replication`, keyed by its stream so one stream's events stay in order. A second
 * forwarder (own checkpoint) next to the integration-event forwarder runs it; the audit service
 * keeps the replica (services/audit/src/replica).
 */
export class ReplicationMapper implements EventMapper {
  private readonly topic: string;

  constructor(
    private readonly sourceService: string,
    options: { topicPrefix?: string } = {},
  ) {
    this.topic = `${options.topicPrefix ?? ''}${IntegrationEventContracts.StoredEvent.topic}`;
  }

  topics(): string[] {
    return [this.topic];
  }

  map(event: EventEnvelope): TransportMessage {
    const message: IntegrationEvent<'StoredEvent'> = {
      header: eventHeaderOf(event, caseIdOfStream(event.streamId)),
      sourceService: this.sourceService,
      type: event.type,
      dataJson: canonicalJson(event.data),
      metadataJson: canonicalJson(event.metadata),
      sourcePosition: event.position,
    };
    return {
      topic: this.topic,
      key: replicationKey(event.streamId),
      value: encodeIntegrationEvent('StoredEvent', message as never),
      headers: transportHeadersOf(event, IntegrationEventContracts.StoredEvent.schema.typeName),
    };
  }
}

/** Case streams are `<kind>-<caseId>[-…]` with a UUID case id; other streams belong to no case. */
const CASE_STREAM = /^(?:case|facts|determination|entitlement|payment)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

export function caseIdOfStream(streamId: string): string {
  return CASE_STREAM.exec(streamId)?.[1] ?? '';
}

/** The stream id when it is a plain identifier; otherwise its hash (keys end up in broker tools). */
export function replicationKey(streamId: string): string {
  return SAFE_KEY.test(streamId) && !/\d{17}[\dXx]/.test(streamId) ? streamId : `sha256:${sha256Hex(streamId).slice(0, 32)}`;
}
