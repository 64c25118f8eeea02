/**
 * What the finance pages read from disbursement (services/disbursement/src/envelopes/envelopes.openapi.ts,
 * disbursement.schemas.ts): runs, envelopes (发放批次), ledger payments, reconciliation reports and
 * funding shares. Types only; the request schemas are the services' own (envelopes.schemas.ts).
 */
export type Benefit = 'tefu' | 'dibao' | 'linshi';
export const BENEFITS: readonly Benefit[] = ['dibao', 'tefu', 'linshi'];

export interface CountFen {
  count: number;
  fen: number;
}

export interface RunSummary {
  runId: string;
  seq: number;
  run: { benefit: Benefit; divisionCode: string; period: string };
  status: 'running' | 'completed';
  startedAt: string;
  startedBy: { id: string; role: string; divisionCode: string } | null;
  completedAt: string | null;
  pages: number;
  progress: { phase: 'carry' | 'adjustments' | 'regular'; cursor: string | null } | null;
  counts: { created: number; alreadyExisted: number; createdFen: number; arrearsFen: number; recoveryFen: number };
  resumed?: boolean;
}

export interface RunPayment {
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  periodKey: string;
  kind?: 'regular' | 'arrears' | 'recovery';
  amount: { fen: number };
  runId: string;
}

export type LedgerKind = 'regular' | 'arrears' | 'recovery' | 'instalment' | 'follow-up';

export interface ControlTotals {
  count: number;
  fen: number;
  netted: number;
  byKind: Record<LedgerKind, CountFen>;
}

export type EnvelopeStatus = 'prepared' | 'approved' | 'exported' | 'partly-settled' | 'settled' | 'closed';

export interface LedgerEnvelope {
  envelopeId: string;
  benefit: Benefit;
  divisionCode: string;
  runPeriod: string;
  status: EnvelopeStatus;
  totals: ControlTotals;
  held: CountFen;
  preparedBy: string | null;
  approvedBy: string | null;
  export: { sha256: string; layoutId: string; format: 'csv' | 'xlsx'; lineCount: number; totalFen: number } | null;
  references: string[];
}

export interface ExportRecord {
  envelopeId: string;
  layoutId: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  fileName: string;
  sha256: string;
  bytes: number;
  lineCount: number;
  totalFen: number;
  exportedAt: string;
}

export interface RefusedLine {
  line: number;
  paymentId: string | null;
  code: string;
  message: string;
}

export interface ReturnResult {
  envelopeId: string;
  sha256: string;
  fileName: string | null;
  mode: 'strict' | 'partial';
  counts: { settled: number; failed: number; reversed: number; alreadyApplied: number; refused: number };
  fen: { settled: number; failed: number; reversed: number };
  refused: RefusedLine[];
  importedAt: string;
  alreadyImported?: boolean;
}

export interface Actor {
  id: string;
  role: string;
  divisionCode: string;
}

export interface EnvelopeView {
  envelopeId: string;
  status: EnvelopeStatus;
  prepared: {
    runId: string;
    benefit: Benefit;
    divisionCode: string;
    runPeriod: string;
    totals: ControlTotals;
    held: { count: number; fen: number; byReason: Record<string, CountFen> };
    digest: string;
    preparers: string[];
    references: string[];
    preparedAt: string;
  };
  preparedBy: Actor | null;
  approved: { by: Actor | null; approvedAt: string; note?: string } | null;
  exports: ExportRecord[];
  returns: ReturnResult[];
  closed: { closedAt: string } | null;
  pending: number;
}

export type LedgerStatus = 'created' | 'held' | 'cancelled' | 'enveloped' | 'sent' | 'settled' | 'failed' | 'reversed' | 'netted';

