import { periodKey, type EventEnvelope, type Period } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import {
  ENTITLEMENT_RESUMED,
  ENTITLEMENT_SCHEDULE_RECEIVED,
  ENTITLEMENT_SUSPENDED,
  PAYMENT_CREATED,
  isSuspended,
  suspendedSpans,
  type BenefitId,
  type PaymentCreatedData,
  type PaymentKind,
  type PaymentStatusChangeData,
  type PaymentStatusChangeRecord,
  type ScheduleReceivedData,
  type SuspendedSpan,
} from '../entitlements/entitlement';

/**
 * What a payment run needs, without reading the log: per case, its current schedule, the run keys
 * its lines fall in and what has been paid per (beneficiary, period); per payment, one document to
 * list a run's payments by. One projection, two collections, so a payment and the case summary it
 * changes commit together.
 *
 * A run of (benefit, division, month) asks for the cases whose current schedule has a line in the
 * month (`runKeys`) and, separately, the cases with an arrears/recovery difference not settled yet
 * (`pending`) — both indexed queries whose cost follows the division's caseload, not the log.
 */
export const ENTITLEMENTS_PROJECTION = 'disbursement.entitlements';

/**
 * Queries go through one scalar index each, whatever the planner knows of the data: `scope`
 * (`<benefit>|<division>`) narrows a run to its division before the `runKeys` element test, and
 * `pendingScope` is the scope only while an adjustment is pending.
 */
export const CASE_ENTITLEMENTS: CollectionSchema = {
  name: 'disb-case-entitlements',
  fields: { scope: 'string', pendingScope: 'string?', runKeys: 'string[]' },
};

export const runScope = (benefit: string, divisionCode: string) => `${benefit}|${divisionCode}`;

export const PAYMENTS: CollectionSchema = {
  name: 'disb-payments',
  fields: { caseId: 'string', runId: 'string?', benefit: 'string', divisionCode: 'string', runPeriod: 'string' },
};

/** What has been paid for one beneficiary and period of a case. */
export interface PaidPeriod {
  /** Regular + arrears − recovery, in fen. */
  net: number;
  regular: boolean;
  /** The highest schedule version any payment of the period was made under. */
  lastVersion: number;
  /** The payment streams counted (a redelivered event is recognised and not counted twice). */
  streams: string[];
}

export interface CaseEntitlementDoc {
  [key: string]: unknown;
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  schedule: ScheduleReceivedData | null;
  scheduleVersion: number;
  /** The event that recorded the current schedule: the causation of the payments made from it. */
  lastScheduleEventId: string | null;
  /** The run keys of the schedule's lines that are not suspended (停发): a run never finds a suspended month. */
  runKeys: string[];
  /** 停发 / 恢复 recorded for the case, in order (absent on documents from before they existed). */
  statusChanges?: PaymentStatusChangeRecord[];
  /** The months suspended, derived from statusChanges (for reading; the runKeys already leave them out). */
  suspended?: SuspendedSpan[];
  paid: Record<string, PaidPeriod>;
  /** A period already paid whose net differs from what the current schedule says is due. */
  pending: boolean;
  scope: string;
  /** `scope` while `pending`, else absent. */
  pendingScope?: string;
}

export interface PaymentDoc extends PaymentCreatedData {
  [key: string]: unknown;
  runId?: string;
  createdAt: string;
}

export const paidKey = (personRef: string, key: string) => `${personRef}|${key}`;

/** The run a period is paid in: `yyyy-mm` for months and dated grants, `yyyy` for yearly periods. */
export function runKeyOf(period: Period): string {
  switch (period.kind) {
    case 'month':
      return period.month;
    case 'year':
      return String(period.year);
    case 'oneOff':
    case 'instalment':
      return period.date.slice(0, 7);
  }
}

/** Same rule as `adjustmentsDue`: a paid period whose net differs from the current schedule and was last paid under an older one. */
export function hasPendingAdjustment(doc: Pick<CaseEntitlementDoc, 'schedule' | 'paid'>): boolean {
  const schedule = doc.schedule;
  if (!schedule) return false;
  const due = new Map(schedule.lines.map((l) => [paidKey(l.personRef, periodKey(l.period)), l.amount.fen]));
  return Object.entries(doc.paid).some(([key, p]) => p.regular && p.lastVersion < schedule.scheduleVersion && p.net !== (due.get(key) ?? 0));
}

function emptyDoc(caseId: string, benefit: BenefitId, divisionCode: string): CaseEntitlementDoc {
  return { caseId, benefit, divisionCode, scope: runScope(benefit, divisionCode), schedule: null, scheduleVersion: 0, lastScheduleEventId: null, runKeys: [], paid: {}, pending: false };
}

/** The derived query keys, from the rest of the document. */
function keyed(doc: CaseEntitlementDoc): CaseEntitlementDoc {
  const pending = hasPendingAdjustment(doc);
  const { pendingScope: _old, ...rest } = doc;
  const scope = runScope(doc.benefit, doc.divisionCode);
  return { ...rest, scope, pending, ...(pending ? { pendingScope: scope } : {}) };
}

/**
 * The run keys of the schedule's lines, less the suspended ones. Suspension is by case, so every
 * line of a run key is suspended or none is (see `suspensionMonthOf`): leaving the key out is the
 * same as the decider filtering the lines, and a run never loads the case for a suspended month.
 */
