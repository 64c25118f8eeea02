import type { BenefitId } from '../entitlements/entitlement';
import type { LedgerKind, LedgerPaymentDoc, LedgerStatus } from '../ledger/ledger.types';
import { addAllocation, allocate, FUNDING_SOURCES, zeroAllocation, type FundingShares, type FundingSource } from '../funding/allocate';

/**
 * 对账 (reconciliation) of an envelope or a period, from the ledger read model, one page at a time.
 * Definitions and a worked example: services/disbursement/docs/reconciliation.md.
 *
 * For every payment (any kind but recovery), with g = fen, n = nettedFen and b = g − n (the bank amount):
 *   due            g    every payment, follow-ups included (a follow-up re-enters what its original failed to pay)
 *   netted         n    the part of the due paid by offsetting recoveries of the case (never sent to the bank)
 *   created        b    status created: made by a run, in no envelope yet
 *   held           b    status held
 *   cancelled      b    status cancelled (a held duplicate decided not to pay)
 *   enveloped      b    status enveloped, sent, settled, failed or reversed
 *   notSent        b    status enveloped
 *   sent           b    status sent, settled, failed or reversed
 *   pending        b    status sent (no return yet)
 *   settled        b    status settled or reversed (the bank paid it)
 *   failed         b    status failed
 *   reversed       b    status reversed (paid, then returned)
 *   netSettled     b    status settled
 *   reissued       b    failed or reversed, with a follow-up (followUpId)
 *   notReissued    b    failed or reversed, without one
 *   outstanding    b    created + held + notSent + pending + notReissued: still owed and not paid here
 * For every recovery (追缴, g = fen owed back, n = nettedFen offset so far):
 *   recoveryDue g, recoveryNetted n, recoveryOpen g − n.
 * Counts are payments; `netted` counts payments with n > 0, `recoveryNetted` / `recoveryOpen` recoveries with n > 0 / g − n > 0.
 *
 * The checks (all must be zero):
 *   due = netted + created + held + cancelled + enveloped         (fen; in counts without netted)
 *   enveloped = notSent + sent;  sent = pending + settled + failed;  settled = reversed + netSettled
 *   failed + reversed = reissued + notReissued
 *   due = netted + cancelled + netSettled + reissued + outstanding  (fen; in counts without netted)
 *   recoveryDue = recoveryNetted + recoveryOpen
 *   central + provincial + city + county + unallocated = netSettled
 *   inconsistent documents = 0
 * Every line is a sum over single payments, so each identity holds payment by payment: it holds for
 * any set of documents — an original and its follow-up in the same report or in different ones.
 *
 * A document that breaks the ledger's rules (settledFen ≠ b on a settled payment, nettedFen > fen, a
 * recovery sent to the bank, …) is counted in `due` (or `recoveryDue`) with its gross amount and in
 * `inconsistent`, nowhere else: the first check is off by exactly its amount, the report is not
 * balanced, and the document is listed with the rule it breaks.
 *
 * Memory: the running totals, the differences (every payment not simply settled) and the unallocated
 * amounts per (benefit, division, run period); settled payments are summed and forgotten. Pages must
 * not overlap (each payment added once): the accumulator does not keep ids to detect repeats.
 */

export type AmountLine =
  | 'due'
  | 'netted'
  | 'created'
  | 'held'
  | 'cancelled'
  | 'enveloped'
  | 'notSent'
  | 'sent'
  | 'pending'
  | 'settled'
  | 'failed'
  | 'reversed'
  | 'netSettled'
  | 'reissued'
  | 'notReissued'
  | 'outstanding'
  | 'recoveryDue'
  | 'recoveryNetted'
  | 'recoveryOpen'
  | 'inconsistent';

export const AMOUNT_LINES: readonly AmountLine[] = [
  'due',
  'netted',
  'created',
  'held',
  'cancelled',
  'enveloped',
  'notSent',
  'sent',
  'pending',
  'settled',
  'failed',
  'reversed',
  'netSettled',
  'reissued',
  'notReissued',
  'outstanding',
  'recoveryDue',
  'recoveryNetted',
  'recoveryOpen',
  'inconsistent',
];

export interface CountAndFen {
  count: number;
  fen: number;
}

/** Why a payment is listed: every payment not simply settled, once per bucket it is in. */
export type DifferenceBucket = 'created' | 'held' | 'cancelled' | 'notSent' | 'pending' | 'reissued' | 'notReissued' | 'netted' | 'recoveryOpen' | 'inconsistent';

export const DIFFERENCE_BUCKETS: readonly DifferenceBucket[] = ['inconsistent', 'notReissued', 'reissued', 'pending', 'notSent', 'held', 'created', 'cancelled', 'netted', 'recoveryOpen'];