export interface LedgerPayment {
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  benefit: Benefit;
  divisionCode: string;
  runPeriod: string;
  periodKey: string;
  kind: LedgerKind;
  fen: number;
  nettedFen: number;
  runId: string | null;
  envelopeId: string | null;
  status: LedgerStatus;
  hold: { reason: 'ACCOUNT_MISSING' | 'DUPLICATE_PERSON'; claimedBy?: string } | null;
  failure: { reason: string; bankReason: string } | null;
  followUpOf: string | null;
  followUpId: string | null;
  settledFen: number;
  reversedFen: number;
  bankRef: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type FundingSource = 'central' | 'provincial' | 'city' | 'county';
export const FUNDING_SOURCES: readonly FundingSource[] = ['central', 'provincial', 'city', 'county'];

export interface ReconciliationReport {
  envelopeId?: string;
  status?: string;
  benefit?: string;
  divisionCode?: string;
  period?: string;
  lines: Record<string, CountFen>;
  checks: { name: string; unit: 'count' | 'fen'; formula: string; left: number; right: number; difference: number }[];
  balanced: boolean;
  differences: { bucket: string; paymentStreamId: string; kind: string; status: string; fen: number; reason: string; followUp: string | null }[];
  byFundingSource: Record<FundingSource | 'unallocated', number>;
  unallocated: { benefit: string; divisionCode: string; runPeriod: string; count: number; fen: number }[];
}

export interface FundingSharesView {
  benefit: Benefit;
  divisionCode: string;
  period: string;
  inForce: {
    publication: { fromPeriod: string; shares: Record<FundingSource, number>; source: { document: string; clause: string; note?: string }; sample: boolean; recordedAt: string };
    from: { divisionCode: string; level: 'county' | 'city' | 'province' };
  };
}

/** Layouts shipped with disbursement (services/disbursement/layouts/); a county may add its bank's. */
export const KNOWN_LAYOUTS = [
  { id: 'sample-csv-utf8', zh: '样例版式 · 逗号分隔 UTF-8（示例，非真实银行版式）', en: 'SAMPLE layout · comma-separated UTF-8 (not a real bank layout)' },
  { id: 'sample-pipe-gbk', zh: '样例版式 · 竖线分隔 GBK（示例，非真实银行版式）', en: 'SAMPLE layout · pipe-separated GBK (not a real bank layout)' },
];

export const enc = encodeURIComponent;
export const POLL_MS = 700;

type T = (zh: string, en: string) => string;

export { benefitText } from '../../components/format';

const ENVELOPE_STATUS: Record<EnvelopeStatus, [string, string, string]> = {
  prepared: ['待审核', 'Prepared', 'default'],
  approved: ['已审核', 'Approved', 'blue'],
  exported: ['已出盘', 'Exported', 'geekblue'],
  'partly-settled': ['部分回盘', 'Partly settled', 'orange'],
  settled: ['已回盘', 'Settled', 'green'],
  closed: ['已关闭', 'Closed', 'purple'],
};
export const envelopeStatusText = (s: EnvelopeStatus, t: T) => (ENVELOPE_STATUS[s] ? t(ENVELOPE_STATUS[s][0], ENVELOPE_STATUS[s][1]) : s);
export const envelopeStatusColor = (s: EnvelopeStatus) => ENVELOPE_STATUS[s]?.[2] ?? 'default';

const PAYMENT_STATUS: Record<string, [string, string, string]> = {
  created: ['已生成', 'Created', 'default'],
  held: ['暂缓', 'Held', 'orange'],
  cancelled: ['已取消', 'Cancelled', 'default'],
  enveloped: ['已入批次', 'In envelope', 'blue'],
  sent: ['已报送银行', 'Sent to bank', 'geekblue'],
  settled: ['成功', 'Settled', 'green'],
  failed: ['失败', 'Failed', 'red'],
  reversed: ['退回', 'Reversed', 'volcano'],
  netted: ['已抵扣', 'Netted', 'purple'],
};
export const paymentStatusText = (s: string, t: T) => (PAYMENT_STATUS[s] ? t(PAYMENT_STATUS[s][0], PAYMENT_STATUS[s][1]) : s);
export const paymentStatusColor = (s: string) => PAYMENT_STATUS[s]?.[2] ?? 'default';

const KIND: Record<string, [string, string]> = {
  regular: ['正常发放', 'Regular'],
  arrears: ['补发', 'Arrears'],
  recovery: ['追缴', 'Recovery'],
  instalment: ['分期', 'Instalment'],
  'follow-up': ['重发', 'Follow-up'],
};
export const kindText = (k: string | undefined, t: T) => (k && KIND[k] ? t(...KIND[k]) : t('正常发放', 'Regular'));

const HOLD: Record<string, [string, string]> = { ACCOUNT_MISSING: ['待补录账户', 'Account missing'], DUPLICATE_PERSON: ['重复享受待决', 'Duplicate person'] };
export const holdText = (r: string, t: T) => (HOLD[r] ? t(...HOLD[r]) : r);

const FAILURE: Record<string, [string, string]> = {
  ACCOUNT_CLOSED: ['账户已销户', 'Account closed'],
  NAME_MISMATCH: ['户名不符', 'Name mismatch'],
  ACCOUNT_FROZEN: ['账户冻结', 'Account frozen'],
  ACCOUNT_NOT_FOUND: ['账户不存在', 'Account not found'],
  OTHER: ['其他', 'Other'],
};
export const failureText = (r: string, t: T) => (FAILURE[r] ? t(...FAILURE[r]) : r);

const SOURCE: Record<string, [string, string]> = { central: ['中央', 'Central'], provincial: ['省级', 'Provincial'], city: ['市级', 'City'], county: ['县级', 'County'], unallocated: ['未分配', 'Unallocated'] };
export const sourceText = (s: string, t: T) => (SOURCE[s] ? t(...SOURCE[s]) : s);

const LINE: Record<string, [string, string]> = {
  due: ['应发', 'Due'],
  netted: ['追缴抵扣', 'Netted'],
  created: ['已生成未入批次', 'Created, no envelope'],
  held: ['暂缓', 'Held'],
  cancelled: ['已取消', 'Cancelled'],
  enveloped: ['已入批次', 'Enveloped'],
  notSent: ['未报送', 'Not sent'],
  sent: ['已报送', 'Sent'],
  pending: ['待回盘', 'Pending return'],
  settled: ['成功', 'Settled'],
  failed: ['失败', 'Failed'],
  reversed: ['退回', 'Reversed'],
  netSettled: ['净成功', 'Net settled'],
  reissued: ['已重发', 'Reissued'],
  notReissued: ['未重发', 'Not reissued'],
  outstanding: ['尚欠', 'Outstanding'],
  recoveryDue: ['应追缴', 'Recovery due'],
  recoveryNetted: ['追缴已抵扣', 'Recovery netted'],
  recoveryOpen: ['追缴未收回', 'Recovery open'],
  inconsistent: ['数据不一致', 'Inconsistent'],
};
export const lineText = (l: string, t: T) => (LINE[l] ? t(...LINE[l]) : l);

/** `yyyy-mm` months ending at `period` (n of them), oldest first; a year period gives that year's months up to December. */
export function monthsUpTo(period: string, n: number): string[] {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(period);
  if (!m) return [];
  let year = Number(m[1]);
  let month = m[2] ? Number(m[2]) : 12;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${year}-${String(month).padStart(2, '0')}`);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return out;
}
