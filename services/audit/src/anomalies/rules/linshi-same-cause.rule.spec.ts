import { newId, type Actor } from '@benefits/kernel';
import { linshiSameCauseRule } from './linshi-same-cause.rule';
import { ruleBench, type RuleBench } from './rule-test-support';

const officer: Actor = { id: 'officer-1', role: 'case_officer', divisionCode: '330402' };

describe('A4-linshi-same-cause', () => {
  let bench: RuleBench;
  const applicant = newId();
  const spouse = newId();
  const [first, second, third, unrelated, rejected] = [newId(), newId(), newId(), newId(), newId()];

  const apply = (caseId: string, members: string[], cause: string, on: string, extra: Record<string, unknown> = {}) =>
    bench.append(`case-${caseId}`, [
      { type: 'linshi.ApplicationSubmitted.v1', data: { caseId, benefit: 'linshi', divisionCode: '330402', members: members.map((personRef) => ({ personRef })), cause, effectiveFrom: on, ...extra }, actor: officer },
    ]);

  beforeAll(async () => {
    bench = await ruleBench(linshiSameCauseRule);
    await apply(first, [applicant, spouse], 'medical', '2024-09-10');
    // The spouse applies again for the same cause 7 months later, with an override recorded.
    await apply(second, [spouse], 'medical', '2025-04-10', { sameCauseOverride: { reason: '病情加重', earlier: [] } });
    // A different cause: not a repeat.
    await apply(third, [applicant], 'fire', '2025-02-01');
    // Same cause, but 14 months after the first: outside the default 12 months.
    await apply(unrelated, [applicant], 'medical', '2025-11-20');
    // A rejected same-cause application does not count by default.
    await apply(rejected, [applicant], 'fire', '2025-03-01');
    await bench.append(`case-${rejected}`, [{ type: 'linshi.CaseRejected.v1', data: { caseId: rejected, reasons: ['一事一救'], effectiveFrom: '2025-03-02' }, actor: officer }]);
  });
  afterAll(() => bench?.close());

  it('flags the same cause for a member of the same household twice within the period, once per pair of cases', async () => {
    const found = await bench.run(linshiSameCauseRule, '330402');
    expect(found.map((f) => f.subjectKey)).toEqual([`medical|${first}|${second}`]);
    expect(found[0].details).toMatchObject({ cause: 'medical', earlierAppliedOn: '2024-09-10', laterAppliedOn: '2025-04-10', sharedMembers: 1, overridden: true });
  });

  it('does not flag other causes, repeats outside the period, rejected applications, or overrides when configured', async () => {
    expect(await bench.run(linshiSameCauseRule, '330402', { periodMonths: 6 })).toEqual([]);
    expect(await bench.run(linshiSameCauseRule, '330402', { includeOverridden: false })).toEqual([]);
    expect((await bench.run(linshiSameCauseRule, '330402', { countRejected: true })).map((f) => f.subjectKey)).toContain(`fire|${third}|${rejected}`);
    expect((await bench.run(linshiSameCauseRule, '330402', { periodMonths: 24 })).map((f) => f.subjectKey)).toContain(`medical|${first}|${unrelated}`);
    expect(await bench.run(linshiSameCauseRule, '330481')).toEqual([]);
  });
});
