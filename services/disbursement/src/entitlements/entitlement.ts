import { isBenefitId } from '@benefits/standards';
import {
  assertNever,
  canonicalJson,
  periodKey,
  type Command,
  type CommandMetadata,
  type Decider,
  type DomainEvent,
  type MonthPeriod,
  type YearPeriod,
  type MoneyJson,
  type Period,
} from '@benefits/kernel';
import { DisbursementErrors } from '../disbursement.errors';
import { SuspensionErrors } from './suspension.errors';
import { paymentStreamId } from '../payments/payment-id';

/**
 * 待遇发放计划 (entitlement schedule): what each beneficiary of a case is due per benefit period, as
 * issued by eligibility with the determination it rests on. One stream per case,
 * `entitlement-<caseId>`, owned by disbursement.
 *
 * A schedule is a complete snapshot (integration events carry full snapshots, not deltas): the
 * latest one recorded for a case replaces the earlier ones. What was already paid under an earlier
 * schedule stays paid; the difference is arrears or overpayment (补发 / 追缴), handled separately.
 * 停发 / 恢复 recorded on the same stream stop regular payments for the months suspended
 * (`suspendedSpans`); they change no schedule and create no adjustment.
 */

export const BENEFITS = ['tefu', 'dibao', 'linshi'] as const;
export type BenefitId = (typeof BENEFITS)[number];

/**
 * A benefit disbursement pays: the shipped three, or one registered as a module in this process
 * (ADR 0019; its schedules are paid like any periodic or one-off schedule).
 */
export function isDisbursedBenefit(value: unknown): value is BenefitId {
  return isBenefitId(value);
}

/** The published standard, version and item (clause) an amount rests on; contentHash pins the item text. */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

export interface ScheduleLine {
  /** A personRef (random UUID); personal data stays in the identity vault. */
  personRef: string;
  period: Period;
  amount: MoneyJson;
}

export interface EntitlementSchedule {
  caseId: string;
  determinationId: string;
  /**
   * Eligibility's schedule id, when the schedule came from eligibility. A redetermination cites a new
   * determination; a horizon extension cites the same determination with a new schedule id, so
   * redelivery is recognised by the schedule id when there is one, else by the determination.
   */
  scheduleId?: string;
  benefit: BenefitId;
  divisionCode: string;
  /** yyyy-mm-dd: from when the determination applies. */
  effectiveFrom: string;
  standardRef: StandardRef;
  lines: ScheduleLine[];
}

export const ENTITLEMENT_SCHEDULE_RECEIVED = 'disbursement.EntitlementScheduleReceived.v1';
export const PAYMENT_CREATED = 'disbursement.PaymentCreated.v1';

export interface ScheduleReceivedData extends EntitlementSchedule {
  /** 1 for the case's first schedule, then 2, 3, … (停发 / 恢复 events share the stream, so it is not the stream revision + 1). */
  scheduleVersion: number;
  supersedesDeterminationId: string | null;
}

/** `regular`: a period paid by a run; `arrears` (补发) / `recovery` (追缴): a superseding schedule changed a period already paid. */
export type PaymentKind = 'regular' | 'arrears' | 'recovery';

export interface PaymentCreatedData {
  paymentStreamId: string;
  /** Absent on payments recorded before adjustments existed: those are regular. */
  kind?: PaymentKind;
  caseId: string;
  personRef: string;
  benefit: BenefitId;
  divisionCode: string;
  period: Period;
  periodKey: string;
  amount: MoneyJson;
  /** The run (发放批次) that created the payment: benefit, division and month. */
  runPeriod: string;
  determinationId: string;
  standardRef: StandardRef;
  /** Which recorded schedule the amount was taken from. */
  schedule: { streamId: string; version: number };
  /** Arrears and recovery: what had been paid for the period, what the schedule now says is due, and the schedule the period was last paid under. */
  adjusts?: { paidFen: number; dueFen: number; previousSchedule: { streamId: string; version: number } };
}

