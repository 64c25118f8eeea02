import type { LedgerPaymentDoc } from '../ledger/ledger.types';

/** Test and documentation fixtures: ledger documents built with the defaults of a settled regular payment. */
export function ledgerDoc(id: string, overrides: Partial<LedgerPaymentDoc> = {}): LedgerPaymentDoc {
  const fen = overrides.fen ?? 80_000;
  const nettedFen = overrides.nettedFen ?? 0;
  const status = overrides.status ?? 'settled';
  const settled = status === 'settled' || status === 'reversed';
  return {
    paymentStreamId: id,
    caseId: 'case-1',
    personRef: 'person-1',
    benefit: 'dibao',
    divisionCode: '330402',
    scope: 'dibao|330402',
    runPeriod: '2025-03',
    periodKey: '2025-03',
    kind: 'regular',
    fen,
    nettedFen,
    runId: 'dibao-330402-2025-03-1',
    envelopeId: status === 'created' ? null : 'dibao-330402-2025-03-1',
    status,
    hold: null,
    failure: null,
    followUpOf: null,
    followUpId: null,
    settledFen: settled ? fen - nettedFen : 0,
    reversedFen: status === 'reversed' ? fen - nettedFen : 0,
    bankRef: settled ? `bank-${id}` : null,
    ...overrides,
  };
}

/** SAMPLE shares (样例数据), not from any real document. */
export const SAMPLE_SHARES = { central: 5000, provincial: 2000, city: 1500, county: 1500 };

/** The worked example of docs/reconciliation.md: one 低保 envelope of March 2025 (sample data). */
export function workedExample(): LedgerPaymentDoc[] {
  return [
    ledgerDoc('payment-A', { fen: 80_001 }),
    ledgerDoc('payment-B', { nettedFen: 20_000 }),
    ledgerDoc('payment-C', { status: 'failed', failure: { reason: 'ACCOUNT_CLOSED', bankReason: '账户已销户' }, followUpId: 'payment-C-fu1' }),
    ledgerDoc('payment-C-fu1', { kind: 'follow-up', followUpOf: 'payment-C' }),
    ledgerDoc('payment-D', { status: 'reversed', failure: { reason: 'NAME_MISMATCH', bankReason: '户名不符' } }),
    ledgerDoc('payment-E', { status: 'held', hold: { reason: 'ACCOUNT_MISSING' } }),
    ledgerDoc('payment-F', { status: 'cancelled', hold: { reason: 'DUPLICATE_PERSON', claimedBy: 'payment-X' } }),
    ledgerDoc('payment-G', { kind: 'arrears', fen: 12_345, status: 'sent' }),
    ledgerDoc('payment-H', { kind: 'instalment', fen: 50_000, status: 'enveloped' }),
    ledgerDoc('payment-R', { kind: 'recovery', fen: 20_000, nettedFen: 20_000, status: 'netted' }),
    ledgerDoc('payment-R2', { kind: 'recovery', fen: 15_000, status: 'enveloped' }),
  ];
}
