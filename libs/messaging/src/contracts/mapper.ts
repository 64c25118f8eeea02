import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { ScalarType } from '@bufbuild/protobuf';
import { canonicalJson, type EventEnvelope } from '@benefits/kernel';
import { encodeIntegrationEvent } from './codec';
import { IntegrationEventContracts, type IntegrationEvent, type IntegrationEventBody, type IntegrationEventName } from './integration-events';
import { PROTOBUF_CONTENT_TYPE, type TransportMessage } from './transport-message';
import { traceHeadersOf } from '../observability/trace-context';
import { isBenefitId } from '@benefits/standards';

/**
 * Domain event (store envelope) → integration event. Only domain events with a mapping leave their
 * service; everything else stays private. The forwarder and the embedded event-log transport both
 * call this, so both transports carry byte-identical messages.
 */

export class IntegrationMappingError extends Error {
  readonly code = 'INTEGRATION_MAPPING_ERROR';
  constructor(
    message: string,
    readonly eventId: string,
  ) {
    super(message);
    this.name = 'IntegrationMappingError';
  }
}

export interface IntegrationMapping<N extends IntegrationEventName = IntegrationEventName> {
  /** Which integration event this produces. */
  name: N;
  /** Whether this mapping applies to a domain event type. */
  matches(domainType: string): boolean;
  toBody(event: EventEnvelope): IntegrationEventBody<N>;
}

export interface MapperOptions {
  mappings?: readonly IntegrationMapping[];
  /** Prepended to every topic name; tests use it to isolate runs on a shared cluster. */
  topicPrefix?: string;
}

/**
 * Kafka keys end up in broker logs and tools: refuse anything shaped like a 身份证号 or a mobile
 * number, and anything that is not a plain identifier.
 */
export const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const RESIDENT_ID = /^\d{17}[\dXx]$/;
const MOBILE = /^1\d{10}$/;

export function assertSafeKey(key: string, eventId: string): void {
  if (!SAFE_KEY.test(key) || RESIDENT_ID.test(key) || MOBILE.test(key)) {
    throw new IntegrationMappingError(`refusing Kafka key ${JSON.stringify(key.slice(0, 4))}…: keys are case ids, never personal data`, eventId);
  }
}

/** What a forwarder needs: a domain event → the message to publish, or null to skip it. */
export interface EventMapper {
  map(event: EventEnvelope): TransportMessage | null;
}

export class IntegrationEventMapper implements EventMapper {
  private readonly mappings: readonly IntegrationMapping[];
  private readonly topicPrefix: string;

  constructor(options: MapperOptions = {}) {
    this.mappings = options.mappings ?? defaultMappings();
    this.topicPrefix = options.topicPrefix ?? '';
  }

  topicOf(name: IntegrationEventName): string {
    return `${this.topicPrefix}${IntegrationEventContracts[name].topic}`;
  }

  /** Every topic this mapper can produce to. */
  topics(): string[] {
    return [...new Set(this.mappings.map((m) => this.topicOf(m.name)))];
  }

  /** The integration message for a domain event, or null when the event is private to its service. */
  map(event: EventEnvelope): TransportMessage | null {
    const mapping = this.mappings.find((m) => m.matches(event.type));
    if (!mapping) return null;
    const body = mapping.toBody(event) as IntegrationEventBody & { caseId?: string };
    const caseId = body.caseId;
    if (!caseId) throw new IntegrationMappingError(`${event.type} has no caseId`, event.eventId);
    assertSafeKey(caseId, event.eventId);
    const integrationEvent = {
      ...body,
      header: eventHeaderOf(event, caseId),
    } as IntegrationEvent;
    const contract = IntegrationEventContracts[mapping.name];
    return {
      topic: this.topicOf(mapping.name),
      key: caseId,
      value: encodeIntegrationEvent(mapping.name, integrationEvent as never),
      headers: transportHeadersOf(event, contract.schema.typeName),
    };
  }
}

