import { LocalDate, parsePeriod, periodContains, periodStart, type EventEnvelope, type Period } from '@benefits/kernel';
import { chainStatus, type PaymentHistory, type StandardRef } from './case-history';

/**
 * What applied "as effective on" a date: which of a case's determinations was in force, and which
 * of its payments were for that date. Pure functions of events already read (known by then).
 */

export interface DeterminationEntry {
  determinationId: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  /** From the determination's `effectiveFrom`; null when it has none (then it never applies by date). */
  effectiveFrom: string | null;
  /** The day before the next determination's effectiveFrom (by effective date); null while none follows. */
  effectiveTo: string | null;
  /** A determination recorded later for the same effectiveFrom replaces this one on its whole period. */
  replacedBy: string | null;
  basedOnCaseRevision: number | null;
  eligible: boolean | null;
  standardRef: StandardRef | null;
  rulesetVersion: string | null;
  /** The rule engine's explanation as recorded, unchanged. */
  trace: unknown;
  chainIntact: boolean;
  /** Whether it is the determination in force on asEffectiveOn; null when no date was asked. */
  appliesOn: boolean | null;
}

/**
 * The determinations recorded on the case's determination streams (each listed by the read model),
 * one entry per determinationId (the first event carrying it), ordered by effective date then
 * recorded time. The one in force on `date` is the one with the latest effectiveFrom on or before
 * it; of two with the same effectiveFrom the one recorded later.
 */
export function determinationsOf(streams: readonly (readonly EventEnvelope[])[], date: string | null): DeterminationEntry[] {
  const seen = new Set<string>();
  const entries: (DeterminationEntry & { order: number })[] = [];
  let order = 0;
  for (const stream of streams) {
    const chain = chainStatus(stream);
    for (const event of stream) {
      const data = asRecord(event.data);
      const id = data.determinationId;
      if (typeof id !== 'string' || seen.has(id)) continue;
      seen.add(id);
      const from = typeof data.effectiveFrom === 'string' && LocalDate.isValid(data.effectiveFrom) ? data.effectiveFrom : null;
      entries.push({
        determinationId: id,
        streamId: event.streamId,
        revision: event.streamRevision,
        eventId: event.eventId,
        type: event.type,
        recordedAt: event.recordedAt,
        effectiveFrom: from,
        effectiveTo: null,
        replacedBy: null,
        basedOnCaseRevision: typeof data.basedOnCaseRevision === 'number' ? data.basedOnCaseRevision : null,
        eligible: typeof data.eligible === 'boolean' ? data.eligible : null,
        standardRef: standardRefOf(data.standardRef),
        rulesetVersion: typeof data.rulesetVersion === 'string' ? data.rulesetVersion : null,
        trace: data.trace ?? null,
        chainIntact: chain.intact || event.streamRevision < chain.brokenAt,
        appliesOn: null,
        order: order++,
      });
    }
  }
  const byRecorded = (a: { recordedAt: string; order: number }, b: { recordedAt: string; order: number }) =>
    Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || a.order - b.order;
  entries.sort((a, b) => cmp(a.effectiveFrom ?? '\uffff', b.effectiveFrom ?? '\uffff') || byRecorded(a, b));
  const dated = entries.filter((e) => e.effectiveFrom !== null);
  for (let i = 0; i < dated.length; i++) {
    const e = dated[i];
    const sameDate = dated.slice(i + 1).filter((n) => n.effectiveFrom === e.effectiveFrom);
    if (sameDate.length > 0) e.replacedBy = sameDate[sameDate.length - 1].determinationId;
    const next = dated.slice(i + 1).find((n) => n.effectiveFrom! > e.effectiveFrom!);
    if (next) e.effectiveTo = LocalDate.parse(next.effectiveFrom!).plusDays(-1).toString();
  }
  if (date !== null) {
    const inForce = dated.filter((e) => e.replacedBy === null && e.effectiveFrom! <= date && (e.effectiveTo === null || date <= e.effectiveTo));
    for (const e of entries) e.appliesOn = inForce.includes(e);
  }
  return entries.map(({ order: _order, ...entry }) => entry);
}

/**
 * Whether a payment is for `date`: a monthly or yearly payment whose period contains the date; a
 * one-off grant or an instalment due on or before the date (the grant it made applies from then).
 * Null when no date was asked or the payment's period cannot be read.
 */
export function paymentAppliesOn(payment: Pick<PaymentHistory, 'period'>, date: string | null): boolean | null {
  if (date === null) return null;
  let period: Period;
  try {
    period = parsePeriod(payment.period);
  } catch {
    return null;
  }
  const on = LocalDate.parse(date);
  if (period.kind === 'month' || period.kind === 'year') return periodContains(period, on);
  return !periodStart(period).isAfter(on);
}

function standardRefOf(value: unknown): StandardRef | null {
  const ref = asRecord(value);
  const fields = ['standardId', 'versionId', 'itemNo', 'contentHash'] as const;
  if (!fields.every((f) => typeof ref[f] === 'string')) return null;
  return { standardId: ref.standardId as string, versionId: ref.versionId as string, itemNo: ref.itemNo as string, contentHash: ref.contentHash as string };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
