import type { Test } from 'supertest';
import { layoutById } from '../../services/disbursement/src/bank-files/layout';
import { renderReturnFile, type SimulatedReturnLine } from '../../services/disbursement/src/bank-files/return-file.parser';
import type { FailureReason } from '../../services/disbursement/src/ledger/ledger.types';

/**
 * The finance path of one envelope (发放批次) over the disbursement HTTP API, for the cross-service
 * suites (embedded and separate processes): 一卡通 accounts, the envelope read, approved by a finance
 * clerk who did not prepare it, exported as a bank file (sample layout), a bank return produced by the
 * bank simulator (`renderReturnFile`) imported, the envelope reconciled and closed.
 * Sample data throughout: made-up account numbers and holder names.
 */
export const SAMPLE_LAYOUT = 'sample-csv-utf8';

export type Headers = Record<string, string>;
export interface DisbursementHttp {
  get(path: string): Test;
  post(path: string): Test;
  put(path: string): Test;
}
type Http = () => DisbursementHttp;

/** A payment as the envelope lists it (the ledger read model's document). */
export interface EnvelopePayment {
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  periodKey: string;
  runPeriod: string;
  kind: string;
  fen: number;
  nettedFen: number;
  status: string;
  envelopeId: string | null;
  followUpOf: string | null;
  followUpId: string | null;
}

/** A made-up 一卡通 account (sample data), numbered so each person gets their own. */
export function sampleAccountBody(divisionCode: string, n: number, accountNumber = `6230910${String(n).padStart(9, '0')}`) {
  return {
    divisionCode,
    account: { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber, holderName: `样例户主${n}`, cardType: '社保卡' },
    evidence: { kind: '银行开户回执', reference: `KH-SAMPLE-${n}` },
    reason: '开户（样例）',
  };
}

/** PUT /disbursement/accounts/{personRef}: records (or changes) the person's account; returns the answer's body. */
export async function recordAccount(http: Http, headers: Headers, personRef: string, body: ReturnType<typeof sampleAccountBody>) {
  const res = await http().put(`/disbursement/accounts/${personRef}`).set(headers).send(body);
  if (res.status !== 200) throw new Error(`PUT /disbursement/accounts/${personRef}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { personRef: string; outcome: 'recorded' | 'changed' | 'unchanged'; accountVersion: number; usable: boolean; masked: string };
}

/** Every payment listed in the envelope (all pages). */
export async function envelopePayments(http: Http, headers: Headers, envelopeId: string): Promise<EnvelopePayment[]> {
  const items: EnvelopePayment[] = [];
  let cursor: string | null = null;
  do {
    const page = await http()
      .get(`/disbursement/envelopes/${envelopeId}/payments`)
      .query({ limit: 50, ...(cursor ? { cursor } : {}) })
      .set(headers)
      .expect(200);
    items.push(...(page.body.items as EnvelopePayment[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return items;
}

const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** "1234.56" (the sample layout's yuan with two decimals) → fen. */
export const yuanToFen = (text: string) => {
  const m = /^(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not an amount in yuan with 2 decimals: ${text}`);
  return Number(m[1]) * 100 + Number(m[2]);
};

export interface EnvelopeSettlement {
  envelopeId: string;
  /** The envelope as read before approval (status `prepared`). */
  prepared: { totals: { count: number; fen: number; byKind: Record<string, { count: number; fen: number }> }; held: { count: number; fen: number }; references?: string[] };
  payments: EnvelopePayment[];
  /** The bank file's header and trailer, as parsed. */
  bankFile: { header: { envelopeId: string; benefit: string; divisionCode: string; period: string; lineCount: number; totalFen: number }; trailer: { lineCount: number; totalFen: number }; details: string[]; sha256: string };
  returned: { counts: Record<string, number>; fen: Record<string, number> };
  reconciliation: { balanced: boolean; lines: Record<string, { count: number; fen: number }>; differences: { paymentStreamId: string; bucket: string }[] };
  closed: boolean;
}

/**
 * Approve → export → bank return → reconcile (→ close) of one prepared envelope.
 * - `approver`: a finance clerk who did not start the run (maker-checker);
 * - `preparer` (optional, a finance clerk who started the run): shown to be refused ENVELOPE_SAME_ACTOR;
 * - `failed`: payment ids the bank returns failed, with the reason (every other line settles);
 * - `returnedOn`: the bank's processing date (the return file's date).
 * Every step is checked: control totals of the envelope = the payments listed = header and trailer of
 * the bank file; the return applies every line; the reconciliation balances to the fen.
 */
