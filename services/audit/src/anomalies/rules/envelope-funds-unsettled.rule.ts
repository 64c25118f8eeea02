import { z } from 'zod';
import { LocalDate } from '@benefits/kernel';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../rule';
import { divisionScope, eachDocument } from './read-models/procedure-cases';
import { FINANCE_ENVELOPES, FINANCE_PAYMENTS, FINANCE_PROJECTION, financeProjection, type FinanceEnvelopeDoc, type FinancePaymentDoc } from './read-models/finance-ledger';

/**
 * A6 资金滞留 — a payment envelope (发放批次) whose funds are not settled within N days of its export
 * to the bank. Each envelope exported before `asOf − N` (more than N days before the scan date) is examined; its bank lines still
 * without a return (`PaymentSettled` / `PaymentFailed`), and those the bank refused or reversed and
 * that were not reissued, are the funds not settled. One candidate per envelope, with counts and
 * the amount unsettled in fen.
 *
 * N is a product default (10 calendar days; no official figure is known), configurable.
 */
export const EnvelopeFundsUnsettledConfigSchema = z
  .object({
    /** Calendar days after the export by which every line should have a return. */
    days: z.number().int().min(1).max(366),
    /** Count lines the bank refused or reversed and no reissue took up (default true). */
    includeReturnedNotReissued: z.boolean(),
    /** Payment streams cited as evidence per envelope (the counts cover all). */
    maxPaymentsCited: z.number().int().min(0).max(1000),
  })
  .strict();
export type EnvelopeFundsUnsettledConfig = z.infer<typeof EnvelopeFundsUnsettledConfigSchema>;

export const ENVELOPE_FUNDS_UNSETTLED_DEFAULTS: EnvelopeFundsUnsettledConfig = { days: 10, includeReturnedNotReissued: true, maxPaymentsCited: 20 };

export const envelopeFundsUnsettledRule: AnomalyRule<EnvelopeFundsUnsettledConfig> = {
  id: 'A6-envelope-funds-unsettled',
  title: { zh: '发放批次资金导出后逾期未结算', en: 'Payment envelope not settled within N days of export' },
  description: {
    zh:
      '检查每个已导出银行文件的发放批次（disbursement.EnvelopeExported）：导出后超过N天（默认10天，产品默认值，无官方数字，可配置），截至扫描日仍有未回盘的付款行' +
      '（无 PaymentSettled/PaymentFailed），或被银行退回/冲回且未补发的付款行，即列为疑点；每个批次一条，给出未结算笔数及金额（分）。数据：审计读模型 audit.finance（批次、付款状态）。' +
      '依据：救助资金应及时足额发放到户，资金滞留、未及时拨付、闲置是审计常见问题（A6，如资金长期滞留乡镇账户）。',
    en:
      'For every payment envelope exported to the bank (disbursement.EnvelopeExported): more than N days after the export (default 10 — a product ' +
      'default, no official figure is known; configurable), are there bank lines still without a return (no PaymentSettled/PaymentFailed), or lines ' +
      'the bank refused or reversed that no reissue took up, at the scan date? One candidate per envelope with the count and amount (fen) unsettled. ' +
      'Data: the audit read model audit.finance (envelopes, payment status). Why: assistance funds must reach the households in time and in full; ' +
      'funds parked, paid late or left idle are a finding auditors list (A6).',
  },
  configSchema: EnvelopeFundsUnsettledConfigSchema,
  defaults: ENVELOPE_FUNDS_UNSETTLED_DEFAULTS,
  projections: () => [financeProjection()],
  scan: scanEnvelopes,
};

const lineFen = (p: FinancePaymentDoc) => Math.max(0, p.fen - p.nettedFen);

