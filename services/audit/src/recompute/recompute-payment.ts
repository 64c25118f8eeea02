import { evaluate, pinnedBandTable, type EngineResult, type SeriesValue } from '@benefits/benefits';
import type { Period } from '@benefits/kernel';
import { DETERMINED_TYPE, SCHEDULE_ISSUED_TYPE, periodLines, periodRequest, type RecordedEvent } from './recompute-determination';
import { linshiRequest, pinnedBDifference, pinnedDibaoStandard, type ParameterDifference, type PublishedValues } from './engine-request';
import { AuditReadingFailed } from './registered-recomputations';
import type { NotRecomputableCode, PinnedPacks } from './pinned-packs';

/**
 * Recomputation of one payment (`disbursement.PaymentCreated.v1` on `payment-<caseId>-…`) from the
 * schedule it cites and the determination behind that schedule, in three steps:
 *
 * 1. `schedule`: the line of the recorded schedule version (`entitlement-<caseId>`,
 *    `disbursement.EntitlementScheduleReceived.v1`) for the payment's beneficiary and period gives
 *    the amount due (arrears / recovery: the difference between that line and what had been paid);
 * 2. `issuedSchedule`: the schedule eligibility issued (`<benefit>.EntitlementScheduleIssued.v1` with
 *    the same scheduleId on `determination-<caseId>`) must have the same line;
 * 3. `engine`: the period is evaluated again with the same engine from the facts of the
 *    determination the schedule that evaluated the period cites, its approval date, and the rule
 *    pack, ruleset version and 低保标准 B that schedule period pinned.
 *
 * The payment matches when its stored amount equals every one of these. Pure: the caller passes the
 * streams it read by id.
 */

export const PAYMENT_CREATED = 'disbursement.PaymentCreated.v1';
export const SCHEDULE_RECEIVED = 'disbursement.EntitlementScheduleReceived.v1';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export type PaymentStage = 'schedule' | 'issuedSchedule' | 'engine';

export interface PaymentChain {
  /** Amount due by the cited schedule version (for an adjustment: the difference from what had been paid). */
  scheduleFen: number | null;
  /** The same, by eligibility's issued schedule. */
  issuedFen: number | null;
  /** The same, by evaluating the period again. */
  engineFen: number | null;
}

export type PaymentVerdict =
  | { status: 'match'; recordedFen: number; recomputedFen: number; chain: PaymentChain }
  | {
      status: 'mismatch';
      recordedFen: number;
      recomputedFen: number | null;
      stage: PaymentStage;
      chain: PaymentChain;
      engineError?: string;
      /** The B the period pinned is not what its source entry published. */
      parameterDifference?: ParameterDifference;
    }
  | { status: 'not_recomputable'; recordedFen: number | null; chain: PaymentChain; reason: { code: NotRecomputableCode; detail: Record<string, unknown> } };

export interface PaymentInput {
  /** The payment stream's events. */
  payment: readonly RecordedEvent[];
  /** The entitlement stream the payment cites (`schedule.streamId`). */
  entitlement: readonly RecordedEvent[];
  /** The determination stream(s) of the case (eligibility's determinations and issued schedules). */
  determinations: readonly RecordedEvent[];
  /** The published parameter series, to check the B a period pinned (unchecked when absent). */
  published?: PublishedValues;
  /**
   * The case's other payments (their PaymentCreated data): for arrears / recovery, what had been paid
   * for the period before (net of earlier schedule versions) is summed from them instead of taken
   * from the adjustment's own `adjusts.paidFen`. Absent: the recorded paidFen is used.
   */
  otherPayments?: readonly unknown[];
}

