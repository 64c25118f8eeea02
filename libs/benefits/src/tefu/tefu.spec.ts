import { shippedPack } from '../packs/shipped';
import { POLICIES } from '../policies';
import { evaluateTefu, TEFU_RULESET_VERSION } from './engine';
import { TEFU_GOLDEN } from './tefu.golden';
import type { EngineResult } from '../trace/types';

const policiesIn = (result: EngineResult) => new Set(result.trace.flatMap((s) => s.policies).concat(result.reasons.flatMap((r) => (r.policy ? [r.policy] : []))));

describe('计生特扶 golden table (hand-written from the seeds)', () => {
  it.each(TEFU_GOLDEN.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = evaluateTefu(shippedPack(c.packId), c.facts, c.policyChoices);
    const e = c.expect;
    expect(result.outcome).toBe(e.outcome);
    expect(result.eligible).toBe(e.outcome === 'eligible');
    expect(result.rulesetVersion).toBe(TEFU_RULESET_VERSION);
    if (e.perPerson) {
      expect(Object.fromEntries((result.amount?.perPerson ?? []).map((p) => [p.personId, p.amount.fen]))).toEqual(e.perPerson);
    }
    if (e.totalFen !== undefined) expect(result.amount?.total).toEqual({ fen: e.totalFen });
    if (e.period) expect(result.amount?.period).toBe(e.period);
    if (e.paymentStart) expect(result.amount?.paymentStart?.from).toBe(e.paymentStart);
    if (e.outcome !== 'eligible') expect(result.amount).toBeNull();
    for (const code of e.reasons ?? []) expect(result.reasons.map((r) => r.code)).toContain(code);
    for (const id of e.steps ?? []) expect(result.trace.map((s) => s.id)).toContain(id);
    const named = policiesIn(result);
    for (const id of e.policies ?? []) expect(named).toContain(id);
  });
});