async function* scanEnvelopes(context: RuleScanContext<EnvelopeFundsUnsettledConfig>): AsyncIterable<AnomalyCandidate> {
  const { days, includeReturnedNotReissued, maxPaymentsCited } = context.config;
  const view = await context.view(FINANCE_PROJECTION);
  // Listed once more than N days have passed: exported before asOf − N.
  const exportedBy = LocalDate.parse(context.asOf).plusDays(-days).toString();
  let examined = 0;
  const envelopes = eachDocument(view.collection<FinanceEnvelopeDoc>(FINANCE_ENVELOPES), {
    filter: { exported: true, exportedOn: { lt: exportedBy }, divisionCode: divisionScope(context.divisionCode) },
    pageSize: 100,
  });
  for await (const envelope of envelopes) {
    const counts = { lines: 0, settled: 0, pending: 0, returnedNotReissued: 0, reissued: 0 };
    const fen = { settled: 0, pending: 0, returnedNotReissued: 0 };
    const unsettled: FinancePaymentDoc[] = [];
    const cases = new Map<string, { caseId: string; divisionCode: string; benefit: string }>();
    for await (const payment of eachDocument(view.collection<FinancePaymentDoc>(FINANCE_PAYMENTS), { filter: { envelopeId: envelope.envelopeId } })) {
      examined += 1;
      if (examined % 1000 === 0) context.progress(examined);
      switch (payment.status) {
        case 'settled':
          counts.lines += 1;
          counts.settled += 1;
          fen.settled += lineFen(payment);
          continue;
        case 'enveloped':
        case 'sent':
          counts.lines += 1;
          counts.pending += 1;
          fen.pending += lineFen(payment);
          break;
        case 'failed':
        case 'reversed':
          counts.lines += 1;
          if (payment.followUpId) {
            counts.reissued += 1;
            continue;
          }
          if (!includeReturnedNotReissued) continue;
          counts.returnedNotReissued += 1;
          fen.returnedNotReissued += payment.status === 'reversed' && typeof payment.reversedFen === 'number' && payment.reversedFen > 0 ? payment.reversedFen : lineFen(payment);
          break;
        default:
          // held, cancelled, netted, created: not a bank line of this envelope.
          continue;
      }
      unsettled.push(payment);
      cases.set(payment.caseId, { caseId: payment.caseId, divisionCode: payment.divisionCode, benefit: payment.benefit });
    }
    if (unsettled.length === 0) continue;
    const amountUnsettledFen = fen.pending + fen.returnedNotReissued;
    const daysSinceExport = LocalDate.parse(context.asOf).epochDay - LocalDate.parse(envelope.exportedOn!).epochDay;
    yield {
      subjectKey: `envelope-${envelope.envelopeId}`,
      cases: [...cases.values()],
      summary: {
        zh: `发放批次 ${envelope.envelopeId} 于 ${envelope.exportedOn} 导出，${daysSinceExport} 天后仍有 ${unsettled.length} 笔、${(amountUnsettledFen / 100).toFixed(2)} 元未结算`,
        en: `envelope ${envelope.envelopeId} exported ${envelope.exportedOn}: ${unsettled.length} lines, ${(amountUnsettledFen / 100).toFixed(2)} yuan not settled after ${daysSinceExport} days`,
      },
      amountFen: amountUnsettledFen,
      evidence: [
        { streamId: envelope.streamId, revision: envelope.exportRevision!, note: 'disbursement.EnvelopeExported.v1' },
        ...unsettled.slice(0, maxPaymentsCited).map((p) => ({ streamId: p.paymentStreamId, revision: p.revision, note: p.status })),
      ],
      details: {
        envelopeId: envelope.envelopeId,
        benefit: envelope.benefit,
        divisionCode: envelope.divisionCode,
        runPeriod: envelope.runPeriod,
        exportedOn: envelope.exportedOn,
        daysSinceExport,
        limitDays: days,
        closed: envelope.closed,
        counts: { ...counts, unsettled: unsettled.length },
        fen: { ...fen, unsettled: amountUnsettledFen },
        exported: { lines: envelope.exportedLines, totalFen: envelope.exportedTotalFen },
        paymentsCited: Math.min(unsettled.length, maxPaymentsCited),
      },
    };
  }
  context.progress(examined);
}