/** The period key eligibility's schedule uses for a disbursement period (`yyyy-mm`, `yyyy`, `once:<caseId>[:<n>]`). */
export function eligibilityPeriodKey(period: unknown, caseId: string): string | null {
  const p = isObj(period) ? (period as Partial<Period> & Obj) : null;
  if (!p) return null;
  switch (p.kind) {
    case 'month':
      return str(p.month);
    case 'year':
      return typeof p.year === 'number' ? String(p.year).padStart(4, '0') : null;
    case 'oneOff':
      return `once:${caseId}`;
    case 'instalment':
      return typeof p.index === 'number' ? `once:${caseId}:${p.index}` : null;
    default:
      return null;
  }
}

/** Whether a payment's period falls in an audit period (`yyyy-mm` or `yyyy`). */
export function periodWithin(period: unknown, scope: string): boolean {
  const p = isObj(period) ? period : {};
  const month = str(p.month) ?? (typeof p.date === 'string' ? p.date.slice(0, 7) : null);
  if (month) return scope.length === 4 ? month.startsWith(`${scope}-`) : month === scope;
  if (typeof p.year === 'number') return String(p.year) === scope;
  return false;
}

export function paymentCreated(events: readonly RecordedEvent[]): RecordedEvent | undefined {
  return events.find((e) => e.type === PAYMENT_CREATED);
}

export function recomputePayment(input: PaymentInput, packs: PinnedPacks): PaymentVerdict {
  const chain: PaymentChain = { scheduleFen: null, issuedFen: null, engineFen: null };
  const created = paymentCreated(input.payment);
  const data = isObj(created?.data) ? created!.data : null;
  const amount = data && isObj(data.amount) && typeof data.amount.fen === 'number' ? data.amount.fen : null;
  const nr = (code: NotRecomputableCode, detail: Record<string, unknown>): PaymentVerdict => ({ status: 'not_recomputable', recordedFen: amount, chain, reason: { code, detail } });
  if (!data || amount === null) return nr('PAYMENT_MALFORMED', { missing: created ? ['amount'] : [PAYMENT_CREATED] });
  const caseId = str(data.caseId) ?? '';
  const personRef = str(data.personRef) ?? '';
  const kind = str(data.kind) ?? 'regular';
  const adjusts = isObj(data.adjusts) ? data.adjusts : null;
  const recordedPaid = adjusts && typeof adjusts.paidFen === 'number' ? adjusts.paidFen : 0;
  const paidBefore = kind === 'regular' || !input.otherPayments ? recordedPaid : netPaidBefore(input.otherPayments, data);
  const dueOf = (lineFen: number) => (kind === 'regular' ? lineFen : Math.abs(lineFen - paidBefore));
  const ref = isObj(data.schedule) ? data.schedule : {};

  // 1. The recorded schedule version.
  const received = input.entitlement.find((e) => e.type === SCHEDULE_RECEIVED && isObj(e.data) && e.data.scheduleVersion === ref.version);
  if (!received || !isObj(received.data)) return nr('SCHEDULE_NOT_FOUND', { schedule: ref });
  const schedule = received.data;
  const lines = (Array.isArray(schedule.lines) ? schedule.lines : []) as Obj[];
  const line = lines.find((l) => l.personRef === personRef && samePeriod(l.period, data.period));
  const lineFen = line && isObj(line.amount) && typeof line.amount.fen === 'number' ? line.amount.fen : 0;
  chain.scheduleFen = dueOf(lineFen);
  if (chain.scheduleFen !== amount) return { status: 'mismatch', recordedFen: amount, recomputedFen: chain.scheduleFen, stage: 'schedule', chain };

  // 2. The schedule eligibility issued.
  const issuedEvents = input.determinations.filter((e) => SCHEDULE_ISSUED_TYPE.test(e.type) && isObj(e.data));
  const scheduleId = str(schedule.scheduleId);
  const issued = scheduleId
    ? issuedEvents.find((e) => (e.data as Obj).scheduleId === scheduleId)
    : [...issuedEvents].reverse().find((e) => (e.data as Obj).determinationId === schedule.determinationId);
  if (!issued) return nr('ISSUED_SCHEDULE_NOT_FOUND', { scheduleId, determinationId: schedule.determinationId ?? null });
  const issuedData = issued.data as Obj;
  const key = eligibilityPeriodKey(data.period, caseId);
  const issuedLine = ((Array.isArray(issuedData.lines) ? issuedData.lines : []) as Obj[]).find((l) => l.beneficiaryRef === personRef && l.periodKey === key);
  const issuedLineFen = issuedLine && typeof issuedLine.amountFen === 'number' ? issuedLine.amountFen : 0;
  chain.issuedFen = dueOf(issuedLineFen);
  if (chain.issuedFen !== amount) return { status: 'mismatch', recordedFen: amount, recomputedFen: chain.issuedFen, stage: 'issuedSchedule', chain };

  // 3. The period evaluated again.
  if (!key) return nr('PAYMENT_MALFORMED', { period: data.period ?? null });
  const engine = engineDue(issuedData, issuedEvents, input.determinations, key, personRef, packs);
  if ('code' in engine) return nr(engine.code, engine.detail);
  if ('error' in engine) return { status: 'mismatch', recordedFen: amount, recomputedFen: null, stage: 'engine', chain, engineError: engine.error };
  chain.engineFen = dueOf(engine.fen);
  const parameterDifference = pinnedBDifference(engine.b, input.published);
  if (chain.engineFen !== amount || parameterDifference) {
    return { status: 'mismatch', recordedFen: amount, recomputedFen: chain.engineFen, stage: 'engine', chain, ...(parameterDifference ? { parameterDifference } : {}) };
  }
  return { status: 'match', recordedFen: amount, recomputedFen: chain.engineFen, chain };
}

