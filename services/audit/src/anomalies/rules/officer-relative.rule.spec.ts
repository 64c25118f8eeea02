import { newId, type Actor } from '@benefits/kernel';
import { officerRelativeRule } from './officer-relative.rule';
import { ruleBench, type RuleBench } from './rule-test-support';

const intake: Actor = { id: 'officer-7', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-3', role: 'approver', divisionCode: '330402' };

describe('A3-officer-relative', () => {
  let bench: RuleBench;
  const nephew = newId();
  const stranger = newId();
  const [declaredFirst, declaredLater, unrelated] = [newId(), newId(), newId()];

  const declare = (officer: Actor, fingerprint: string) =>
    bench.append(`officer-relatives-${officer.id}`, [
      { type: 'audit.RelativeDeclared.v1', data: { officerId: officer.id, officerDivisionCode: officer.divisionCode, relativeId: newId(), fingerprint, relation: 'other', note: '' }, actor: officer },
    ]);
  const dibao = (caseId: string, member: string, actors: Actor[]) =>
    bench.append(`case-${caseId}`, [
      { type: 'dibao.ApplicationSubmitted.v1', data: { caseId, benefit: 'dibao', divisionCode: '330402', members: [{ personRef: member }], effectiveFrom: '2025-01-02' }, actor: actors[0] },
      ...actors.slice(1).map((actor) => ({ type: 'dibao.HomeVisitConducted.v1', data: { caseId, effectiveFrom: '2025-01-03' }, actor })),
    ]);

  beforeAll(async () => {
    bench = await ruleBench(officerRelativeRule);
    bench.fingerprints.set(nephew, 'fp-nephew');
    bench.fingerprints.set(stranger, 'fp-stranger');
    await declare(intake, 'fp-nephew'); // declared before acting (单独登记备案)
    await dibao(declaredFirst, nephew, [intake]);
    await dibao(declaredLater, nephew, [approver]);
    await declare(approver, 'fp-nephew'); // declared only after acting
    await dibao(unrelated, stranger, [intake, approver]);
  });
  afterAll(() => bench?.close());

  it("flags cases whose beneficiary is a declared relative of an officer who acted on them, by kind", async () => {
    const found = await bench.run(officerRelativeRule, '330402');
    expect(found.map((f) => [f.subjectKey, f.details?.kind]).sort()).toEqual(
      [
        [`${declaredFirst}|officer-7`, 'declared'],
        [`${declaredLater}|approver-3`, 'declared-after-acting'],
      ].sort(),
    );
    expect(JSON.stringify(found)).not.toContain('fp-nephew');
  });

  it('leaves out relatives declared before acting when configured, and cases of strangers or other divisions', async () => {
    const found = await bench.run(officerRelativeRule, '330402', { declared: 'ignore' });
    expect(found.map((f) => f.subjectKey)).toEqual([`${declaredLater}|approver-3`]);
    expect(found.some((f) => f.cases[0].caseId === unrelated)).toBe(false);
    expect(await bench.run(officerRelativeRule, '330481')).toEqual([]);
  });
});
