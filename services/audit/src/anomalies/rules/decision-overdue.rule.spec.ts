import { newId } from '@benefits/kernel';
import { defaultDibaoPolicy } from '../../../../applications/src/dibao/policy';
import { decisionOverdueRule } from './decision-overdue.rule';
import { procedureProjection } from './read-models/procedure-cases';
import { dibaoCaseEvents, linshiCaseEvents, startRuleTestBed, type RuleTestBed } from './read-models/procedure-testing';

jest.setTimeout(180_000);

/**
 * Dates in 2026, counted in the published 2026 calendar (清明 2026-04-06 is a holiday): accepted on
 * Monday 2026-03-02, 25 working days end on 2026-04-07; a notice ending 2026-03-16 calls for the
 * decision by 2026-03-30 (10 working days).
 */
describe('A9-decision-overdue', () => {
  let bed: RuleTestBed;
  const division = '330402';
  const notice = [{ startedOn: '2026-03-10', endsOn: '2026-03-16' }];
  const onTime = newId();
  const lateStep = newId();
  const lateBoth = newId();
  const pending = newId();
  const young = newId();
  const rejectedLate = newId();
  const unpublishedYear = newId();
  const linshi = newId();

  beforeAll(async () => {
    bed = await startRuleTestBed([procedureProjection()]);
    const dibao = (id: string, steps: Parameters<typeof dibaoCaseEvents>[2]) => bed.append(`case-${id}`, dibaoCaseEvents(id, division, steps));
    await dibao(onTime, { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: notice, approvedOn: '2026-03-17' });
    await dibao(lateStep, { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: notice, approvedOn: '2026-04-03' });
    await dibao(lateBoth, { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: notice, approvedOn: '2026-04-10' });
    await dibao(pending, { appliedOn: '2026-03-02', acceptedOn: '2026-03-02' });
    await dibao(young, { appliedOn: '2026-04-01', acceptedOn: '2026-04-01' });
    await dibao(rejectedLate, { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', rejectedOn: '2026-04-09' });
    // 2027 has no published calendar: the due date recorded when the case was accepted stands in.
    await dibao(unpublishedYear, { appliedOn: '2027-01-04', acceptedOn: '2027-01-04', processDueOn: '2027-02-08' });
    await bed.append(`case-${linshi}`, linshiCaseEvents(linshi, '110105', { appliedOn: '2026-03-02', type: 'zhichu', approvedOn: '2026-04-01' }));
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('takes its defaults from the 低保 policy of the applications service; 临时救助 has none', () => {
    const policy = defaultDibaoPolicy();
    expect(decisionOverdueRule.defaults).toEqual({
      dibaoProcessWorkingDays: policy.processLimit,
      dibaoDecisionWorkingDays: policy.stepLimits.decision,
      linshiDecisionWorkingDays: null,
      includePending: true,
    });
    expect(decisionOverdueRule.configSchema.safeParse({ ...decisionOverdueRule.defaults, linshiDecisionWorkingDays: 0 }).success).toBe(false);
  });

  it('lists decisions made late and undecided cases past their limit, each limit with its due date; not those on time', async () => {
    const found = await bed.scan(decisionOverdueRule, { divisionCode: '330400', asOf: '2026-04-20' });
    const byCase = new Map(found.map((c) => [c.cases[0].caseId, c]));
    expect([...byCase.keys()].sort()).toEqual([lateStep, lateBoth, pending, rejectedLate].sort());
    expect(byCase.get(lateStep)).toMatchObject({
      subjectKey: `case-${lateStep}`,
      cases: [{ caseId: lateStep, divisionCode: division, benefit: 'dibao' }],
      evidence: [
        { streamId: `case-${lateStep}`, revision: 2, note: 'dibao.PublicNoticePosted.v1' },
        { streamId: `case-${lateStep}`, revision: 3, note: 'dibao.CaseApproved.v1' },
      ],
      details: { status: 'decided-late', decision: 'approved', breaches: [{ limit: 'dibao.decisionAfterNotice', from: '2026-03-16', dueOn: '2026-03-30', decidedOn: '2026-04-03', daysLate: 4, basis: 'working-days' }] },
    });
    expect((byCase.get(lateBoth)!.details as { breaches: unknown[] }).breaches).toEqual([
      expect.objectContaining({ limit: 'dibao.process', dueOn: '2026-04-07', daysLate: 3 }),
      expect.objectContaining({ limit: 'dibao.decisionAfterNotice', dueOn: '2026-03-30', daysLate: 11 }),
    ]);
    expect(byCase.get(pending)).toMatchObject({
      evidence: [{ revision: 1, note: 'dibao.ApplicationAccepted.v1' }],
      details: { status: 'pending-overdue', decision: null, breaches: [{ limit: 'dibao.process', dueOn: '2026-04-07', decidedOn: null, daysLate: 13 }] },
    });
    expect(byCase.get(rejectedLate)).toMatchObject({ details: { status: 'decided-late', decision: 'rejected', breaches: [{ limit: 'dibao.process', daysLate: 2 }] } });
  });

  it('without a published calendar for the year, uses the due date recorded on the case and says so', async () => {
    const found = await bed.scan(decisionOverdueRule, { divisionCode: division, asOf: '2027-03-01' });
    const late = found.find((c) => c.cases[0].caseId === unpublishedYear)!;
    expect(late.details).toMatchObject({
      breaches: [{ limit: 'dibao.process', dueOn: '2027-02-08', basis: 'recorded-due-date', daysLate: 21, calendarNote: { missingYear: 2027 } }],
    });
  });

  it('checks 临时救助 only with a configured limit; pending cases can be left out', async () => {
    expect(await bed.scan(decisionOverdueRule, { divisionCode: '110105', asOf: '2026-04-20' })).toEqual([]);
    const configured = await bed.scan(decisionOverdueRule, { divisionCode: '110105', asOf: '2026-04-20', config: { linshiDecisionWorkingDays: 15 } });
    expect(configured).toEqual([
      expect.objectContaining({
        cases: [{ caseId: linshi, divisionCode: '110105', benefit: 'linshi' }],
        details: expect.objectContaining({ breaches: [expect.objectContaining({ limit: 'linshi.decision', dueOn: '2026-03-23', daysLate: 9 })] }),
      }),
    ]);
    const decidedOnly = await bed.scan(decisionOverdueRule, { divisionCode: division, asOf: '2026-04-20', config: { includePending: false } });
    expect(decidedOnly.map((c) => c.cases[0].caseId).sort()).toEqual([lateStep, lateBoth, rejectedLate].sort());
  });
});
