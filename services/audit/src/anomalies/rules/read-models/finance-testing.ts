import type { RuleTestBed } from './procedure-testing';

/**
 * Finance events as the disbursement service records them (the fields audit reads; specs only,
 * sample data): an envelope of a run with its export, and payments in it with their bank returns.
 */
export async function recordEnvelope(
  bed: RuleTestBed,
  envelopeId: string,
  options: { benefit: string; divisionCode: string; runPeriod: string; exportedAt?: string; closedAt?: string },
): Promise<void> {
  const events: { type: string; data: unknown }[] = [
    {
      type: 'disbursement.EnvelopePrepared.v1',
      data: {
        envelopeId,
        runId: envelopeId,
        benefit: options.benefit,
        divisionCode: options.divisionCode,
        runPeriod: options.runPeriod,
        totals: { count: 0, fen: 0, netted: 0, byKind: {} },
        held: { count: 0, fen: 0, byReason: {} },
        digest: 'sample',
        preparers: ['clerk-1'],
        references: [],
        preparedAt: '2026-03-01T02:00:00.000Z',
      },
    },
    { type: 'disbursement.EnvelopeApproved.v1', data: { envelopeId, approvedAt: '2026-03-01T03:00:00.000Z' } },
  ];
  if (options.exportedAt) {
    events.push({
      type: 'disbursement.EnvelopeExported.v1',
      data: { envelopeId, layoutId: 'sample', format: 'csv', encoding: 'utf-8', fileName: 'sample.csv', sha256: 'ab', bytes: 1, lineCount: 3, totalFen: 0, accountsDigest: 'cd', exportedAt: options.exportedAt },
    });
  }
  if (options.closedAt) events.push({ type: 'disbursement.EnvelopeClosed.v1', data: { envelopeId, closedAt: options.closedAt } });
  await bed.append(`envelope-${envelopeId}`, events);
}

export async function recordPayment(
  bed: RuleTestBed,
  payment: { caseId: string; personRef: string; benefit: string; divisionCode: string; month: string; fen: number; envelopeId: string | null },
  outcome: { settled?: boolean; failed?: boolean; followUpId?: string } = {},
): Promise<string> {
  const streamId = `payment-${payment.caseId}-${payment.personRef}-${payment.month}`;
  const events: { type: string; data: unknown }[] = [
    {
      type: 'disbursement.PaymentCreated.v1',
      data: {
        paymentStreamId: streamId,
        kind: 'regular',
        caseId: payment.caseId,
        personRef: payment.personRef,
        benefit: payment.benefit,
        divisionCode: payment.divisionCode,
        period: { kind: 'month', month: payment.month },
        periodKey: payment.month,
        amount: { fen: payment.fen },
        runPeriod: payment.month,
        determinationId: 'd-1',
        standardRef: { standardId: 's', versionId: 'v', itemNo: '1', contentHash: 'h' },
        schedule: { streamId: `entitlement-${payment.caseId}`, version: 1 },
        runId: payment.envelopeId,
        envelopeId: payment.envelopeId,
        ...(payment.envelopeId ? {} : { hold: { reason: 'ACCOUNT_MISSING' } }),
      },
    },
  ];
  const line = { paymentStreamId: streamId, envelopeId: payment.envelopeId, returnKey: `ret:${streamId}`, amountFen: payment.fen, bankRef: 'B1', valueDate: '2026-03-05' };
  if (outcome.settled) events.push({ type: 'disbursement.PaymentSettled.v1', data: line });
  if (outcome.failed) events.push({ type: 'disbursement.PaymentFailed.v1', data: { ...line, reason: 'ACCOUNT_CLOSED', bankReason: '户已销', accountVersion: 1 } });
  if (outcome.followUpId) events.push({ type: 'disbursement.PaymentFollowedUp.v1', data: { paymentStreamId: streamId, followUpId: outcome.followUpId } });
  await bed.append(streamId, events);
  return streamId;
}