export async function settleEnvelope(
  http: Http,
  envelopeId: string,
  options: { approver: Headers; preparer?: Headers; auditor?: Headers; returnedOn: string; failed?: Record<string, FailureReason>; close?: boolean },
): Promise<EnvelopeSettlement> {
  const { approver } = options;
  const envelope = await http().get(`/disbursement/envelopes/${envelopeId}`).set(approver).expect(200);
  expect(envelope.body.status).toBe('prepared');
  const prepared = envelope.body.prepared as EnvelopeSettlement['prepared'];
  const payments = await envelopePayments(http, approver, envelopeId);
  // The envelope's control totals are its listed payments.
  expect({ count: payments.length, fen: payments.reduce((s, p) => s + p.fen - p.nettedFen, 0) }).toEqual({ count: prepared.totals.count, fen: prepared.totals.fen });
  expect(prepared.totals.count).toBeGreaterThan(0);

  if (options.preparer) {
    const same = await http().post(`/disbursement/envelopes/${envelopeId}/approve`).set(options.preparer).send({}).expect(403);
    expect(same.body.code).toBe('ENVELOPE_SAME_ACTOR');
  }
  const approved = await http().post(`/disbursement/envelopes/${envelopeId}/approve`).set(approver).send({ note: '已核对（样例）' }).expect(200);
  expect(approved.body.status).toBe('approved');

  const exported = await binary(http().post(`/disbursement/envelopes/${envelopeId}/export`).set(approver).send({ layoutId: SAMPLE_LAYOUT, format: 'csv' })).expect(200);
  const rows = (exported.body as Buffer).toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const [h, ...rest] = rows;
  const t = rest.pop()!;
  const hf = h.split(',');
  const tf = t.split(',');
  expect([hf[0], tf[0]]).toEqual(['H', 'T']);
  const bankFile: EnvelopeSettlement['bankFile'] = {
    header: { envelopeId: hf[1], benefit: hf[2], divisionCode: hf[3], period: hf[4], lineCount: Number(hf[5]), totalFen: yuanToFen(hf[6]) },
    trailer: { lineCount: Number(tf[1]), totalFen: yuanToFen(tf[2]) },
    details: rest,
    sha256: exported.headers['x-content-sha256'] as string,
  };
  // Header and trailer carry the envelope's control totals; one detail line per listed payment.
  expect(bankFile.header).toMatchObject({ envelopeId, lineCount: prepared.totals.count, totalFen: prepared.totals.fen });
  expect(bankFile.trailer).toEqual({ lineCount: prepared.totals.count, totalFen: prepared.totals.fen });
  expect(rest).toHaveLength(prepared.totals.count);
  expect(Number(exported.headers['x-total-fen'])).toBe(prepared.totals.fen);
  for (const p of payments) expect(rest.some((line) => line.split(',')[2] === p.paymentStreamId)).toBe(true);

  // The bank (simulated) pays every line, except the ones the test makes fail.
  const failed = options.failed ?? {};
  const lines: SimulatedReturnLine[] = payments.map((p, i) =>
    failed[p.paymentStreamId]
      ? { paymentId: p.paymentStreamId, amountFen: p.fen - p.nettedFen, status: 'failed', reason: failed[p.paymentStreamId] }
      : { paymentId: p.paymentStreamId, amountFen: p.fen - p.nettedFen, status: 'settled', bankRef: `BR-${envelopeId.slice(-12)}-${i}` },
  );
  const file = renderReturnFile(layoutById(SAMPLE_LAYOUT), { envelopeId, createdOn: options.returnedOn, lines });
  const imported = await http()
    .post(`/disbursement/envelopes/${envelopeId}/returns`)
    .query({ fileName: `return-${envelopeId}.csv` })
    .set(approver)
    .set('Content-Type', 'application/octet-stream')
    .send(file);
  if (imported.status !== 200) throw new Error(`POST /disbursement/envelopes/${envelopeId}/returns: ${imported.status} ${JSON.stringify(imported.body)}`);
  const failedIds = Object.keys(failed);
  const failedFen = payments.filter((p) => failed[p.paymentStreamId]).reduce((s, p) => s + p.fen - p.nettedFen, 0);
  expect(imported.body).toMatchObject({
    alreadyImported: false,
    counts: { settled: payments.length - failedIds.length, failed: failedIds.length, reversed: 0, refused: 0 },
    fen: { settled: prepared.totals.fen - failedFen, failed: failedFen },
  });

  const reconciled = await http().get(`/disbursement/envelopes/${envelopeId}/reconciliation`).set(options.auditor ?? approver).expect(200);
  const reconciliation = reconciled.body as EnvelopeSettlement['reconciliation'];
  expect(reconciliation.balanced).toBe(true);
  expect(reconciliation.lines.settled).toEqual({ count: payments.length - failedIds.length, fen: prepared.totals.fen - failedFen });
  expect(reconciliation.lines.netSettled).toEqual({ count: payments.length - failedIds.length, fen: prepared.totals.fen - failedFen });
  expect(reconciliation.lines.failed).toEqual({ count: failedIds.length, fen: failedFen });

  let closed = false;
  if (options.close !== false) {
    const res = await http().post(`/disbursement/envelopes/${envelopeId}/close`).set(approver).expect(200);
    expect(res.body.status).toBe('closed');
    closed = true;
  }
  const after = await envelopePayments(http, approver, envelopeId);
  const expectedStatus = (p: EnvelopePayment) => (failed[p.paymentStreamId] ? 'failed' : 'settled');
  expect(after.map((p) => [p.paymentStreamId, p.status]).sort()).toEqual(payments.map((p) => [p.paymentStreamId, expectedStatus(p)]).sort());
  return { envelopeId, prepared, payments, bankFile, returned: imported.body, reconciliation, closed };
}

/** A payment the run created, as GET /disbursement/runs/{runId}/payments lists it. */
export interface RunPayment {
  paymentStreamId: string;
  personRef: string;
  periodKey: string;
  kind: string;
  amount: { fen: number };
}

/**
 * POST /disbursement/runs by `starter` (民政 case officer or finance clerk), then the run's payments
 * read by `reader` (finance may read payments; a case officer may start a run but not list payments).
 */
export async function startRun(http: Http, starter: Headers, reader: Headers, body: { benefit: string; divisionCode: string; period: string }) {
  const res = await http().post('/disbursement/runs').set(starter).send(body);
  if (res.status !== 200) throw new Error(`POST /disbursement/runs ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  const payments: RunPayment[] = [];
  let cursor: string | null = null;
  do {
    const page = await http()
      .get(`/disbursement/runs/${res.body.runId as string}/payments`)
      .query({ limit: 50, ...(cursor ? { cursor } : {}) })
      .set(reader)
      .expect(200);
    payments.push(...(page.body.items as RunPayment[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return { runId: res.body.runId as string, status: res.body.status as string, created: res.body.counts.created as number, payments };
}
