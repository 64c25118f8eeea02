import { createHash } from 'node:crypto';
import { ApiError, type Api, type Who } from './api';
import { SAMPLE_LABEL, type Benefit } from './caseload';
import type { CaseOutcome } from './flows';
import { staffOf } from './flows';
import { mapBounded } from './pool';
import { prng, streamSeed } from './prng';
import { adminOf } from './setup';
import { layoutById } from '../../../services/disbursement/src/bank-files/layout';
import { renderReturnFile, type SimulatedReturnLine } from '../../../services/disbursement/src/bank-files/return-file.parser';

/**
 * The finance side of the sample caseload (ADR 0011), through the disbursement API as 民政 and an
 * administrator would put it there:
 * - a SAMPLE 一卡通 account for every member of the sample cases — a made-up bank (code 999), a
 *   number beginning 99990000 that no bank issues, a holder name 样例户主nnnn — except for every
 *   100th case of each benefit (the first included), so that 待补录账户 shows up in every run;
 * - SAMPLE funding shares (支出责任) for each benefit and division seeded, `sample: true`, source
 *   document '样例数据（非官方）': no official shares are shipped.
 * Then a finance clerk can run → approve → export → import a simulated return → reconcile.
 */

export const SAMPLE_FUNDING_DOCUMENT = '样例数据（非官方）';
/** SAMPLE shares in basis points (not any province's real split): 中央 50 %, 省 20 %, 市 10 %, 县 20 %. */
export const SAMPLE_FUNDING_SHARES = { central: 5000, provincial: 2000, city: 1000, county: 2000 } as const;
/** Every 100th case of a benefit (positions 0, 100, 200, … in case order) is left without accounts. */
export const CASES_PER_MISSING_ACCOUNT = 100;

export interface FinanceSetup {
  sampleData: true;
  accountsRecorded: number;
  /** Cases left without accounts on purpose: their payments are held as 待补录账户 (ACCOUNT_MISSING). */
  casesWithoutAccount: string[];
  accountFailures: { caseId: string; code: string; message: string }[];
  fundingShares: { benefit: Benefit; divisionCode: string; fromPeriod: string; recorded: boolean; sampleData: true }[];
}

/** A clearly fake account for a person: the same person always gets the same one. */
export function sampleAccount(personRef: string) {
  const digest = createHash('sha256').update(`sample-account:${personRef}`).digest();
  const digits = String(digest.readUInt32BE(0) % 100_000_000).padStart(8, '0');
  return {
    bankCode: '999',
    bankName: '样例银行（样例数据，非真实账户）',
    accountNumber: `99990000${digits}`,
    holderName: `样例户主${digits.slice(-4)}`,
    cardType: '社保卡',
  };
}

/** Which created cases get no account: every CASES_PER_MISSING_ACCOUNT-th of each benefit, in case order, the first included. */
export function casesWithoutAccount(outcomes: readonly Pick<CaseOutcome, 'index' | 'benefit' | 'caseId'>[]): Set<string> {
  const skip = new Set<string>();
  for (const benefit of ['dibao', 'tefu', 'linshi'] as const) {
    const created = outcomes.filter((o) => o.benefit === benefit && o.caseId !== null).sort((a, b) => a.index - b.index);
    created.forEach((o, position) => {
      if (position % CASES_PER_MISSING_ACCOUNT === 0) skip.add(o.caseId!);
    });
  }
  return skip;
}

const viewPath = (benefit: Benefit, caseId: string) => (benefit === 'tefu' ? `/cases/${caseId}` : `/cases/${benefit}/${caseId}`);

/** Records the sample accounts of the created cases' members (the same account again writes nothing). */
export async function recordSampleAccounts(
  api: Api,
  outcomes: readonly (CaseOutcome & { divisionCode: string })[],
  concurrency: number,
): Promise<Pick<FinanceSetup, 'accountsRecorded' | 'casesWithoutAccount' | 'accountFailures'>> {
  const skip = casesWithoutAccount(outcomes);
  // A rejected application pays nothing: its members need no account.
  const created = outcomes.filter((o) => o.caseId !== null && !skip.has(o.caseId) && o.status !== 'rejected');
  let accountsRecorded = 0;
  const accountFailures: FinanceSetup['accountFailures'] = [];
  await mapBounded(created, concurrency, async (o) => {
    const officer = staffOf(o.divisionCode).officer;
    try {
      const view = await api.get<{ members: { personRef: string }[] }>('applications', viewPath(o.benefit, o.caseId!), officer);
      for (const { personRef } of view.body.members) {
        await api.request('PUT', 'disbursement', `/disbursement/accounts/${encodeURIComponent(personRef)}`, officer, {
          body: {
            divisionCode: o.divisionCode,
            account: sampleAccount(personRef),
            evidence: { kind: '其他书面材料', reference: 'sample:account-opening', note: SAMPLE_LABEL },
            reason: `${SAMPLE_LABEL}：样例账户`,
          },
        });
        accountsRecorded += 1;
      }
    } catch (error) {
      accountFailures.push({ caseId: o.caseId!, code: error instanceof ApiError ? error.code : 'DRIVER_ERROR', message: error instanceof Error ? error.message : String(error) });
    }
  });
  return { accountsRecorded, casesWithoutAccount: [...skip].sort(), accountFailures };
}

