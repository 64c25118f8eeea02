import {
  assertNever,
  canonicalJson,
  periodKey,
  type Command,
  type CommandMetadata,
  type Decider,
  type DomainEvent,
  type MonthPeriod,
  type MoneyJson,
  type Period,
} from '@benefits/kernel';
import { DisbursementErrors } from '../disbursement.errors';
import { paymentStreamId } from '../payments/payment-id';

/**
 * 待遇发放计划 (entitlement schedule): what each beneficiary of a case is due per benefit period, as
 * issued by eligibility with the determination it rests on. One stream per case,
 * `entitlement-<caseId>`, owned by disbursement.
 *
 * A schedule is a complete snapshot (integration events carry full snapshots, not deltas): the
 * latest one recorded for a case replaces the earlier ones. What was already paid under an earlier
 * schedule stays paid; the difference is arrears or overpayment (补发 / 追缴), handled separately.
 */

export const BENEFITS = ['tefu', 'dibao', 'linshi'] as const;
export type BenefitId = (typeof BENEFITS)[number];

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
  /** 1 for the case's first schedule, then 2, 3, …; equals the stream revision + 1. */
  scheduleVersion: number;
  supersedesDeterminationId: string | null;
}

export interface PaymentCreatedData {
  paymentStreamId: string;
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
}

export type ScheduleReceived = DomainEvent<typeof ENTITLEMENT_SCHEDULE_RECEIVED, ScheduleReceivedData>;
export type PaymentCreated = DomainEvent<typeof PAYMENT_CREATED, PaymentCreatedData>;

/** PaymentCreated events are not stored in the entitlement stream: each goes to its own payment stream. */
export type EntitlementEvent = ScheduleReceived | PaymentCreated;

export interface PaymentRun {
  benefit: BenefitId;
  divisionCode: string;
  period: MonthPeriod;
}

export type RecordSchedule = Command<'RecordSchedule', EntitlementSchedule, CommandMetadata>;
export type CreatePayments = Command<'CreatePayments', PaymentRun, CommandMetadata>;
export type EntitlementCommand = RecordSchedule | CreatePayments;

export interface EntitlementState {
  schedules: ScheduleReceivedData[];
}

export function entitlementStreamId(caseId: string): string {
  return `entitlement-${caseId}`;
}

export const entitlementDecider: Decider<EntitlementCommand, EntitlementEvent, EntitlementState> = {
  initialState: () => ({ schedules: [] }),

  evolve(state, event) {
    switch (event.type) {
      case ENTITLEMENT_SCHEDULE_RECEIVED:
        return { schedules: [...state.schedules, event.data] };
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
      default:
        return assertNever(command, 'entitlement command');
    }
  },
};

/** Idempotent by determinationId: the same schedule delivered again records nothing. */
function recordSchedule(schedule: EntitlementSchedule, state: EntitlementState): ScheduleReceived[] {
  const normalised = normaliseSchedule(schedule);
  const earlier = state.schedules.find((s) => s.determinationId === schedule.determinationId);
  if (earlier) {
    if (sameSchedule(earlier, normalised)) return [];
    throw DisbursementErrors.SCHEDULE_CONFLICT({ determinationId: schedule.determinationId, scheduleVersion: earlier.scheduleVersion });
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
 * What is due in a run: every line of the case's current schedule whose benefit period falls in the
 * run's month — the month itself, or a one-off grant or instalment dated in it. Yearly periods are
 * paid by yearly runs, which are not offered yet. A run (发放批次) is for exactly one division, the
 * one whose funds pay it, so a city's run does not take in its counties' cases. Each resulting event
 * names its own payment stream.
 */
function paymentsDue(run: PaymentRun, state: EntitlementState): PaymentCreated[] {
  const schedule = currentSchedule(state);
  if (!schedule || schedule.benefit !== run.benefit || schedule.divisionCode !== run.divisionCode) return [];
  return schedule.lines
    .filter((line) => fallsInMonth(line.period, run.period.month))
    .map((line) => ({
      type: PAYMENT_CREATED,
      data: {
        paymentStreamId: paymentStreamId(schedule.caseId, line.personRef, line.period),
        caseId: schedule.caseId,
        personRef: line.personRef,
        benefit: schedule.benefit,
        divisionCode: schedule.divisionCode,
        period: line.period,
        periodKey: periodKey(line.period),
        amount: line.amount,
        runPeriod: run.period.month,
        determinationId: schedule.determinationId,
        standardRef: schedule.standardRef,
        schedule: { streamId: entitlementStreamId(schedule.caseId), version: schedule.scheduleVersion },
      },
    }));
}

export function currentSchedule(state: EntitlementState): ScheduleReceivedData | undefined {
  return state.schedules[state.schedules.length - 1];
}

function fallsInMonth(period: Period, month: string): boolean {
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