export type ScheduleReceived = DomainEvent<typeof ENTITLEMENT_SCHEDULE_RECEIVED, ScheduleReceivedData>;
export type PaymentCreated = DomainEvent<typeof PAYMENT_CREATED, PaymentCreatedData>;

export const ENTITLEMENT_SUSPENDED = 'disbursement.EntitlementSuspended.v1';
export const ENTITLEMENT_RESUMED = 'disbursement.EntitlementResumed.v1';

/**
 * 停发 / 恢复 as applications recorded it for an active 低保 or 特扶 case (integration events
 * `PaymentSuspended` / `PaymentResumed`). Payment stops (or restarts) from the month containing
 * `effectiveFrom`; see `suspendedSpans`.
 */
export interface PaymentStatusChange {
  caseId: string;
  benefit: BenefitId;
  /** Empty when the publishing event did not carry it (the schedule's division is what runs use). */
  divisionCode: string;
  /** yyyy-mm-dd as recorded by applications. */
  effectiveFrom: string;
  reason: string;
  /** The integration event's id (= the applications domain event's id): each is recorded once. */
  sourceEventId: string;
}

export interface PaymentStatusChangeData extends PaymentStatusChange {
  /** yyyy-mm: the first month the change applies to (the month of effectiveFrom). */
  fromMonth: string;
}

export type EntitlementSuspended = DomainEvent<typeof ENTITLEMENT_SUSPENDED, PaymentStatusChangeData>;
export type EntitlementResumed = DomainEvent<typeof ENTITLEMENT_RESUMED, PaymentStatusChangeData>;

/** PaymentCreated events are not stored in the entitlement stream: each goes to its own payment stream. */
export type EntitlementEvent = ScheduleReceived | PaymentCreated | EntitlementSuspended | EntitlementResumed;

export interface PaymentRun {
  benefit: BenefitId;
  divisionCode: string;
  /** A monthly run (month, one-off and instalment periods dated in it) or a yearly run (year periods: 北京 特扶). */
  period: MonthPeriod | YearPeriod;
}

/** The run's own key: `yyyy-mm` for a monthly run, `yyyy` for a yearly one. */
export function runPeriodKey(period: PaymentRun['period']): string {
  return period.kind === 'month' ? period.month : String(period.year);
}

export type RecordSchedule = Command<'RecordSchedule', EntitlementSchedule, CommandMetadata>;
export type CreatePayments = Command<'CreatePayments', PaymentRun, CommandMetadata>;
export type RecordSuspension = Command<'RecordSuspension', PaymentStatusChange, CommandMetadata>;
export type RecordResumption = Command<'RecordResumption', PaymentStatusChange, CommandMetadata>;
export type EntitlementCommand = RecordSchedule | CreatePayments | RecordSuspension | RecordResumption;

/** A recorded 停发 or 恢复, in stream order. */
export interface PaymentStatusChangeRecord {
  kind: 'suspended' | 'resumed';
  change: PaymentStatusChangeData;
}

/** Months `from` (inclusive) to `until` (exclusive; null while still suspended) in which nothing regular is paid. */
export interface SuspendedSpan {
  from: string;
  until: string | null;
}

export interface EntitlementState {
  schedules: ScheduleReceivedData[];
  /**
   * 停发 / 恢复 in the order recorded. Optional so that a state built from a schedule alone (e.g. a
   * read-model document) is still a state: no changes = never suspended.
   */
  statusChanges?: PaymentStatusChangeRecord[];
}

export function entitlementStreamId(caseId: string): string {
  return `entitlement-${caseId}`;
}

