import { newId, type Actor } from '@benefits/kernel';
import { duplicateEnrolmentRule } from './duplicate-enrolment.rule';
import { ruleBench, type RuleBench } from './rule-test-support';

const officer = (divisionCode: string): Actor => ({ id: `officer-${divisionCode}`, role: 'case_officer', divisionCode });

describe('A4-duplicate-enrolment', () => {
  let bench: RuleBench;
  const [a, b, c, d] = [newId(), newId(), newId(), newId()];
  // One person registered twice (two personRefs, one 身份证号 fingerprint), and one person once.
  const personInA = newId();
  const samePersonInB = newId();
  const other = newId();

  const dibao = (caseId: string, divisionCode: string, members: string[]) =>
    bench.append(`case-${caseId}`, [
      { type: 'dibao.ApplicationSubmitted.v1', data: { caseId, benefit: 'dibao', divisionCode, members: members.map((personRef) => ({ personRef })), effectiveFrom: '2025-01-02' }, actor: officer(divisionCode) },
    ]);

  beforeAll(async () => {
    bench = await ruleBench(duplicateEnrolmentRule);
    bench.fingerprints.set(personInA, 'fp-1');
    bench.fingerprints.set(samePersonInB, 'fp-1');
    bench.fingerprints.set(other, 'fp-2');
    await dibao(a, '330402', [personInA]);
    await dibao(b, '330411', [samePersonInB]);
    await dibao(c, '330402', [other]);
    await dibao(d, '330411', [other]);
    // The other person's second case was rejected: no longer open.
    await bench.append(`case-${d}`, [{ type: 'dibao.CaseRejected.v1', data: { caseId: d, reasons: ['x'], effectiveFrom: '2025-01-05' }, actor: officer('330411') }]);
  });
  afterAll(() => bench?.close());

  it('finds one person in open 低保 cases of two divisions by fingerprint, from either division', async () => {
    for (const division of ['330402', '330411', '330400']) {
      const found = await bench.run(duplicateEnrolmentRule, division);
      expect(found).toHaveLength(1);
      expect(found[0].cases.map((x) => x.caseId).sort()).toEqual([a, b].sort());
      expect(found[0].details).toMatchObject({ benefit: 'dibao', openCases: 2, divisions: 2, matchedOn: 'fingerprint', personRecords: 2 });
      expect(found[0].subjectKey).toBe(`dibao|${[personInA, samePersonInB].sort()[0]}`);
      // Neither the fingerprint nor anything else identifying is in the finding.
      expect(JSON.stringify(found[0])).not.toContain('fp-1');
    }
  });

  it('does not flag a person whose second case was rejected, nor divisions with no case of the pair', async () => {
    expect(await bench.run(duplicateEnrolmentRule, '330481')).toEqual([]);
    expect((await bench.run(duplicateEnrolmentRule, '330402', { benefits: ['tefu'] })).length).toBe(0);
    const found = await bench.run(duplicateEnrolmentRule, '330400');
    expect(found.some((f) => f.cases.some((x) => x.caseId === c))).toBe(false);
  });
});