export function runKeysOf(schedule: ScheduleReceivedData | null, changes: readonly PaymentStatusChangeRecord[] | undefined): string[] {
  if (!schedule) return [];
  const spans = suspendedSpans(changes);
  return [...new Set(schedule.lines.filter((l) => !isSuspended(l.period, spans)).map((l) => runKeyOf(l.period)))].sort();
}

/** Pure: the case document after a 停发 or 恢复 was recorded. The same source event again changes nothing. */
export function withStatusChange(doc: CaseEntitlementDoc | null, kind: PaymentStatusChangeRecord['kind'], change: PaymentStatusChangeData): CaseEntitlementDoc {
  const base = doc ?? emptyDoc(change.caseId, change.benefit, change.divisionCode);
  const before = base.statusChanges ?? [];
  if (before.some((c) => c.change.sourceEventId === change.sourceEventId)) return base;
  const statusChanges = [...before, { kind, change }];
  return keyed({ ...base, statusChanges, suspended: suspendedSpans(statusChanges), runKeys: runKeysOf(base.schedule, statusChanges) });
}

/** Pure: the case document after a schedule was recorded. Older or repeated schedules change nothing. */
export function withSchedule(doc: CaseEntitlementDoc | null, schedule: ScheduleReceivedData, eventId: string): CaseEntitlementDoc {
  const base = doc ?? emptyDoc(schedule.caseId, schedule.benefit, schedule.divisionCode);
  if (base.scheduleVersion >= schedule.scheduleVersion) return base;
  const next: CaseEntitlementDoc = {
    ...base,
    benefit: schedule.benefit,
    divisionCode: schedule.divisionCode,
    schedule,
    scheduleVersion: schedule.scheduleVersion,
    lastScheduleEventId: eventId,
    runKeys: runKeysOf(schedule, base.statusChanges),
  };
  return keyed(next);
}

/** Pure: the case document after a payment was created. A payment already counted changes nothing. */
export function withPayment(doc: CaseEntitlementDoc | null, payment: PaymentCreatedData): CaseEntitlementDoc {
  const base = doc ?? emptyDoc(payment.caseId, payment.benefit, payment.divisionCode);
  const key = paidKey(payment.personRef, payment.periodKey);
  const before = base.paid[key] ?? { net: 0, regular: false, lastVersion: 0, streams: [] };
  if (before.streams.includes(payment.paymentStreamId)) return base;
  const kind: PaymentKind = payment.kind ?? 'regular';
  const after: PaidPeriod = {
    net: before.net + (kind === 'recovery' ? -payment.amount.fen : payment.amount.fen),
    regular: before.regular || kind === 'regular',
    lastVersion: Math.max(before.lastVersion, payment.schedule.version),
    streams: [...before.streams, payment.paymentStreamId],
  };
  return keyed({ ...base, paid: { ...base.paid, [key]: after } });
}

export function entitlementsProjection(): Projection {
  return {
    name: ENTITLEMENTS_PROJECTION,
    collections: [CASE_ENTITLEMENTS, PAYMENTS],
    handles: (event) =>
      ((event.type === ENTITLEMENT_SCHEDULE_RECEIVED || event.type === ENTITLEMENT_SUSPENDED || event.type === ENTITLEMENT_RESUMED) && event.streamId.startsWith('entitlement-')) ||
      (event.type === PAYMENT_CREATED && event.streamId.startsWith('payment-')),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const cases = session.collection<CaseEntitlementDoc>(CASE_ENTITLEMENTS);
      if (event.type === ENTITLEMENT_SCHEDULE_RECEIVED) {
        const schedule = event.data as ScheduleReceivedData;
        const before = await cases.get(schedule.caseId);
        const after = withSchedule(before, schedule, event.eventId);
        if (after !== before) await cases.upsert(schedule.caseId, after);
        return;
      }
      if (event.type === ENTITLEMENT_SUSPENDED || event.type === ENTITLEMENT_RESUMED) {
        const change = event.data as PaymentStatusChangeData;
        const before = await cases.get(change.caseId);
        const after = withStatusChange(before, event.type === ENTITLEMENT_SUSPENDED ? 'suspended' : 'resumed', change);
        if (after !== before) await cases.upsert(change.caseId, after);
        return;
      }
      const payment = event.data as PaymentCreatedData & { runId?: string };
      // A payment event without what a run records (hand-written, or from before these fields) is
      // kept out of the model rather than allowed to stop it.
      if (!isCompletePayment(payment)) return;
      const before = await cases.get(payment.caseId);
      const after = withPayment(before, payment);
      if (after !== before) await cases.upsert(payment.caseId, after);
      await session.collection<PaymentDoc>(PAYMENTS).upsert(payment.paymentStreamId, { ...payment, createdAt: event.recordedAt });
    },
  };
}

function isCompletePayment(p: Partial<PaymentCreatedData>): p is PaymentCreatedData {
  return (
    typeof p.caseId === 'string' &&
    typeof p.personRef === 'string' &&
    typeof p.periodKey === 'string' &&
    typeof p.benefit === 'string' &&
    typeof p.divisionCode === 'string' &&
    typeof p.runPeriod === 'string' &&
    typeof p.amount?.fen === 'number' &&
    typeof p.schedule?.version === 'number'
  );
}
