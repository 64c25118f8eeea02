import { verifyChain, type Actor, type EventEnvelope } from '@benefits/kernel';

/**
 * 案件历史 (case history) as an auditor reads it: the case's events in order with who recorded
 * them, when, and from when they take effect; and for every payment of the case, the chain of
 * references back to the standard clause the amount rests on:
 *   payment → schedule version → determinationId → standardRef {standardId, versionId, itemNo, contentHash}
 *   → the determination's own trace, when its stream is in the store.
 * Everything here is a pure function of events already read; reading them is case-history.reader.ts.
 */

/** Event types of other services that audit reads. Type names are stable strings, not imports. */
export const PAYMENT_CREATED = 'disbursement.PaymentCreated.v1';
export const ENTITLEMENT_SCHEDULE_RECEIVED = 'disbursement.EntitlementScheduleReceived.v1';

export type ChainStatus =
  | { intact: true; length: number; head: string }
  | { intact: false; length: number; brokenAt: number; reason: 'prevHash' | 'hash' | 'revision' };

export interface TimelineEntry {
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  position: string;
  actor: Actor | null;
  /** Business time (bitemporal): from `data.effectiveFrom` / `data.effectiveTo` where the event has them. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  correlationId: string;
  causationId: string | null;
  /** False from the first revision whose hash link does not verify onwards. */
  chainIntact: boolean;
}

export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

export interface ScheduleTrace {
  streamId: string;
  version: number;
  revision: number;
  eventId: string;
  recordedAt: string;
  determinationId: string;
  effectiveFrom: string | null;
  standardRef: StandardRef | null;
  chainIntact: boolean;
}

export interface DeterminationTrace {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  basedOnCaseRevision: number | null;
  standardRef: StandardRef | null;
  rulesetVersion: string | null;
  /** The rule engine's explanation as recorded (formula, parameters, facts), unchanged. */
  trace: unknown;
  chainIntact: boolean;
}

export interface PaymentHistory {
  paymentStreamId: string;
  personRef: string | null;
  benefit: string | null;
  periodKey: string | null;
  period: unknown;
  amount: { fen: number } | null;
  createdAt: string;
  createdBy: Actor | null;
  events: { revision: number; type: string; recordedAt: string }[];
  chain: ChainStatus;
  trace: {
    determinationId: string | null;
    standardRef: StandardRef | null;
    schedule: ScheduleTrace | null;
    determination: DeterminationTrace | null;
    /** Whether the schedule and determination found cite the same determination and clause as the payment; null when neither was found. */
    consistent: boolean | null;
  };
}

export function chainStatus(events: readonly EventEnvelope[]): ChainStatus {
  const verdict = verifyChain(events);
  return verdict.ok
    ? { intact: true, length: verdict.length, head: verdict.head }
    : { intact: false, length: events.length, brokenAt: verdict.brokenAt, reason: verdict.reason };
}

const intactAt = (chain: ChainStatus, revision: number) => chain.intact || revision < chain.brokenAt;

export function timelineOf(events: readonly EventEnvelope[]): { chain: ChainStatus; timeline: TimelineEntry[] } {
  const chain = chainStatus(events);
  const timeline = events.map((event) => ({
    revision: event.streamRevision,
    eventId: event.eventId,
    type: event.type,
    recordedAt: event.recordedAt,
    position: event.position,
    actor: event.metadata.actor ?? null,
    effectiveFrom: stringField(event.data, 'effectiveFrom'),
    effectiveTo: stringField(event.data, 'effectiveTo'),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? null,
    chainIntact: intactAt(chain, event.streamRevision),
  }));
  return { chain, timeline };
}

/**
 * One payment and its trace. `scheduleStream` is the entitlement stream the payment names;
 * `determinationEvents` are the events of the streams where the determination may be recorded.
 */