/** SAMPLE funding shares for each (benefit, division) seeded, from January of the year before today on. */
export async function publishSampleFundingShares(api: Api, scopes: readonly { benefit: Benefit; division: string }[], today: string): Promise<FinanceSetup['fundingShares']> {
  const fromPeriod = `${Number(today.slice(0, 4)) - 1}-01`;
  const published: FinanceSetup['fundingShares'] = [];
  for (const { benefit, division } of scopes) {
    const res = await api.post<{ recorded: boolean }>('disbursement', '/disbursement/funding-shares', adminOf(division), {
      body: {
        benefit,
        divisionCode: division,
        fromPeriod,
        shares: SAMPLE_FUNDING_SHARES,
        source: { document: SAMPLE_FUNDING_DOCUMENT, clause: `${SAMPLE_LABEL}：演示用分担比例，非官方` },
        sample: true,
      },
    });
    published.push({ benefit, divisionCode: division, fromPeriod, recorded: res.body.recorded !== false, sampleData: true });
  }
  return published;
}

// --- simulated bank return ------------------------------------------------------------------------

export interface BankReturnOptions {
  api: Api;
  envelopeId: string;
  /** Share of lines the simulated bank refuses (ACCOUNT_CLOSED), 0–1. */
  failRate: number;
  seed: number;
  /** The bank's processing date, yyyy-mm-dd. */
  createdOn: string;
}

export interface BankReturn {
  sampleData: true;
  label: string;
  envelopeId: string;
  layoutId: string;
  bytes: Buffer;
  lines: number;
  settled: number;
  failed: number;
  totalFen: number;
}

const PAYING_KINDS = new Set(['regular', 'arrears', 'instalment', 'follow-up']);

/**
 * A SAMPLE bank return for an exported envelope, as the bank simulator of the bank-files layer writes
 * it: every line of the bank file settled, except a seeded share failed as 账户已销户.
 */
export async function simulateBankReturn(options: BankReturnOptions): Promise<BankReturn> {
  const { api, envelopeId } = options;
  const division = /^[a-z]+-(\d{6})-/.exec(envelopeId)?.[1];
  if (!division) throw new ApiError(400, 'INVALID_ENVELOPE_ID', `not an envelope id: ${envelopeId}`, 'bank-return');
  const clerk: Who = { role: 'finance_clerk', division, sub: `sample-finance-clerk-${division}` };
  const envelope = await api.get<{ exports: { layoutId: string; format: string }[] }>('disbursement', `/disbursement/envelopes/${envelopeId}`, clerk);
  const exported = envelope.body.exports.find((e) => e.format === 'csv') ?? envelope.body.exports[0];
  if (!exported) throw new ApiError(409, 'ENVELOPE_NOT_EXPORTED', `envelope ${envelopeId} has no exported bank file yet`, 'bank-return');
  const rng = prng(streamSeed(options.seed, 'bank-return', envelopeId));
  const lines: SimulatedReturnLine[] = [];
  for (let cursor: string | null = null; ; ) {
    const path: string = `/disbursement/envelopes/${envelopeId}/payments?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.get<{ items: { paymentStreamId: string; kind: string; fen: number; nettedFen: number }[]; nextCursor: string | null }>('disbursement', path, clerk);
    for (const p of page.body.items) {
      if (!PAYING_KINDS.has(p.kind)) continue;
      const amountFen = p.fen - p.nettedFen;
      lines.push(rng.chance(options.failRate) ? { paymentId: p.paymentStreamId, amountFen, status: 'failed', reason: 'ACCOUNT_CLOSED' } : { paymentId: p.paymentStreamId, amountFen, status: 'settled' });
    }
    if (!page.body.nextCursor) break;
    cursor = page.body.nextCursor;
  }
  lines.sort((a, b) => (a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : 0));
  const bytes = renderReturnFile(layoutById(exported.layoutId), { envelopeId, createdOn: options.createdOn, lines });
  return {
    sampleData: true,
    label: SAMPLE_LABEL,
    envelopeId,
    layoutId: exported.layoutId,
    bytes,
    lines: lines.length,
    settled: lines.filter((l) => l.status === 'settled').length,
    failed: lines.filter((l) => l.status === 'failed').length,
    totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0),
  };
}
