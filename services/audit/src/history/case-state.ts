import { LocalDate, type EventEnvelope } from '@benefits/kernel';
import { benefitOfType } from '../benefit-of-type';

/**
 * 案件状态重建 (reconstructed case state): a small, generic fold of a case's events as an auditor
 * reads them — not the applications service's deciders (audit reads other services' events by
 * their stable type names and tolerates missing fields). Pure functions of events already read.
 *
 * - status: from the lifecycle events of the three benefits (table below), in the order recorded;
 *   an event type not in the table leaves the status as it was;
 * - payment suspended: from `<benefit>.PaymentSuspended.v1` / `PaymentResumed.v1`;
 * - the approved determination: `determinationId` of the last `<benefit>.CaseApproved.v1`;
 * - facts, latest by kind: every `<benefit>.FactRecorded.v1` record (subject, fact kind, value,
 *   effectiveFrom, supersedes) and every income line of 低保's `FinancialCheckRecorded.v1` /
 *   `CircumstancesChanged.v1`. Per key (subject + kind; incomes per source and month, assets per
 *   kind and label, as applications keys them) the record in force is the one with the latest
 *   `effectiveFrom` on or before the date asked (of two with the same date, the one recorded later:
 *   the latest recorded correction for that effective date). A correction naming the record it
 *   supersedes removes that record once the correction is known, as applications folds them.
 *
 * Which events are folded (known by then, effective by the date) is decided by the caller: see
 * `effectiveDateOf` and case-history.reader.ts.
 */

export interface CaseFact {
  /** Which records are alternatives of one another (see above). */
  key: string;
  /** A member's personRef, or `household`. */
  subject: string;
  kind: string;
  /** The fact as recorded (sealed personal data left out). */
  value: unknown;
  effectiveFrom: string;
  factId: string | null;
  /** Stream revision and recorded time of the event that recorded it. */
  revision: number;
  recordedAt: string;
}

export interface CaseState {
  benefit: string | null;
  divisionCode: string | null;
  /** The benefit's own status name (e.g. 特扶 draft/submitted/active/rejected/terminated; 低保 applied…exited); null before any lifecycle event. */
  status: string | null;
  /** effectiveFrom (or business date recorded) and revision of the event that set the status. */
  statusSince: string | null;
  statusRevision: number | null;
  paymentSuspended: boolean;
  /** The determination of the last approval (审核确认), if any. */
  approvedDeterminationId: string | null;
  /** Facts in force on the state's date, ordered by key. */
  facts: CaseFact[];
}

type StatusRule = string | ((data: Record<string, unknown>) => string | null);

/** Lifecycle event → status, per benefit (the deciders' status names). */
const STATUS_BY_TYPE: Readonly<Record<string, StatusRule>> = {
  'tefu.CaseCreated.v1': 'draft',
  'tefu.ApplicationSubmitted.v1': 'submitted',
  'tefu.CaseApproved.v1': 'active',
  'tefu.CaseRejected.v1': 'rejected',
  'tefu.CaseTerminated.v1': 'terminated',
  'dibao.ApplicationSubmitted.v1': 'applied',
  'dibao.ApplicationAccepted.v1': 'accepted',
  'dibao.FinancialCheckRecorded.v1': 'checked',
  'dibao.HomeVisitConducted.v1': 'visited',
  'dibao.CommunityReviewHeld.v1': 'reviewed',
  'dibao.PublicNoticePosted.v1': 'publicNotice',
  'dibao.PublicNoticeObjectionResolved.v1': (d) => (d.outcome === 'upheld' ? 'checked' : null),
  'dibao.CaseApproved.v1': 'active',
  'dibao.CaseRejected.v1': 'rejected',
  'dibao.PaymentSuspended.v1': 'suspended',
  'dibao.PaymentResumed.v1': 'active',
  'dibao.CaseExited.v1': 'exited',
  'linshi.ApplicationSubmitted.v1': 'submitted',
  'linshi.AdvanceAidGranted.v1': 'advanceAided',
  'linshi.CaseApproved.v1': (d) => (d.advanceAid ? 'advanceAided' : 'approved'),
  'linshi.AdvanceAidPaperworkCompleted.v1': 'approved',
  'linshi.CaseRejected.v1': 'rejected',
};

/** Event types whose status rule the fold knows (documented in docs/audit/replay.md). */
export const LIFECYCLE_EVENT_TYPES: readonly string[] = Object.keys(STATUS_BY_TYPE);

const SEALED_FIELDS = new Set(['account', 'personalData']);

/**
 * The business date from which an event counts: its `data.effectiveFrom` when it has a valid one,
 * else the Asia/Shanghai date it was recorded on (an event without a business date takes effect
 * when recorded).
 */
export function effectiveDateOf(event: Pick<EventEnvelope, 'data' | 'recordedAt'>): string {
  const from = asRecord(event.data).effectiveFrom;
  if (typeof from === 'string' && LocalDate.isValid(from)) return from;
  return LocalDate.ofInstant(event.recordedAt).toString();
}

/** Whether the event counts as effective on `date` (yyyy-mm-dd); every event when `date` is null. */
export function isEffectiveOn(event: Pick<EventEnvelope, 'data' | 'recordedAt'>, date: string | null): boolean {
  return date === null || effectiveDateOf(event) <= date;
}