describe('计生特扶 trace', () => {
  it('names the clause of every amount: the pinned item, its content hash and the verbatim quote', () => {
    const c = TEFU_GOLDEN[0];
    const result = evaluateTefu(shippedPack(c.packId), c.facts);
    const amountSteps = result.trace.filter((s) => s.id === 'tefu.personAmount');
    expect(amountSteps).toHaveLength(2);
    for (const step of amountSteps) {
      expect(step.clause).toMatchObject({
        standardRef: { standardId: 'bps-330400', itemNo: '52', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        field: '服务标准',
        line: 851,
        quote: expect.stringContaining('每人每月1000元'),
      });
      expect(step.parameters).toEqual([{ key: 'tefu.death.amount', value: { kind: 'money', fen: 100000, per: 'person-month' } }]);
      expect(step.result).toEqual({ fen: 100000 });
    }
    expect(result.trace[0]).toMatchObject({ id: 'ruleset', result: { rulePackId: 'tefu-330400-2023', rulesetVersion: 'tefu.v1' } });
  });

  it('shows the per-person 60 switch with the date of birth, the age on the date and the month the switch applies', () => {
    const result = evaluateTefu(shippedPack('tefu-330400-2023'), {
      evaluationDate: '2024-09-20',
      category: 'disability',
      persons: [
        { personId: 'w', role: 'wife', birthDate: '1972-01-10' },
        { personId: 'h', role: 'husband', birthDate: '1964-09-15', elderlyCareSubsidy: false },
      ],
    });
    const step = result.trace.find((s) => s.id === 'tefu.age60' && s.facts.personId === 'h');
    expect(step).toMatchObject({
      facts: { birthDate: '1964-09-15', ageOnDate: 60, dateOfTurning60: '2024-09-15' },
      result: { aged60OrOver: false, from: '2024-10' },
      policies: ['tefu.age60.nextMonth', 'boundary.inclusive'],
    });
  });

  it('gives an officer-readable reason with the date the age condition will be met', () => {
    const result = evaluateTefu(shippedPack('tefu-330400-2023'), {
      evaluationDate: '2024-09-10',
      category: 'disability',
      persons: [
        { personId: 'w', role: 'wife', birthDate: '1977-06-01' },
        { personId: 'h', role: 'husband', birthDate: '1970-01-01' },
      ],
    });
    expect(result.reasons).toEqual([
      expect.objectContaining({ code: 'TEFU_WIFE_UNDER_MIN_AGE', zh: expect.stringContaining('2026-06-01'), clause: expect.objectContaining({ line: 851 }) }),
    ]);
  });

  it('carries the activation label of a draft standard into the first step', () => {
    const pack = { ...shippedPack('tefu-110000-2023-draft'), activationLabel: 'activated-draft' };
    const result = evaluateTefu(pack, TEFU_GOLDEN.find((c) => c.packId === 'tefu-110000-2023-draft')!.facts);
    expect(result.trace[0].result).toMatchObject({ rulePackId: 'tefu-110000-2023-draft', activationLabel: 'activated-draft', standard: { standardId: 'bps-110000' } });
  });

  it('an ineligible 北京 result carries no payment-start step (both born before 1933-01-01)', () => {
    const result = evaluateTefu(shippedPack('tefu-110000-2023-draft'), {
      evaluationDate: '2024-09-10',
      category: 'death',
      conditionsMetOn: '2023-04-01',
      persons: [
        { personId: 'w', role: 'wife', birthDate: '1932-06-01' },
        { personId: 'h', role: 'husband', birthDate: '1930-01-01' },
      ],
    });
    expect(result.outcome).toBe('ineligible');
    expect(result.amount).toBeNull();
    expect(result.trace.map((s) => s.id)).not.toContain('tefu.paymentStart');
    expect(result.reasons.map((r) => r.code)).toContain('TEFU_BORN_BEFORE_LIMIT');
  });

  it('an eligible 北京 result still carries its payment-start step', () => {
    const result = evaluateTefu(shippedPack('tefu-110000-2023-draft'), {
      evaluationDate: '2024-09-10',
      category: 'death',
      conditionsMetOn: '2023-04-01',
      persons: [{ personId: 'w', role: 'wife', birthDate: '1969-03-15' }, { personId: 'h', role: 'husband', birthDate: '1966-05-01' }],
    });
    expect(result.trace.filter((s) => s.id === 'tefu.paymentStart')).toHaveLength(1);
    expect(result.trace.at(-1)?.id).toBe('tefu.total');
  });

  describe('29 February births (policy age.feb29.march1)', () => {
    it('turns 49 on 1 March in a common year and names the policy on the age step', () => {
      const on = (evaluationDate: string) =>
        evaluateTefu(shippedPack('tefu-330400-2023'), {
          evaluationDate,
          category: 'death',
          persons: [{ personId: 'w', role: 'wife', birthDate: '1976-02-29' }, { personId: 'h', role: 'husband', birthDate: '1970-01-01' }],
        });
      const feb28 = on('2025-02-28');
      const mar1 = on('2025-03-01');
      expect(feb28.outcome).toBe('ineligible');
      expect(mar1.outcome).toBe('eligible');
      for (const r of [feb28, mar1]) {
        const step = r.trace.find((s) => s.id === 'tefu.wifeAge')!;
        expect(step.policies).toContain('age.feb29.march1');
        expect(step.result).toMatchObject({ since: '2025-03-01' });
      }
    });

    it('turns 60 on 1 March in a common year: the switch month names the policy', () => {
      const result = evaluateTefu(shippedPack('tefu-330400-2023'), {
        evaluationDate: '2024-09-20',
        category: 'disability',
        persons: [
          { personId: 'w', role: 'wife', birthDate: '1972-01-10' },
          { personId: 'h', role: 'husband', birthDate: '1964-02-29', elderlyCareSubsidy: false },
        ],
      });
      const h = result.trace.find((s) => s.id === 'tefu.age60' && s.facts.personId === 'h')!;
      expect(h.facts).toMatchObject({ dateOfTurning60: '2024-02-29' });
      expect(h.policies).toContain('age.feb29.march1');
      const common = evaluateTefu(shippedPack('tefu-330400-2023'), {
        evaluationDate: '2025-03-20',
        category: 'disability',
        persons: [
          { personId: 'w', role: 'wife', birthDate: '1972-01-10' },
          { personId: 'h', role: 'husband', birthDate: '1965-02-28', elderlyCareSubsidy: false },
          ],
      });
      expect(common.trace.find((s) => s.id === 'tefu.age60' && s.facts.personId === 'h')!.policies).not.toContain('age.feb29.march1');
    });

    it('names only policies that exist', () => {
      expect(POLICIES['age.feb29.march1']).toBeDefined();
    });
  });
});