export const entitlementDecider: Decider<EntitlementCommand, EntitlementEvent, EntitlementState> = {
  initialState: () => ({ schedules: [], statusChanges: [] }),

  evolve(state, event) {
    switch (event.type) {
      case ENTITLEMENT_SCHEDULE_RECEIVED:
        return { ...state, schedules: [...state.schedules, event.data] };
      case ENTITLEMENT_SUSPENDED:
        return { ...state, statusChanges: [...(state.statusChanges ?? []), { kind: 'suspended', change: event.data }] };
      case ENTITLEMENT_RESUMED:
        return { ...state, statusChanges: [...(state.statusChanges ?? []), { kind: 'resumed', change: event.data }] };
      case PAYMENT_CREATED:
        // Whether a period was paid is answered by the payment stream's existence, not by this state.
        return state;
      default:
        return assertNever(event, 'entitlement event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RecordSchedule':
        return recordSchedule(command.data, state);
      case 'CreatePayments':
        return paymentsDue(command.data, state);
      case 'RecordSuspension':
        return recordStatusChange('suspended', command.data, state);
      case 'RecordResumption':
        return recordStatusChange('resumed', command.data, state);
      default:
        return assertNever(command, 'entitlement command');
    }
  },
};

/** Idempotent by determinationId: the same schedule delivered again records nothing. */
function recordSchedule(schedule: EntitlementSchedule, state: EntitlementState): ScheduleReceived[] {
  const normalised = normaliseSchedule(schedule);
  const earlier = state.schedules.find((s) => sameIssue(s, schedule));
  if (earlier) {
    if (sameSchedule(earlier, normalised)) return [];
    throw DisbursementErrors.SCHEDULE_CONFLICT({ determinationId: schedule.determinationId, scheduleId: schedule.scheduleId ?? null, scheduleVersion: earlier.scheduleVersion });
  }
  const current = currentSchedule(state);
  if (current && current.benefit !== schedule.benefit) {
    throw DisbursementErrors.BENEFIT_MISMATCH({ caseId: schedule.caseId, recorded: current.benefit, received: schedule.benefit });
  }
  return [
    {
      type: ENTITLEMENT_SCHEDULE_RECEIVED,
      data: {
        ...normalised,
        scheduleVersion: state.schedules.length + 1,
        supersedesDeterminationId: current?.determinationId ?? null,
      },
    },
  ];
}

/**
 * 停发 / 恢复, recorded once per source event (a redelivery records nothing). A suspension while
 * suspended, or a resumption while not suspended, is refused: applications refuses those
 * transitions, so receiving one means the two services disagree, and the case's messages stop
 * (parked) until someone looks. A suspension may arrive before the case's first schedule (the two
 * travel on different topics); it applies to whatever schedule comes.
 */
function recordStatusChange(kind: PaymentStatusChangeRecord['kind'], change: PaymentStatusChange, state: EntitlementState): (EntitlementSuspended | EntitlementResumed)[] {
  const changes = state.statusChanges ?? [];
  if (changes.some((c) => c.change.sourceEventId === change.sourceEventId)) return [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(change.effectiveFrom)) throw SuspensionErrors.INVALID_EFFECTIVE_DATE({ effectiveFrom: change.effectiveFrom });
  const current = currentSchedule(state);
  if (current && current.benefit !== change.benefit) throw DisbursementErrors.BENEFIT_MISMATCH({ caseId: change.caseId, recorded: current.benefit, received: change.benefit });
  const suspended = changes.at(-1)?.kind === 'suspended';
  if (kind === 'suspended' && suspended) throw SuspensionErrors.ALREADY_SUSPENDED({ caseId: change.caseId, since: changes.at(-1)!.change.fromMonth });
  if (kind === 'resumed' && !suspended) throw SuspensionErrors.NOT_SUSPENDED({ caseId: change.caseId });
  const data: PaymentStatusChangeData = { ...change, fromMonth: change.effectiveFrom.slice(0, 7) };
  return [kind === 'suspended' ? { type: ENTITLEMENT_SUSPENDED, data } : { type: ENTITLEMENT_RESUMED, data }];
}

/**
 * The months in which nothing regular is paid: from each suspension's month up to (not including)
 * the next resumption's month. A resumption dated in or before its suspension's month cancels it
 * (an empty span, dropped). Suspended months are not paid back on resumption: only a schedule can
 * make an amount due, and the months stay suspended.
 */
export function suspendedSpans(changes: readonly PaymentStatusChangeRecord[] | undefined): SuspendedSpan[] {
  const spans: SuspendedSpan[] = [];
  let open: string | null = null;
  for (const { kind, change } of changes ?? []) {
    if (kind === 'suspended' && open === null) open = change.fromMonth;
    else if (kind === 'resumed' && open !== null) {
      if (change.fromMonth > open) spans.push({ from: open, until: change.fromMonth });
      open = null;
    }
  }
  if (open !== null) spans.push({ from: open, until: null });
  return spans;
}

/**
 * The month that decides whether a period is suspended: the month itself, the month a one-off grant
 * or instalment is dated in, and for a year (北京 特扶, paid yearly) its January — a yearly amount is
 * not prorated here; a part-year is eligibility's to schedule.
 */
export function suspensionMonthOf(period: Period): string {
  switch (period.kind) {
    case 'month':
      return period.month;
    case 'year':
      return `${String(period.year).padStart(4, '0')}-01`;
    case 'oneOff':
    case 'instalment':
      return period.date.slice(0, 7);
    default:
      return assertNever(period, 'period');
  }
}

export function isSuspended(period: Period, spans: readonly SuspendedSpan[]): boolean {
  const month = suspensionMonthOf(period);
  return spans.some((s) => s.from <= month && (s.until === null || month < s.until));
}

/**
 * What is due in a run: every line of the case's current schedule whose benefit period falls in the
 * run's month — the month itself, or a one-off grant or instalment dated in it — and is not
 * suspended (停发). Yearly periods are paid by yearly runs. A run (发放批次) is for exactly one
 * division, the one whose funds pay it, so a city's run does not take in its counties' cases. Each
 * resulting event names its own payment stream.
 */
function paymentsDue(run: PaymentRun, state: EntitlementState): PaymentCreated[] {
  const schedule = currentSchedule(state);
  if (!schedule || schedule.benefit !== run.benefit || schedule.divisionCode !== run.divisionCode) return [];
  const spans = suspendedSpans(state.statusChanges);
  return schedule.lines
    .filter((line) => fallsInRun(line.period, run.period) && !isSuspended(line.period, spans))
    .map((line) => ({
      type: PAYMENT_CREATED,
      data: {
        paymentStreamId: paymentStreamId(schedule.caseId, line.personRef, line.period),
        caseId: schedule.caseId,
        personRef: line.personRef,
        benefit: schedule.benefit,
        divisionCode: schedule.divisionCode,
        period: line.period,
        kind: 'regular' as const,
        periodKey: periodKey(line.period),
        amount: line.amount,
        runPeriod: runPeriodKey(run.period),
        determinationId: schedule.determinationId,
        standardRef: schedule.standardRef,
        schedule: { streamId: entitlementStreamId(schedule.caseId), version: schedule.scheduleVersion },
      },
    }));
}

/** The same issue of a schedule: by eligibility's schedule id when both have one, else by determination. */
export function sameIssue(recorded: Pick<EntitlementSchedule, 'scheduleId' | 'determinationId'>, received: Pick<EntitlementSchedule, 'scheduleId' | 'determinationId'>): boolean {
  if (recorded.scheduleId && received.scheduleId) return recorded.scheduleId === received.scheduleId;
  return recorded.determinationId === received.determinationId;
}

/** An adjustment is its own stream next to the period's payment, one per schedule version: created once. */
export function adjustmentStreamId(caseId: string, personRef: string, period: Period, scheduleVersion: number): string {
  return `${paymentStreamId(caseId, personRef, period)}-adj${scheduleVersion}`;
}

/**
 * Arrears (补发) and recovery (追缴) due in a run: for every period of the case already paid (a
 * regular payment exists), the net paid so far (regular + arrears − recovery) is compared with what
 * the current schedule says is due for it (nothing, when the period left the schedule). A
 * difference becomes one adjustment, traced to the current schedule and to the schedule the period
 * was last paid under. Its stream id names the current schedule version, so the same difference is
 * never settled twice; a later schedule compares against the net including earlier adjustments.
 */
export function adjustmentsDue(state: EntitlementState, payments: readonly PaymentCreatedData[], run: PaymentRun): PaymentCreated[] {
  const schedule = currentSchedule(state);
  if (!schedule || schedule.benefit !== run.benefit || schedule.divisionCode !== run.divisionCode) return [];
  const byPeriod = new Map<string, PaymentCreatedData[]>();
  for (const p of payments) {
    if (p.caseId !== schedule.caseId) continue;
    const key = `${p.personRef}|${p.periodKey}`;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), p]);
  }
  const out: PaymentCreated[] = [];
  for (const [key, paid] of [...byPeriod].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const regular = paid.find((p) => (p.kind ?? 'regular') === 'regular');
    if (!regular) continue;
    const net = paid.reduce((sum, p) => sum + (p.kind === 'recovery' ? -p.amount.fen : p.amount.fen), 0);
    const line = schedule.lines.find((l) => `${l.personRef}|${periodKey(l.period)}` === key);
    const due = line?.amount.fen ?? 0;
    if (net === due) continue;
    const lastPaid = paid.reduce((a, p) => (p.schedule.version > a.schedule.version ? p : a));
    if (lastPaid.schedule.version >= schedule.scheduleVersion) continue;
    const kind: PaymentKind = due > net ? 'arrears' : 'recovery';
    out.push({
      type: PAYMENT_CREATED,
      data: {
        paymentStreamId: adjustmentStreamId(schedule.caseId, regular.personRef, regular.period, schedule.scheduleVersion),
        kind,
        caseId: schedule.caseId,
        personRef: regular.personRef,
        benefit: schedule.benefit,
        divisionCode: schedule.divisionCode,
        period: regular.period,
        periodKey: regular.periodKey,
        amount: { fen: Math.abs(due - net) },
        runPeriod: runPeriodKey(run.period),
        determinationId: schedule.determinationId,
        standardRef: schedule.standardRef,
        schedule: { streamId: entitlementStreamId(schedule.caseId), version: schedule.scheduleVersion },
        adjusts: { paidFen: net, dueFen: due, previousSchedule: lastPaid.schedule },
      },
    });
  }
  return out;
}

