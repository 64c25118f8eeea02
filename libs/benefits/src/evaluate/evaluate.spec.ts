import { shippedPacks } from '../packs/shipped';
import { sampleB } from '../sample-data';
import { evaluate } from './evaluate';
import { EvaluateRequestSchema } from './schema';

const packs = shippedPacks();

const tefuRequest = {
  benefit: 'tefu',
  rulePackId: 'tefu-330400-2023',
  facts: {
    evaluationDate: '2024-09-10',
    category: 'death',
    persons: [
      { personId: 'w', role: 'wife', birthDate: '1969-03-15' },
      { personId: 'h', role: 'husband', birthDate: '1966-05-01' },
    ],
  },
};

describe('evaluate(request)', () => {
  it('runs the benefit’s current ruleset and returns the result with its trace', () => {
    const result = evaluate(tefuRequest, packs);
    expect(result).toMatchObject({ benefit: 'tefu', rulesetVersion: 'tefu.v1', eligible: true, amount: { total: { fen: 200000 }, period: 'monthly' } });
    expect(result.trace.length).toBeGreaterThan(3);
  });

  it('computes 低保 and 临时救助 from plain JSON (money as { fen })', () => {
    const b = JSON.parse(JSON.stringify(sampleB('1000', '330400')));
    const dibao = evaluate(
      {
        benefit: 'dibao',
        rulePackId: 'dibao-330400-2023',
        dibaoStandard: b,
        facts: {
          benefitMonth: '2024-09',
          members: [{ personId: 'a', monthlyIncome: { fen: 30000 } }, { personId: 'b', monthlyIncome: { fen: 0 } }],
          assets: { kind: 'assessed', ruleId: 'r', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
        },
      },
      packs,
    );
    expect(dibao.amount?.total).toEqual({ fen: 170000 });
    const linshi = evaluate(
      {
        benefit: 'linshi',
        rulePackId: 'linshi-110000-2023-draft',
        dibaoStandard: { ...b, divisionCode: '110000' },
        facts: { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 2, group: 'g1', necessaryExpenditure: { fen: 4000000 } },
      },
      packs,
    );
    expect(linshi.amount?.total).toEqual({ fen: 1700000 });
  });

  it('refuses an invalid request with VALIDATION_FAILED listing the paths', () => {
    const bad = { ...tefuRequest, facts: { ...tefuRequest.facts, evaluationDate: '2024-02-30', extra: 1 } };
    expect(() => evaluate(bad, packs)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
    try {
      evaluate(bad, packs);
    } catch (error) {
      const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['facts.evaluationDate', 'facts']));
    }
    expect(() => evaluate({ ...tefuRequest, benefit: 'jiangfu' }, packs)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => evaluate({ ...tefuRequest, facts: { ...tefuRequest.facts, persons: [{ personId: 'w', role: 'wife', birthDate: '1969-03-15', amount: { fen: 1 } }] } }, packs)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('refuses money given as yuan or as a fraction of a fen', () => {
    const dibao = (monthlyIncome: unknown) => ({
      benefit: 'dibao',
      rulePackId: 'dibao-330400-2023',
      dibaoStandard: sampleB('1000', '330400'),
      facts: { benefitMonth: '2024-09', members: [{ personId: 'a', monthlyIncome }] },
    });
    expect(EvaluateRequestSchema.safeParse(dibao({ fen: 100 })).success).toBe(true);
    expect(EvaluateRequestSchema.safeParse(dibao({ yuan: 1 })).success).toBe(false);
    expect(EvaluateRequestSchema.safeParse(dibao({ fen: 1.5 })).success).toBe(false);
    expect(EvaluateRequestSchema.safeParse(dibao({ fen: -1 })).success).toBe(false);
  });

  it('names unknown packs, a pack of another benefit and an unknown ruleset version with typed errors', () => {
    expect(() => evaluate({ ...tefuRequest, rulePackId: 'tefu-999999' }, packs)).toThrow(expect.objectContaining({ code: 'UNKNOWN_RULE_PACK', status: 404 }));
    expect(() => evaluate({ ...tefuRequest, rulePackId: 'dibao-330400-2023' }, packs)).toThrow(expect.objectContaining({ code: 'RULE_PACK_BENEFIT_MISMATCH' }));
    expect(() => evaluate({ ...tefuRequest, rulesetVersion: 'tefu.v0' }, packs)).toThrow(expect.objectContaining({ code: 'UNKNOWN_RULESET_VERSION' }));
  });

  it('a 北京 急难型 result is a cap, not an entitlement', () => {
    const result = evaluate(
      {
        benefit: 'linshi',
        rulePackId: 'linshi-110000-2023-draft',
        dibaoStandard: sampleB('1000', '110000'),
        facts: { decisionDate: '2025-03-10', type: 'jinan', householdMembers: 4 },
      },
      packs,
    );
    expect(result.amount).toEqual({ nature: 'cap', total: { fen: 1200000 }, period: 'oneOff' });
  });

  it('refuses a date of birth after the evaluation date with a typed bilingual error (any person)', () => {
    const late = { ...tefuRequest, facts: { ...tefuRequest.facts, persons: [tefuRequest.facts.persons[0], { personId: 'h', role: 'husband', birthDate: '2024-09-11' }] } };
    expect(() => evaluate(late, packs)).toThrow(
      expect.objectContaining({
        code: 'BIRTH_DATE_AFTER_EVALUATION_DATE',
        status: 400,
        details: expect.objectContaining({ path: 'facts.persons.1.birthDate', birthDate: '2024-09-11', evaluationDate: '2024-09-10' }),
      }),
    );
    const sameDay = { ...tefuRequest, facts: { ...tefuRequest.facts, persons: [tefuRequest.facts.persons[0], { personId: 'h', role: 'husband', birthDate: '2024-09-10' }] } };
    expect(() => evaluate(sameDay, packs)).not.toThrow();
  });
});
