import { z } from 'zod';
import { LocalDate } from '@benefits/kernel';
import { benefitNameZh, isBenefitId, isWithinDivision } from '@benefits/standards';
import type { AnomalyCandidate, AnomalyRule } from '../rule';
import { AUDIT_PAYMENTS, PAYMENTS_PROJECTION, paymentsProjection, type AuditPaymentDoc } from '../read-models/payments.projection';
import { PEOPLE, PEOPLE_PROJECTION, peopleProjection, type PersonDoc } from '../read-models/people.projection';
import { BENEFIT_NAMES, pages, withinScope, yuan } from './rule-helpers';

const ConfigSchema = z
  .object({
    /** Days after the date of death before a period may no longer start (e.g. 30: a period starting within 30 days of the death is not flagged). */
    graceDays: z.number().int().min(0).max(366),
    /** Which payment states count: settled (paid) by default; add `created` / `held` to see payments not yet paid. */
    statuses: z.array(z.enum(['settled', 'created', 'held'])).min(1),
    /**
     * Benefits checked: the shipped three by default; a benefit registered as a module may be named too
     * (its payments are to the same persons, so a death recorded in a 特扶 or 低保 case flags them).
     */
    benefits: z.array(z.string().refine(isBenefitId, { message: 'not a known benefit' })).min(1),
  })
  .strict();
export type PaidAfterDeathConfig = z.infer<typeof ConfigSchema>;

/**
 * A1 死亡人员继续领取: a payment to a person for a period that starts after their recorded date of
 * death (+ grace). Reads `audit.people` (persons with a recorded death in the scan's division: 特扶
 * death facts, corrections applied; 低保 exits by death of one-member households) and
 * `audit.payments` (the person's payments from that date on).
 */
export const paidAfterDeathRule: AnomalyRule<PaidAfterDeathConfig> = {
  id: 'A1-paid-after-death',
  title: { zh: '死亡人员继续领取', en: 'Paid after death' },
  description: {
    zh:
      '对象死亡后仍有待遇发放：待遇期间的起始日晚于登记的死亡日期（加宽限天数 graceDays）的发放记录，默认只计已到账（settled）的发放，默认查低保、特扶、临时救助（以模块注册的待遇项目可列入 benefits）。' +
      '数据：案件事件中的死亡事实（特扶 FactRecorded death，含更正；低保单人户因死亡退出）与发放流水。来源：审计常见问题“死亡人员继续领取”（如广东省 2014 年审计对比公安户籍数据发现已故人员仍被发放）。',
    en:
      'A payment to a person for a period starting after their recorded date of death plus graceDays; by default settled payments only, for 低保, 特扶 and 临时救助 (a benefit registered as a module may be listed in benefits). ' +
      'Data: death facts on the case streams (特扶 FactRecorded of kind death, corrections applied; 低保 exit by death of a one-member household) and the payments. ' +
      'Source: the audit finding "deceased persons still paid" (e.g. a 2014 provincial audit matching civil-registration deaths).',
  },
  configSchema: ConfigSchema,
  defaults: { graceDays: 0, statuses: ['settled'], benefits: ['dibao', 'tefu', 'linshi'] },
  projections: () => [peopleProjection(), paymentsProjection()],
  async *scan(context) {
    const people = (await context.view(PEOPLE_PROJECTION)).collection<PersonDoc>(PEOPLE);
    const payments = (await context.view(PAYMENTS_PROJECTION)).collection<AuditPaymentDoc>(AUDIT_PAYMENTS);
    let examined = 0;
    for await (const page of pages(people, { deathDate: { gte: '0000-01-01' }, divisionCodes: withinScope(context.divisionCode) })) {
      for (const person of page) {
        examined += 1;
        if (!person.deathDate) continue;
        const after = LocalDate.parse(person.deathDate).plusDays(context.config.graceDays).toString();
        const death = person.deathRecords.find((r) => r.date === person.deathDate) ?? person.deathRecords.at(-1)!;
        for await (const paid of pages(payments, { personRef: person.personRef, periodStart: { gt: after }, status: { in: context.config.statuses } }, 200)) {
          for (const payment of paid) {
            if (!context.config.benefits.includes(payment.benefit)) continue;
            if (!isWithinDivision(payment.divisionCode, context.divisionCode)) continue;
            yield candidateOf(payment, person.deathDate, death, context.config.graceDays);
          }
        }
      }
      context.progress(examined);
    }
    context.progress(examined);
  },
};

function candidateOf(payment: AuditPaymentDoc, deathDate: string, death: PersonDoc['deathRecords'][number], graceDays: number): AnomalyCandidate {
  const amountFen = payment.status === 'settled' ? payment.settledFen || payment.amountFen : payment.amountFen;
  const benefit = BENEFIT_NAMES[payment.benefit] ?? benefitNameZh(payment.benefit);
  return {
    subjectKey: payment.paymentStreamId,
    cases: [{ caseId: payment.caseId, divisionCode: payment.divisionCode, benefit: payment.benefit }],
    summary: {
      zh: `${benefit}：对象已于 ${deathDate} 死亡，仍发放 ${payment.periodKey} 期间待遇 ${yuan(amountFen)} 元（${payment.status === 'settled' ? '已到账' : '未到账'}）`,
      en: `${payment.benefit}: the person died on ${deathDate}; ${yuan(amountFen)} yuan for period ${payment.periodKey} (${payment.status})`,
    },
    amountFen,
    evidence: [
      { streamId: death.streamId, revision: death.revision, note: 'death recorded' },
      { streamId: payment.paymentStreamId, revision: 0, note: 'payment created' },
      ...(payment.settledRevision !== null ? [{ streamId: payment.paymentStreamId, revision: payment.settledRevision, note: 'settled' }] : []),
    ],
    details: { deathDate, graceDays, periodKey: payment.periodKey, periodStart: payment.periodStart, paymentStatus: payment.status, settledOn: payment.settledOn, personRef: payment.personRef },
  };
}