export function currentSchedule(state: EntitlementState): ScheduleReceivedData | undefined {
  return state.schedules[state.schedules.length - 1];
}

function fallsInRun(period: Period, run: PaymentRun['period']): boolean {
  if (run.kind === 'year') return period.kind === 'year' && period.year === run.year;
  const month = run.month;
  switch (period.kind) {
    case 'month':
      return period.month === month;
    case 'oneOff':
    case 'instalment':
      return period.date.startsWith(`${month}-`);
    case 'year':
      return false;
    default:
      return assertNever(period, 'period');
  }
}

/** Lines form a set: sorted by beneficiary and period so that the order they arrived in does not matter. */
function normaliseSchedule(schedule: EntitlementSchedule): EntitlementSchedule {
  const seen = new Set<string>();
  for (const line of schedule.lines) {
    const key = `${line.personRef}|${periodKey(line.period)}`;
    if (seen.has(key)) {
      throw DisbursementErrors.DUPLICATE_SCHEDULE_LINE({ personRef: line.personRef, periodKey: periodKey(line.period) });
    }
    seen.add(key);
  }
  const sortKey = (line: ScheduleLine) => `${line.personRef}|${periodKey(line.period)}`;
  const lines = [...schedule.lines].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  return { ...schedule, lines };
}

function sameSchedule(recorded: ScheduleReceivedData, received: EntitlementSchedule): boolean {
  const { scheduleVersion: _version, supersedesDeterminationId: _supersedes, ...content } = recorded;
  return canonicalJson(content) === canonicalJson(received);
}