export interface ReconciliationDifference {
  bucket: DifferenceBucket;
  paymentStreamId: string;
  kind: LedgerKind;
  status: LedgerStatus;
  /** The amount in this bucket: the bank amount (fen − nettedFen); `netted`: nettedFen; `recoveryOpen`: fen − nettedFen; `inconsistent`: fen. */
  fen: number;
  reason: string;
  /** The follow-up reissuing it, or the payment it reissues. */
  followUp: string | null;
}

export interface ReconciliationCheck {
  name: string;
  unit: 'count' | 'fen';
  formula: string;
  left: number;
  right: number;
  /** left − right; must be 0. */
  difference: number;
}

/** Net-settled fen whose funding shares were not found, per benefit, division and run period. */
export interface UnallocatedScope {
  benefit: BenefitId;
  divisionCode: string;
  runPeriod: string;
  count: number;
  fen: number;
}

export type FundingTotals = Record<FundingSource | 'unallocated', number>;

export interface ReconciliationReport {
  lines: Record<AmountLine, CountAndFen>;
  checks: ReconciliationCheck[];
  balanced: boolean;
  differences: ReconciliationDifference[];
  /** Over net settled: the per-payment allocations summed; `unallocated` where no shares were found. */
  byFundingSource: FundingTotals;
  unallocated: UnallocatedScope[];
}

export interface ReconciliationOptions {
  /** The funding shares for a net-settled payment (usually by benefit, division and run period); null when none are published. */
  sharesFor?: (doc: LedgerPaymentDoc) => FundingShares | null;
}

export interface Reconciliation {
  add(doc: LedgerPaymentDoc): void;
  addPage(docs: readonly LedgerPaymentDoc[]): void;
  report(): ReconciliationReport;
}

const emptyLines = (): Record<AmountLine, CountAndFen> => Object.fromEntries(AMOUNT_LINES.map((line) => [line, { count: 0, fen: 0 }])) as Record<AmountLine, CountAndFen>;

const BANK_STATUSES: readonly LedgerStatus[] = ['sent', 'settled', 'failed', 'reversed'];
const RECOVERY_STATUSES: readonly LedgerStatus[] = ['created', 'held', 'cancelled', 'enveloped', 'netted'];
const PAYMENT_STATUSES: readonly LedgerStatus[] = ['created', 'held', 'cancelled', 'enveloped', 'sent', 'settled', 'failed', 'reversed'];

const isFen = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The rules a ledger document must keep; each broken one is named. Empty: consistent. */
export function ledgerDocProblems(doc: LedgerPaymentDoc): string[] {
  const problems: string[] = [];
  const amounts = { fen: doc.fen, nettedFen: doc.nettedFen, settledFen: doc.settledFen, reversedFen: doc.reversedFen };
  for (const [field, value] of Object.entries(amounts)) if (!isFen(value)) problems.push(`${field} is not a non-negative integer (${String(value)})`);
  if (problems.length > 0) return problems;
  if (doc.nettedFen > doc.fen) problems.push(`nettedFen ${doc.nettedFen} > fen ${doc.fen}`);
  if (doc.kind === 'recovery') {
    if (!RECOVERY_STATUSES.includes(doc.status)) problems.push(`a recovery is never sent to the bank (status ${doc.status})`);
    if (doc.status === 'netted' && doc.nettedFen !== doc.fen) problems.push(`status netted but nettedFen ${doc.nettedFen} ≠ fen ${doc.fen}`);
    if (doc.settledFen !== 0 || doc.reversedFen !== 0) problems.push('a recovery has no settled or reversed amount');
    if (doc.followUpOf !== null || doc.followUpId !== null) problems.push('a recovery has no follow-up');
    return problems;
  }
  if (!PAYMENT_STATUSES.includes(doc.status)) problems.push(`status ${doc.status} is for recoveries only`);
  const bank = doc.fen - doc.nettedFen;
  const settled = doc.status === 'settled' || doc.status === 'reversed';
  if (settled && doc.settledFen !== bank) problems.push(`settledFen ${doc.settledFen} ≠ bank amount ${bank} (fen − nettedFen)`);
  if (!settled && doc.settledFen !== 0) problems.push(`settledFen ${doc.settledFen} on a payment not settled (status ${doc.status})`);
  if (doc.status === 'reversed' && doc.reversedFen !== bank) problems.push(`reversedFen ${doc.reversedFen} ≠ bank amount ${bank}`);
  if (doc.status !== 'reversed' && doc.reversedFen !== 0) problems.push(`reversedFen ${doc.reversedFen} on a payment not reversed (status ${doc.status})`);
  if (doc.status === 'held' && !doc.hold) problems.push('status held without a hold reason');
  if (doc.status === 'failed' && !doc.failure) problems.push('status failed without a failure reason');
  if (doc.followUpId !== null && doc.status !== 'failed' && doc.status !== 'reversed') problems.push(`a follow-up ${doc.followUpId} of a payment neither failed nor reversed (status ${doc.status})`);
  if (doc.kind === 'follow-up' && !doc.followUpOf) problems.push('a follow-up without followUpOf');
  if (doc.kind !== 'follow-up' && doc.followUpOf !== null) problems.push(`followUpOf on a ${doc.kind} payment`);
  return problems;
}

