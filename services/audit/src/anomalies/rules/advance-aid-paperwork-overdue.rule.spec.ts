import { newId } from '@benefits/kernel';
import { advanceAidPaperworkOverdueRule } from './advance-aid-paperwork-overdue.rule';
import { procedureProjection } from './read-models/procedure-cases';
import { linshiCaseEvents, startRuleTestBed, type RuleTestBed } from './read-models/procedure-testing';

jest.setTimeout(180_000);

describe('A9-advance-aid-paperwork-overdue', () => {
  let bed: RuleTestBed;
  const inTime = newId();
  const late = newId();
  const outstanding = newId();
  const recent = newId();
  const normal = newId();
  const nextYear = newId();

  beforeAll(async () => {
    bed = await startRuleTestBed([procedureProjection()]);
    const division = '110105';
    await bed.append(`case-${inTime}`, linshiCaseEvents(inTime, division, { appliedOn: '2026-03-02', advanceAidOn: '2026-03-02', paperworkDueOn: '2026-03-12', paperworkOn: '2026-03-12' }));
    await bed.append(`case-${late}`, linshiCaseEvents(late, division, { appliedOn: '2026-03-02', advanceAidOn: '2026-03-02', paperworkDueOn: '2026-03-12', paperworkOn: '2026-03-20', amountFen: 200_000 }));
    await bed.append(`case-${outstanding}`, linshiCaseEvents(outstanding, division, { appliedOn: '2026-03-05', advanceAidOn: '2026-03-05', paperworkDueOn: '2026-03-15', amountFen: 300_000 }));
    await bed.append(`case-${recent}`, linshiCaseEvents(recent, division, { appliedOn: '2026-03-28', advanceAidOn: '2026-03-28' }));
    await bed.append(`case-${normal}`, linshiCaseEvents(normal, division, { appliedOn: '2026-03-02', type: 'zhichu', approvedOn: '2026-03-20' }));
    await bed.append(`case-${nextYear}`, linshiCaseEvents(nextYear, division, { appliedOn: '2027-01-04', advanceAidOn: '2027-01-04' }));
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('defaults to the 临时救助 policy’s paperwork days, counted as calendar days', () => {
    expect(advanceAidPaperworkOverdueRule.defaults).toEqual({ paperworkDays: 10, dayKind: 'calendar', includeCompletedLate: true });
    expect(advanceAidPaperworkOverdueRule.configSchema.safeParse({ paperworkDays: -1, dayKind: 'calendar', includeCompletedLate: true }).success).toBe(false);
  });

  it('lists paperwork still outstanding past the limit and paperwork completed late, with the amount granted; not the one done on its last day', async () => {
    const found = await bed.scan(advanceAidPaperworkOverdueRule, { divisionCode: '110000', asOf: '2026-04-01' });
    const byCase = new Map(found.map((c) => [c.cases[0].caseId, c]));
    expect([...byCase.keys()].sort()).toEqual([late, outstanding].sort());
    expect(byCase.get(outstanding)).toMatchObject({
      subjectKey: `case-${outstanding}`,
      amountFen: 300_000,
      cases: [{ caseId: outstanding, divisionCode: '110105', benefit: 'linshi' }],
      evidence: [{ streamId: `case-${outstanding}`, revision: 1, note: 'linshi.AdvanceAidGranted.v1' }],
      details: { status: 'outstanding', grantedOn: '2026-03-05', dueOn: '2026-03-15', daysOverdue: 17, basis: 'calendar-days' },
    });
    expect(byCase.get(late)).toMatchObject({
      amountFen: 200_000,
      evidence: [{ revision: 1 }, { revision: 3, note: 'linshi.AdvanceAidPaperworkCompleted.v1' }],
      details: { status: 'completed-late', completedOn: '2026-03-20', daysLate: 8 },
    });
  });

  it('judges at the scan date: before the limit passed nothing is overdue; completed-late can be left out', async () => {
    expect(await bed.scan(advanceAidPaperworkOverdueRule, { divisionCode: '110105', asOf: '2026-03-12' })).toEqual([]);
    const onlyOutstanding = await bed.scan(advanceAidPaperworkOverdueRule, { divisionCode: '110105', asOf: '2026-04-01', config: { includeCompletedLate: false } });
    expect(onlyOutstanding.map((c) => c.cases[0].caseId)).toEqual([outstanding]);
    expect(await bed.scan(advanceAidPaperworkOverdueRule, { divisionCode: '330402', asOf: '2026-04-01' })).toEqual([]);
  });

  it('in working days without a published calendar for the year: counts calendar days and says so in the details', async () => {
    const found = await bed.scan(advanceAidPaperworkOverdueRule, { divisionCode: '110105', asOf: '2027-02-01', config: { dayKind: 'working' } });
    const next = found.find((c) => c.cases[0].caseId === nextYear)!;
    expect(next.details).toMatchObject({ dueOn: '2027-01-14', basis: 'calendar-days-fallback', calendarNote: { missingYear: 2027 } });
    // 2026 is published: 10 working days from 2026-03-05 (Thu) end on 2026-03-19.
    expect(found.find((c) => c.cases[0].caseId === outstanding)!.details).toMatchObject({ dueOn: '2026-03-19', basis: 'working-days' });
  });
});
