/**
 * One integration event as it travels: the same shape on Kafka and on the embedded event log, so
 * consumers run one pipeline whatever the transport.
 */
export interface TransportMessage {
  topic: string;
  /** The case id: keeps one case's events in one partition, in order. Never personal data. */
  key: string;
  /** The protobuf-encoded integration event. */
  value: Uint8Array;
  headers: MessageHeaders;
}

/** Kafka headers (all strings). The first four are the contract of architecture §2. */
export interface MessageHeaders {
  /** Fully qualified integration event type, e.g. `benefits.integration.v1.CaseApproved`. */
  type: string;
  /** The source domain event's id: the inbox key. */
  eventId: string;
  schemaVersion: string;
  correlationId: string;
  causationId?: string;
  /** The domain event type it was mapped from, e.g. `dibao.CaseApproved.v1`. */
  sourceType?: string;
  contentType?: string;
  [extra: string]: string | undefined;
}

export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

/** Kafka headers arrive as Buffers (or arrays of them); ours are single strings. */
export function headersFromKafka(raw: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): MessageHeaders {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const one = Array.isArray(value) ? value[value.length - 1] : value;
    out[name] = typeof one === 'string' ? one : one.toString('utf8');
  }
  return out as MessageHeaders;
}

export function headersToKafka(headers: MessageHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}