export function createReconciliation(options: ReconciliationOptions = {}): Reconciliation {
  const lines = emptyLines();
  const differences: ReconciliationDifference[] = [];
  const funding = zeroAllocation();
  const unallocated = new Map<string, UnallocatedScope>();
  let unallocatedFen = 0;

  const put = (line: AmountLine, fen: number, count = 1) => {
    lines[line].count += count;
    lines[line].fen += fen;
  };
  const list = (doc: LedgerPaymentDoc, bucket: DifferenceBucket, fen: number, reason: string) => {
    differences.push({ bucket, paymentStreamId: doc.paymentStreamId, kind: doc.kind, status: doc.status, fen, reason, followUp: doc.followUpId ?? doc.followUpOf ?? null });
  };

  function add(doc: LedgerPaymentDoc): void {
    const problems = ledgerDocProblems(doc);
    const gross = isFen(doc.fen) ? doc.fen : 0;
    if (problems.length > 0) {
      put(doc.kind === 'recovery' ? 'recoveryDue' : 'due', gross);
      put('inconsistent', gross);
      list(doc, 'inconsistent', gross, problems.join('; '));
      return;
    }
    if (doc.kind === 'recovery') {
      put('recoveryDue', doc.fen);
      if (doc.nettedFen > 0) put('recoveryNetted', doc.nettedFen);
      const open = doc.fen - doc.nettedFen;
      if (open > 0) {
        put('recoveryOpen', open);
        list(doc, 'recoveryOpen', open, `追缴未抵扣 recovery not yet offset (${doc.status})`);
      }
      return;
    }
    const bank = doc.fen - doc.nettedFen;
    const reissueOf = doc.followUpOf ? `; 重发自 reissue of ${doc.followUpOf}` : '';
    put('due', doc.fen);
    if (doc.nettedFen > 0) {
      put('netted', doc.nettedFen);
      list(doc, 'netted', doc.nettedFen, '抵扣追缴 offset against recoveries of the case, not sent to the bank');
    }
    switch (doc.status) {
      case 'created':
        put('created', bank);
        put('outstanding', bank);
        list(doc, 'created', bank, `未入发放批次 in no envelope yet (run in progress)${reissueOf}`);
        return;
      case 'held':
        put('held', bank);
        put('outstanding', bank);
        list(doc, 'held', bank, `暂停发放 held: ${doc.hold?.reason ?? ''}${doc.hold?.claimedBy ? ` (claimed by ${doc.hold.claimedBy})` : ''}${reissueOf}`);
        return;
      case 'cancelled':
        put('cancelled', bank);
        list(doc, 'cancelled', bank, `已取消 cancelled${doc.hold ? ` after hold ${doc.hold.reason}${doc.hold.claimedBy ? ` (claimed by ${doc.hold.claimedBy})` : ''}` : ''}${reissueOf}`);
        return;
      default:
        break;
    }
    put('enveloped', bank);
    if (doc.status === 'enveloped') {
      put('notSent', bank);
      put('outstanding', bank);
      list(doc, 'notSent', bank, `已入批次未报送银行 in envelope ${doc.envelopeId ?? '—'}, not exported yet${reissueOf}`);
      return;
    }
    put('sent', bank);
    switch (doc.status) {
      case 'sent':
        put('pending', bank);
        put('outstanding', bank);
        list(doc, 'pending', bank, `待银行回盘 in the bank file, no return yet${reissueOf}`);
        return;
      case 'settled':
        put('settled', bank);
        put('netSettled', bank);
        allocateSettled(doc, bank);
        return;
      case 'failed':
      case 'reversed': {
        if (doc.status === 'failed') put('failed', bank);
        else {
          put('settled', bank);
          put('reversed', bank);
        }
        const what = doc.status === 'failed' ? '银行失败 failed' : '入账后退回 reversed after settlement';
        const why = doc.failure ? `: ${doc.failure.reason}${doc.failure.bankReason ? ` (${doc.failure.bankReason})` : ''}` : '';
        if (doc.followUpId) {
          put('reissued', bank);
          list(doc, 'reissued', bank, `${what}${why}; 已重发 reissued as ${doc.followUpId}${reissueOf}`);
        } else {
          put('notReissued', bank);
          put('outstanding', bank);
          list(doc, 'notReissued', bank, `${what}${why}; 未重发 not reissued${reissueOf}`);
        }
        return;
      }
      default:
        // Unreachable: ledgerDocProblems refuses any other status.
        throw new Error(`reconciliation: unexpected status ${doc.status}`);
    }
  }

  function allocateSettled(doc: LedgerPaymentDoc, bank: number): void {
    const shares = options.sharesFor ? options.sharesFor(doc) : null;
    if (shares) {
      addAllocation(funding, allocate(bank, shares));
      return;
    }
    unallocatedFen += bank;
    const key = `${doc.benefit}|${doc.divisionCode}|${doc.runPeriod}`;
    const scope = unallocated.get(key) ?? { benefit: doc.benefit, divisionCode: doc.divisionCode, runPeriod: doc.runPeriod, count: 0, fen: 0 };
    scope.count += 1;
    scope.fen += bank;
    unallocated.set(key, scope);
  }

  function report(): ReconciliationReport {
    const l = structuredClone(lines);
    const sum = (names: AmountLine[], unit: 'count' | 'fen') => names.reduce((s, name) => s + l[name][unit], 0);
    const checks: ReconciliationCheck[] = [];
    const check = (name: string, unit: 'count' | 'fen', left: AmountLine[], right: AmountLine[]) => {
      const lv = sum(left, unit);
      const rv = sum(right, unit);
      checks.push({ name, unit, formula: `${left.join(' + ')} = ${right.join(' + ')}`, left: lv, right: rv, difference: lv - rv });
    };
    check('due', 'fen', ['due'], ['netted', 'created', 'held', 'cancelled', 'enveloped']);
    check('due', 'count', ['due'], ['created', 'held', 'cancelled', 'enveloped']);
    for (const unit of ['count', 'fen'] as const) {
      check('enveloped', unit, ['enveloped'], ['notSent', 'sent']);
      check('sent', unit, ['sent'], ['pending', 'settled', 'failed']);
      check('settled', unit, ['settled'], ['reversed', 'netSettled']);
      check('reissue', unit, ['failed', 'reversed'], ['reissued', 'notReissued']);
    }
    check('closing', 'fen', ['due'], ['netted', 'cancelled', 'netSettled', 'reissued', 'outstanding']);
    check('closing', 'count', ['due'], ['cancelled', 'netSettled', 'reissued', 'outstanding']);
    check('recovery', 'fen', ['recoveryDue'], ['recoveryNetted', 'recoveryOpen']);
    const allocated = FUNDING_SOURCES.reduce((s, source) => s + funding[source], 0) + unallocatedFen;
    checks.push({ name: 'funding', unit: 'fen', formula: 'central + provincial + city + county + unallocated = netSettled', left: allocated, right: l.netSettled.fen, difference: allocated - l.netSettled.fen });
    checks.push({ name: 'inconsistent', unit: 'count', formula: 'inconsistent = 0', left: l.inconsistent.count, right: 0, difference: l.inconsistent.count });
    const bucketOrder = new Map(DIFFERENCE_BUCKETS.map((b, i) => [b, i]));
    const sorted = differences
      .map((d) => ({ ...d }))
      .sort((a, b) => bucketOrder.get(a.bucket)! - bucketOrder.get(b.bucket)! || (a.paymentStreamId < b.paymentStreamId ? -1 : a.paymentStreamId > b.paymentStreamId ? 1 : 0));
    return {
      lines: l,
      checks,
      balanced: checks.every((c) => c.difference === 0),
      differences: sorted,
      byFundingSource: { ...funding, unallocated: unallocatedFen },
      unallocated: [...unallocated.values()].map((u) => ({ ...u })).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)),
    };
  }

  return {
    add,
    addPage(docs) {
      for (const doc of docs) add(doc);
    },
    report,
  };
}

const keyOf = (u: UnallocatedScope) => `${u.benefit}|${u.divisionCode}|${u.runPeriod}`;

/** Reconciles pages as they arrive (the ledger read model's cursor pages); one page in memory at a time. */
export async function reconcilePages(pages: AsyncIterable<readonly LedgerPaymentDoc[]>, options: ReconciliationOptions = {}): Promise<ReconciliationReport> {
  const acc = createReconciliation(options);
  for await (const page of pages) acc.addPage(page);
  return acc.report();
}