/** What had been paid for the payment's beneficiary and period under earlier schedule versions (recovery counts negative). */
function netPaidBefore(others: readonly unknown[], own: Obj): number {
  const version = isObj(own.schedule) && typeof own.schedule.version === 'number' ? own.schedule.version : 0;
  let net = 0;
  for (const other of others) {
    if (!isObj(other) || other === own || other.personRef !== own.personRef || !samePeriod(other.period, own.period)) continue;
    if (other.paymentStreamId !== undefined && other.paymentStreamId === own.paymentStreamId) continue;
    const v = isObj(other.schedule) && typeof other.schedule.version === 'number' ? other.schedule.version : 0;
    const fen = isObj(other.amount) && typeof other.amount.fen === 'number' ? other.amount.fen : 0;
    if (v < version) net += other.kind === 'recovery' ? -fen : fen;
  }
  return net;
}

function samePeriod(a: unknown, b: unknown): boolean {
  if (!isObj(a) || !isObj(b) || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'month':
      return a.month === b.month;
    case 'year':
      return a.year === b.year;
    case 'oneOff':
      return a.date === b.date;
    case 'instalment':
      return a.seriesId === b.seriesId && a.index === b.index;
    default:
      return false;
  }
}

type EngineDue = { fen: number; b: SeriesValue | null } | { error: string } | { code: NotRecomputableCode; detail: Record<string, unknown> };

/**
 * The amount the engine gives the beneficiary for the period: from the issued schedule that
 * evaluated the period (this one, or — for a period carried over — the one it supersedes, and so on).
 */
function engineDue(issued: Obj, issuedEvents: readonly RecordedEvent[], determinations: readonly RecordedEvent[], periodKey: string, personRef: string, packs: PinnedPacks): EngineDue {
  try {
    return engineDueOf(issued, issuedEvents, determinations, periodKey, personRef, packs);
  } catch (error) {
    // A module's reading that throws makes this payment not recomputable, not the job fail.
    if (error instanceof AuditReadingFailed) return { code: 'AUDIT_READING_FAILED', detail: error.detail };
    throw error;
  }
}