export function paymentHistoryOf(
  paymentEvents: readonly EventEnvelope[],
  scheduleStream: readonly EventEnvelope[],
  determinationStreams: readonly (readonly EventEnvelope[])[],
): PaymentHistory | null {
  const created = paymentEvents.find((e) => e.type === PAYMENT_CREATED);
  if (!created) return null;
  const data = asRecord(created.data);
  const determinationId = stringField(data, 'determinationId');
  const standardRef = standardRefOf(data.standardRef);
  const schedule = scheduleTraceOf(data.schedule, scheduleStream);
  const determination = determinationId ? determinationTraceOf(determinationId, determinationStreams) : null;
  const cited = [schedule?.standardRef, determination?.standardRef].filter((ref): ref is StandardRef => Boolean(ref));
  const consistent =
    standardRef && cited.length > 0
      ? cited.every((ref) => sameRef(ref, standardRef)) && (schedule === null || schedule.determinationId === determinationId)
      : null;
  const amount = asRecord(data.amount);
  return {
    paymentStreamId: created.streamId,
    personRef: stringField(data, 'personRef'),
    benefit: stringField(data, 'benefit'),
    periodKey: stringField(data, 'periodKey'),
    period: data.period ?? null,
    amount: typeof amount.fen === 'number' ? { fen: amount.fen } : null,
    createdAt: created.recordedAt,
    createdBy: created.metadata.actor ?? null,
    events: paymentEvents.map((e) => ({ revision: e.streamRevision, type: e.type, recordedAt: e.recordedAt })),
    chain: chainStatus(paymentEvents),
    trace: { determinationId, standardRef, schedule, determination, consistent },
  };
}

function scheduleTraceOf(reference: unknown, stream: readonly EventEnvelope[]): ScheduleTrace | null {
  const ref = asRecord(reference);
  if (typeof ref.streamId !== 'string' || typeof ref.version !== 'number') return null;
  const chain = chainStatus(stream);
  const event = stream.find((e) => e.type === ENTITLEMENT_SCHEDULE_RECEIVED && asRecord(e.data).scheduleVersion === ref.version);
  if (!event) return null;
  const data = asRecord(event.data);
  return {
    streamId: event.streamId,
    version: ref.version,
    revision: event.streamRevision,
    eventId: event.eventId,
    recordedAt: event.recordedAt,
    determinationId: stringField(data, 'determinationId') ?? '',
    effectiveFrom: stringField(data, 'effectiveFrom'),
    standardRef: standardRefOf(data.standardRef),
    chainIntact: intactAt(chain, event.streamRevision),
  };
}

function determinationTraceOf(determinationId: string, streams: readonly (readonly EventEnvelope[])[]): DeterminationTrace | null {
  for (const stream of streams) {
    const event = stream.find((e) => asRecord(e.data).determinationId === determinationId);
    if (!event) continue;
    const data = asRecord(event.data);
    const chain = chainStatus(stream);
    return {
      streamId: event.streamId,
      revision: event.streamRevision,
      eventId: event.eventId,
      type: event.type,
      recordedAt: event.recordedAt,
      basedOnCaseRevision: typeof data.basedOnCaseRevision === 'number' ? data.basedOnCaseRevision : null,
      standardRef: standardRefOf(data.standardRef),
      rulesetVersion: stringField(data, 'rulesetVersion'),
      trace: data.trace ?? null,
      chainIntact: intactAt(chain, event.streamRevision),
    };
  }
  return null;
}

function standardRefOf(value: unknown): StandardRef | null {
  const ref = asRecord(value);
  const fields = ['standardId', 'versionId', 'itemNo', 'contentHash'] as const;
  if (!fields.every((f) => typeof ref[f] === 'string')) return null;
  return { standardId: ref.standardId as string, versionId: ref.versionId as string, itemNo: ref.itemNo as string, contentHash: ref.contentHash as string };
}

function sameRef(a: StandardRef, b: StandardRef): boolean {
  return a.standardId === b.standardId && a.versionId === b.versionId && a.itemNo === b.itemNo && a.contentHash === b.contentHash;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringField(value: unknown, field: string): string | null {
  const v = asRecord(value)[field];
  return typeof v === 'string' ? v : null;
}
