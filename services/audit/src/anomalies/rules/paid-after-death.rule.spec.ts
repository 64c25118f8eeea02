import { newId, type Actor } from '@benefits/kernel';
import { registerBenefit } from '@benefits/standards';
import { paidAfterDeathRule } from './paid-after-death.rule';
import { ruleBench, type RuleBench } from './rule-test-support';

const officer: Actor = { id: 'officer-1', role: 'case_officer', divisionCode: '330402' };

describe('A1-paid-after-death', () => {
  let bench: RuleBench;
  const caseId = newId();
  const mother = newId();
  const father = newId();

  const moduleCaseId = newId();
  const payment = async (personRef: string, month: string, settled: boolean, benefit = 'tefu', ofCase = caseId) => {
    const streamId = `payment-${ofCase}-${personRef}-${month}`;
    await bench.append(streamId, [
      {
        type: 'disbursement.PaymentCreated.v1',
        data: { paymentStreamId: streamId, caseId: ofCase, personRef, benefit, divisionCode: '330402', period: { kind: 'month', month }, periodKey: month, amount: { fen: 100_000 } },
      },
      ...(settled ? [{ type: 'disbursement.PaymentSettled.v1', data: { paymentStreamId: streamId, amountFen: 100_000, bankRef: 'b', valueDate: `${month}-10`, returnKey: 'k', envelopeId: 'e' } }] : []),
    ]);
  };

  beforeAll(async () => {
    // A benefit registered as a module (sample, not a real scheme), paid to the same person.
    registerBenefit({ id: 'samplegrant', nameZh: '样例补贴', itemName: /^样例补贴$/ });
    bench = await ruleBench(paidAfterDeathRule);
    await bench.append(`case-${caseId}`, [
      { type: 'tefu.CaseCreated.v1', data: { caseId, benefit: 'tefu', divisionCode: '330402', members: [{ personRef: mother }, { personRef: father }], effectiveFrom: '2024-01-05' }, actor: officer },
      // Recorded 2024-03-20, corrected to 2024-03-02: the correction counts.
      { type: 'tefu.FactRecorded.v1', data: { caseId, factId: 'f1', subject: mother, fact: { kind: 'death' }, effectiveFrom: '2024-03-20', supersedes: null, evidence: [] }, actor: officer },
      { type: 'tefu.FactRecorded.v1', data: { caseId, factId: 'f2', subject: mother, fact: { kind: 'death' }, effectiveFrom: '2024-03-02', supersedes: 'f1', evidence: [] }, actor: officer },
    ]);
    await payment(mother, '2024-03', true); // period started before the death: not flagged
    await payment(mother, '2024-04', true); // after: flagged
    await payment(mother, '2024-05', false); // not settled: flagged only when configured
    await payment(father, '2024-04', true); // alive
    await payment(mother, '2024-06', true, 'samplegrant', moduleCaseId); // the module's benefit: flagged only when listed
  });
  afterAll(() => bench?.close());

  it('flags a settled payment for a period starting after the recorded (corrected) date of death', async () => {
    const found = await bench.run(paidAfterDeathRule, '330400');
    expect(found.map((c) => c.subjectKey)).toEqual([`payment-${caseId}-${mother}-2024-04`]);
    expect(found[0]).toMatchObject({
      cases: [{ caseId, divisionCode: '330402', benefit: 'tefu' }],
      amountFen: 100_000,
      details: { deathDate: '2024-03-02', periodKey: '2024-04', paymentStatus: 'settled' },
    });
    expect(found[0].evidence).toEqual(
      expect.arrayContaining([
        { streamId: `case-${caseId}`, revision: 2, note: 'death recorded' },
        { streamId: `payment-${caseId}-${mother}-2024-04`, revision: 1, note: 'settled' },
      ]),
    );
  });

  it('does not flag within the grace period, outside the division, or unsettled payments unless configured', async () => {
    expect(await bench.run(paidAfterDeathRule, '330400', { graceDays: 90 })).toEqual([]);
    expect(await bench.run(paidAfterDeathRule, '330481')).toEqual([]);
    const withUnsettled = await bench.run(paidAfterDeathRule, '330402', { statuses: ['settled', 'created'] });
    expect(withUnsettled.map((c) => c.details?.periodKey)).toEqual(['2024-04', '2024-05']);
  });

  it('checks a benefit registered as a module when it is listed; an unknown benefit is refused', async () => {
    const listed = await bench.run(paidAfterDeathRule, '330402', { benefits: ['tefu', 'samplegrant'] });
    expect(listed.map((c) => c.subjectKey)).toEqual([`payment-${caseId}-${mother}-2024-04`, `payment-${moduleCaseId}-${mother}-2024-06`]);
    expect(listed[1]).toMatchObject({ cases: [{ caseId: moduleCaseId, benefit: 'samplegrant' }], summary: { zh: expect.stringContaining('样例补贴') } });
    await expect(bench.run(paidAfterDeathRule, '330402', { benefits: ['pension'] })).rejects.toThrow(/not a known benefit/);
  });
});