export function emptyCaseState(): CaseState {
  return { benefit: null, divisionCode: null, status: null, statusSince: null, statusRevision: null, paymentSuspended: false, approvedDeterminationId: null, facts: [] };
}

/**
 * Folds `events` (the case stream's, in stream order, already limited to those known and
 * effective) into the case state; facts in force on `date` (null: the latest effective date of
 * each key, i.e. everything folded).
 */
export function caseStateOf(events: readonly EventEnvelope[], date: string | null): CaseState {
  return stateFromRecords(foldEvents(events), date);
}

/**
 * The state after each event: entry i folds events[0..i] that `counts` accepts (the state stays as
 * it was after an event that does not count). Linear in the events, plus the facts selection.
 */
export function caseStatesAfterEach(events: readonly EventEnvelope[], counts: (event: EventEnvelope) => boolean, date: string | null): CaseState[] {
  const acc = newAccumulator();
  const out: CaseState[] = [];
  let last: CaseState = emptyCaseState();
  for (const event of events) {
    if (counts(event)) {
      step(acc, event);
      last = stateFromRecords(acc, date);
    }
    out.push(last);
  }
  return out;
}

interface Accumulator {
  state: Omit<CaseState, 'facts'>;
  records: (CaseFact & { supersedes: string | null })[];
}

function newAccumulator(): Accumulator {
  const { facts: _facts, ...state } = emptyCaseState();
  return { state, records: [] };
}

function foldEvents(events: readonly EventEnvelope[]): Accumulator {
  const acc = newAccumulator();
  for (const event of events) step(acc, event);
  return acc;
}

function step(acc: Accumulator, event: EventEnvelope): void {
  const data = asRecord(event.data);
  const s = acc.state;
  if (s.benefit === null && typeof data.benefit === 'string') s.benefit = data.benefit;
  if (s.benefit === null) s.benefit = benefitOfType(event.type);
  if (s.divisionCode === null && typeof data.divisionCode === 'string') s.divisionCode = data.divisionCode;
  const rule = STATUS_BY_TYPE[event.type];
  const status = typeof rule === 'function' ? rule(data) : (rule ?? null);
  if (status !== null) {
    s.status = status;
    s.statusSince = effectiveDateOf(event);
    s.statusRevision = event.streamRevision;
  }
  if (/\.PaymentSuspended\.v1$/.test(event.type)) s.paymentSuspended = true;
  if (/\.PaymentResumed\.v1$/.test(event.type)) s.paymentSuspended = false;
  if (/\.CaseApproved\.v1$/.test(event.type) && typeof data.determinationId === 'string') s.approvedDeterminationId = data.determinationId;
  acc.records.push(...factRecordsOf(event));
}

function factRecordsOf(event: EventEnvelope): (CaseFact & { supersedes: string | null })[] {
  const data = asRecord(event.data);
  const base = { revision: event.streamRevision, recordedAt: event.recordedAt };
  if (/\.FactRecorded\.v1$/.test(event.type)) {
    const fact = asRecord(data.fact);
    if (typeof data.subject !== 'string' || typeof fact.kind !== 'string' || typeof data.effectiveFrom !== 'string') return [];
    return [
      {
        key: factKey(data.subject, fact),
        subject: data.subject,
        kind: fact.kind,
        value: withoutSealed(fact),
        effectiveFrom: data.effectiveFrom,
        factId: typeof data.factId === 'string' ? data.factId : null,
        supersedes: typeof data.supersedes === 'string' ? data.supersedes : null,
        ...base,
      },
    ];
  }
  if ((event.type === 'dibao.FinancialCheckRecorded.v1' || event.type === 'dibao.CircumstancesChanged.v1') && Array.isArray(data.incomes)) {
    const effectiveFrom = effectiveDateOf(event);
    return data.incomes.flatMap((line: unknown) => {
      const income = asRecord(line);
      if (typeof income.personRef !== 'string') return [];
      const fact = { kind: 'income', source: income.source, month: income.month, amountFen: income.amountFen };
      return [{ key: factKey(income.personRef, fact), subject: income.personRef, kind: 'income', value: fact, effectiveFrom, factId: null, supersedes: null, ...base }];
    });
  }
  return [];
}

function stateFromRecords(acc: Accumulator, date: string | null): CaseState {
  const superseded = new Set(acc.records.map((r) => r.supersedes).filter((id): id is string => id !== null));
  const byKey = new Map<string, CaseFact>();
  for (const { supersedes: _s, ...record } of acc.records) {
    if (record.factId !== null && superseded.has(record.factId)) continue;
    if (date !== null && record.effectiveFrom > date) continue;
    const held = byKey.get(record.key);
    // Later effectiveFrom wins; the same date: the one recorded later (records arrive in stream order).
    if (!held || record.effectiveFrom >= held.effectiveFrom) byKey.set(record.key, record);
  }
  const facts = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...acc.state, facts };
}

function factKey(subject: string, fact: Record<string, unknown>): string {
  switch (fact.kind) {
    case 'income':
      return `${subject}|income|${String(fact.source)}|${String(fact.month)}`;
    case 'asset':
      return `${subject}|asset|${String(fact.assetKind)}|${String(fact.label)}`;
    default:
      return `${subject}|${String(fact.kind)}`;
  }
}

function withoutSealed(fact: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fact).filter(([k]) => !SEALED_FIELDS.has(k)));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