/** Field 1 of every integration message: the identity of the domain event it came from. */
export function eventHeaderOf(event: EventEnvelope, caseId: string) {
  return {
    eventId: event.eventId,
    sourceType: event.type,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    recordedAt: event.recordedAt,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? '',
    schemaVersion: event.metadata.schemaVersion ?? 1,
    caseId,
  };
}

/** The Kafka headers of a message: routing needs no decoding of the value. */
export function transportHeadersOf(event: EventEnvelope, typeName: string): TransportMessage['headers'] {
  return {
    type: typeName,
    eventId: event.eventId,
    schemaVersion: String(event.metadata.schemaVersion ?? 1),
    correlationId: event.metadata.correlationId,
    ...(event.metadata.causationId ? { causationId: event.metadata.causationId } : {}),
    sourceType: event.type,
    contentType: PROTOBUF_CONTENT_TYPE,
    // W3C trace context recorded in the metadata (tracing on), so one case's path is one trace.
    ...traceHeadersOf(event.metadata),
  };
}

const INT64 = new Set<ScalarType>([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);

/**
 * The default mapping: domain and integration events share their vocabulary, so a domain event
 * `<namespace>.<Name>.v<n>` (e.g. `dibao.CaseApproved.v1`) maps to integration event `<Name>` field
 * by field, by name. Conventions the domain side keeps: `*Json` fields come from the field without
 * the suffix, as canonical JSON (`facts` → `factsJson`); amounts may be kernel Money (`{ fen }`);
 * `caseId` falls back to the `case-<id>` stream; `benefit` to the namespace when it is a benefit id
 * (shipped, or registered as a module in this process).
 * A service whose events differ registers its own mapping instead.
 */
export function byNameMapping<N extends IntegrationEventName>(name: N): IntegrationMapping<N> {
  const pattern = new RegExp(`^[a-z][a-z0-9-]*\\.${name}\\.v\\d+$`);
  const schema: DescMessage = IntegrationEventContracts[name].schema;
  return {
    name,
    matches: (type) => pattern.test(type),
    toBody: (event) => {
      const data = (event.data ?? {}) as Record<string, unknown>;
      const body = pick(schema, data, event.eventId);
      if (schema.field.caseId && !body.caseId && event.streamId.startsWith('case-')) body.caseId = event.streamId.slice('case-'.length);
      const namespace = event.type.split('.')[0];
      if (schema.field.benefit && !body.benefit && isBenefitId(namespace)) body.benefit = namespace;
      return body as IntegrationEventBody<N>;
    },
  };
}

function pick(schema: DescMessage, data: Record<string, unknown>, eventId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) {
    if (field.localName === 'header') continue;
    const value = valueFor(field, data, eventId);
    if (value !== undefined) out[field.localName] = value;
  }
  return out;
}

function valueFor(field: DescField, data: Record<string, unknown>, eventId: string): unknown {
  const name = field.localName;
  if (field.fieldKind === 'scalar' && field.scalar === ScalarType.STRING && name.endsWith('Json') && data[name] === undefined) {
    const source = data[name.slice(0, -'Json'.length)];
    return source === undefined ? undefined : canonicalJson(source);
  }
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (field.fieldKind === 'scalar' && INT64.has(field.scalar)) return fen(value);
  if (field.fieldKind === 'message') return pick(field.message, value as Record<string, unknown>, eventId);
  if (field.fieldKind === 'list') {
    if (!Array.isArray(value)) throw new IntegrationMappingError(`${name} must be a list`, eventId);
    if (field.listKind === 'message') return value.map((item) => pick(field.message, item as Record<string, unknown>, eventId));
    if (field.listKind === 'scalar' && INT64.has(field.scalar)) return value.map(fen);
  }
  return value;
}

/** Kernel Money (`{ fen }`) or a plain integer. */
function fen(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'fen' in value) return (value as { fen: unknown }).fen;
  return value;
}

export function defaultMappings(): IntegrationMapping[] {
  // StoredEvent is the audit replication's envelope (replication.ts), never mapped from a domain event.
  return (Object.keys(IntegrationEventContracts) as IntegrationEventName[]).filter((name) => name !== 'StoredEvent').map((name) => byNameMapping(name));
}