function engineDueOf(issued: Obj, issuedEvents: readonly RecordedEvent[], determinations: readonly RecordedEvent[], periodKey: string, personRef: string, packs: PinnedPacks): EngineDue {
  let current: Obj | null = issued;
  const seen = new Set<string>();
  let record: Obj | null = null;
  while (current) {
    const periods = (Array.isArray(current.periods) ? current.periods : []) as Obj[];
    // 临时救助: one record for the grant, whose lines are the approver's (once:<caseId>[:<n>]).
    record = periods.find((p) => p.periodKey === periodKey || (periodKey.startsWith('once:') && String(p.periodKey).startsWith('once:'))) ?? null;
    if (record) break;
    const previous = str(current.supersedesScheduleId);
    if (!previous || seen.has(previous)) break;
    seen.add(previous);
    current = (issuedEvents.find((e) => (e.data as Obj).scheduleId === previous)?.data as Obj | undefined) ?? null;
  }
  if (!record || !current) return { code: 'PERIOD_NOT_EVALUATED', detail: { periodKey } };
  if (record.outcome === 'stopped') return { fen: 0, b: null };
  const determination = determinations.find((e) => DETERMINED_TYPE.test(e.type) && isObj(e.data) && e.data.determinationId === current!.determinationId);
  if (!determination || !isObj(determination.data)) return { code: 'DETERMINATION_NOT_FOUND', detail: { determinationId: current.determinationId ?? null } };
  const d = determination.data;
  if (!isObj(d.facts)) return { code: 'FACTS_MISSING', detail: { determinationId: d.determinationId ?? null } };
  const rulePackId = str(record.rulePackId);
  const rulesetVersion = str(record.rulesetVersion);
  const approvedOn = str(current.approvedOn);
  const benefit = str(current.benefit) ?? '';
  if (!rulePackId || !rulesetVersion) return { code: 'NOT_AN_ENGINE_DETERMINATION', detail: { periodKey, missing: ['rulePackId', 'rulesetVersion'] } };
  if (!approvedOn) return { code: 'APPROVAL_DATE_MISSING', detail: { scheduleId: current.scheduleId ?? null } };
  const pinned = packs.resolve(rulePackId, null);
  if (!pinned.ok) return { code: pinned.code, detail: pinned.detail };
  const parameters = (Array.isArray(record.parameters) ? record.parameters : []) as { key: string; value: unknown; source?: unknown }[];
  const b = pinnedDibaoStandard(parameters);
  let request: Obj;
  if (benefit === 'linshi') {
    request = linshiRequest(d.facts, pinned.packId, rulesetVersion, pinnedDibaoStandard(parameters), approvedOn, pinnedBandTable(parameters));
  } else {
    const built = periodRequest(benefit, d.facts, pinned.packId, rulesetVersion, periodKey, approvedOn, parameters);
    if ('stopped' in built) return { fen: 0, b: null };
    if ('code' in built) return built;
    request = built.request;
  }
  let result: EngineResult;
  try {
    result = evaluate(request, new Map([[pinned.packId, pinned.pack]]));
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'ENGINE_ERROR' };
  }
  if (benefit === 'linshi') {
    // The approver chose the lines within what the engine allows: the line stands when the grant's lines stay within it.
    if (!result.eligible || !result.amount) return { fen: 0, b };
    const lines = (Array.isArray(current.lines) ? current.lines : []) as Obj[];
    const total = lines.reduce((s, l) => s + (typeof l.amountFen === 'number' ? l.amountFen : 0), 0);
    const own = lines.find((l) => l.beneficiaryRef === personRef && l.periodKey === periodKey);
    if (total > result.amount.total.fen) return { fen: result.amount.total.fen, b };
    return { fen: own && typeof own.amountFen === 'number' ? own.amountFen : 0, b };
  }
  const lines = periodLines(benefit, d.facts, result, periodKey).amounts;
  return { fen: lines.find((l) => l.beneficiaryRef === personRef)?.amountFen ?? 0, b };
}
