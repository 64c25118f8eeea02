import { dateOfTurning, LocalDate } from '@benefits/kernel';
import { BIRTH_DATE_ROLES, ROLES } from '@benefits/identity';
import { determinationData, determine, scheduleForApproval, type SnapshotEnvelope } from './determination';
import { parseFacts } from './benefits';
import { BEIJING_ACTIVATED, contextOf, JIAXING, sampleB } from './determination.fixtures';
import { caseDeterminationsView } from './determinations.view';

/** SAMPLE DATA: made-up families. */
const caseId = '0190f1a2-7b3c-7d4e-8f50-1a2b3c4d5e6f';
const wife = '0190f1a2-0000-4000-8000-000000000001';
const husband = '0190f1a2-0000-4000-8000-000000000002';

function snapshotOf(benefit: 'tefu' | 'dibao', facts: unknown, divisionCode: string, effectiveFrom: string): SnapshotEnvelope {
  return { caseId, divisionCode, effectiveFrom, caseRevision: 1, facts: parseFacts(benefit, facts) };
}

/** Every date on which a person born on `birthDate` reaches an age: each pins the birth date. */
const derivedDates = (birthDate: string) => Array.from({ length: 100 }, (_, n) => dateOfTurning(LocalDate.parse(birthDate), n).toString());
const restricted = ROLES.filter((r) => !BIRTH_DATE_ROLES.includes(r));

describe('the determinations view per role', () => {
  // 嘉兴: the wife (born 29 February) is under 49; the husband is 59 and turns 60 within a year.
  const jiaxing = contextOf([JIAXING()]);
  const underAge = {
    members: [
      { personRef: wife, role: 'wife', birthDate: '1976-02-29', elderlyCareSubsidy: false },
      { personRef: husband, role: 'husband', birthDate: '1965-03-15', elderlyCareSubsidy: false },
    ],
    family: { familyType: 'childDisabled', childEventDate: '2023-05-10', childDisabilityGrade: 2 },
  };
  const snapshot = snapshotOf('tefu', underAge, '330402', '2024-08-20');
  const recorded = determinationData('det-1', snapshot, determine(jiaxing, 'tefu', snapshot));

  it('the recorded determination quotes the birth dates, the turning date in a reason and the 29 February reading (what the view must hide)', () => {
    const text = JSON.stringify(recorded);
    expect(recorded.reasons.map((r) => r.code)).toContain('TEFU_WIFE_UNDER_MIN_AGE');
    expect(text).toContain('1976-02-29');
    expect(text).toContain('2025-03-01'); // the day she turns 49 (age.feb29.march1)
    expect(text).toContain('age.feb29.march1');
  });

  it.each(restricted.map((r) => [r]))('%s: ages instead of birth dates; no date derived from a birth date anywhere; the recorded determination untouched', (role) => {
    const before = JSON.stringify(recorded);
    const view = caseDeterminationsView(role, caseId, { determinations: [recorded], schedules: [] });
    const text = JSON.stringify(view);
    expect(view.memberBirthDates).toBe('age');
    for (const birth of ['1976-02-29', '1965-03-15']) for (const date of derivedDates(birth)) expect(text).not.toContain(date);
    expect(text).not.toContain('age.feb29.march1');
    expect(text).not.toContain('birthDate"');
    expect((view.determinations[0].facts as { members: unknown[] }).members).toEqual([
      { personRef: wife, role: 'wife', elderlyCareSubsidy: false, ageYears: 48 },
      { personRef: husband, role: 'husband', elderlyCareSubsidy: false, ageYears: 59 },
    ]);
    const reason = view.determinations[0].reasons.find((r) => r.code === 'TEFU_WIFE_UNDER_MIN_AGE')!;
    expect(reason.zh).toContain('（日期不向本角色显示）');
    expect(reason.en).toContain('(date withheld for this role)');
    const wifeAge = view.determinations[0].trace.find((s) => s.id === 'tefu.wifeAge')!;
    expect(wifeAge.facts).toMatchObject({ ageOnDate: 48, evaluationDate: '2024-08-20' });
    expect(wifeAge.result).toEqual({ met: false });
    expect(view.determinations[0].amounts).toEqual(recorded.amounts);
    expect(JSON.stringify(recorded)).toBe(before);
  });

  it.each(BIRTH_DATE_ROLES.map((r) => [r]))('%s: the determinations as recorded', (role) => {
    const view = caseDeterminationsView(role, caseId, { determinations: [recorded], schedules: [] });
    expect(view.memberBirthDates).toBe('exact');
    expect(view.determinations[0]).toBe(recorded);
  });

  it('北京 yearly: the schedule trace loses the date the age condition was met; 低保 members get ages', () => {
    const beijing = contextOf([BEIJING_ACTIVATED()]);
    const family = {
      members: [
        { personRef: wife, role: 'wife', birthDate: '1975-03-15' },
        { personRef: husband, role: 'husband', birthDate: '1968-11-02' },
      ],
      family: { familyType: 'childDeceased', childEventDate: '2020-06-01' },
    };
    const bj = snapshotOf('tefu', family, '110105', '2025-02-10');
    const determination = determinationData('det-bj', bj, determine(beijing, 'tefu', bj));
    const schedule = scheduleForApproval(beijing, 's', determination, { approvedOn: '2025-03-01', approvedAmounts: [] }, '');
    expect(schedule).not.toBeNull();
    const schedules = schedule ? [schedule] : [];
    expect(JSON.stringify({ determination, schedules })).toContain('2024-03-15'); // turned 49: the age condition binds the start
    const view = caseDeterminationsView('finance_clerk', caseId, { determinations: [determination], schedules });
    const text = JSON.stringify(view);
    for (const birth of ['1975-03-15', '1968-11-02']) for (const date of derivedDates(birth)) expect(text).not.toContain(date);

    const dibaoContext = contextOf([JIAXING()], [sampleB('330400', '2024-01-01', 100_000)]);
    const household = { members: [{ personRef: wife, birthDate: '1980-01-01', monthlyIncomeFen: 50_000 }], assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true } };
    const dibao = snapshotOf('dibao', household, '330402', '2024-08-20');
    const dibaoView = caseDeterminationsView('auditor', caseId, { determinations: [determinationData('det-db', dibao, determine(dibaoContext, 'dibao', dibao))], schedules: [] });
    expect((dibaoView.determinations[0].facts as { members: unknown[] }).members).toEqual([{ personRef: wife, monthlyIncomeFen: 50_000, ageYears: 44 }]);
  });
});
