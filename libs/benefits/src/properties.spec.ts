import fc from 'fast-check';
import { Money } from '@benefits/kernel';
import { evaluateDibao } from './dibao/engine';
import { evaluateLinshi } from './linshi/engine';
import { shippedPack } from './packs/shipped';
import { sampleB } from './sample-data';
import { evaluateTefu } from './tefu/engine';

const ASSESSED = { kind: 'assessed' as const, ruleId: 'r', source: { docNo: '示例规则（非官方）', title: null }, meets: true };
const bFen = fc.integer({ min: 1, max: 500_000 }); // up to 5,000 yuan, sample values
const DIBAO_PACKS = ['dibao-330400-2023', 'dibao-330304-undated', 'dibao-110000-2023-draft', 'dibao-500101-2018'];

describe('低保 properties', () => {
  it('the amount is never negative, and equals B × n − Σ incomes exactly when eligible', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DIBAO_PACKS), bFen, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (packId, b, incomes) => {
        const pack = shippedPack(packId);
        const standard = { ...sampleB('0', pack.pack.jurisdiction.divisionCode), value: { fen: b } };
        const members = incomes.map((fen, i) => ({ personId: `m${i}`, monthlyIncome: { fen } }));
        const result = evaluateDibao(pack, standard, { benefitMonth: '2024-09', members, assets: ASSESSED });
        const sum = incomes.reduce((a, x) => a + x, 0);
        expect(result.eligible).toBe(sum < b * incomes.length);
        if (result.eligible) {
          expect(result.amount!.total.fen).toBe(b * incomes.length - sum);
          expect(result.amount!.total.fen).toBeGreaterThan(0);
        } else expect(result.amount).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('the amount does not increase when one member’s income rises', () => {
    fc.assert(
      fc.property(bFen, fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 6 }), fc.nat(50_000), (b, incomes, rise) => {
        const pack = shippedPack('dibao-330400-2023');
        const standard = { ...sampleB('0', '330400'), value: { fen: b } };
        const run = (xs: number[]) =>
          evaluateDibao(pack, standard, { benefitMonth: '2024-09', members: xs.map((fen, i) => ({ personId: `m${i}`, monthlyIncome: { fen } })), assets: ASSESSED }).amount?.total.fen ?? 0;
        expect(run([incomes[0] + rise, ...incomes.slice(1)])).toBeLessThanOrEqual(run(incomes));
      }),
      { numRuns: 200 },
    );
  });
});

describe('低保 properties: every path', () => {
  it('the amount is never negative, whatever the assets rule and the single-person (单人户 / 分户) application', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DIBAO_PACKS),
        bFen,
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.option(fc.record({ limit: fc.nat(10_000_000), total: fc.nat(50_000_000) }), { nil: undefined }),
        fc.option(fc.record({ adult: fc.boolean(), severeDisability: fc.boolean(), dependsOnFamily: fc.boolean(), noEmployment: fc.boolean(), supportedBySiblingsOrElders60: fc.boolean() }), { nil: undefined }),
        (packId, b, incomes, limit, single) => {
          const pack = shippedPack(packId);
          const standard = { ...sampleB('0', pack.pack.jurisdiction.divisionCode), value: { fen: b } };
          const assets = limit
            ? { kind: 'perCapitaLimit' as const, ruleId: 'r', source: { docNo: '示例规则（非官方）', title: null }, limitPerCapita: { fen: limit.limit }, totalAssets: { fen: limit.total } }
            : ASSESSED;
          const members = incomes.map((fen, i) => ({ personId: `m${i}`, monthlyIncome: { fen } }));
          const result = evaluateDibao(pack, standard, { benefitMonth: '2024-09', members, assets, ...(single ? { singlePerson: { personId: 'm0', ...single } } : {}) });
          if (result.amount) expect(result.amount.total.fen).toBeGreaterThan(0);
          else expect(result.eligible).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('临时救助 properties', () => {
  it('支出型 never exceeds 24 × B and is never negative', () => {
    const pack = shippedPack('linshi-110000-2023-draft');
    fc.assert(
      fc.property(bFen, fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom('g1' as const, 'g2' as const), fc.boolean(), (b, e, group, uplift) => {
        const standard = { ...sampleB('0', '110000'), value: { fen: b } };
        const result = evaluateLinshi(pack, standard, {
          decisionDate: '2025-03-10',
          type: 'zhichu',
          householdMembers: 3,
          group,
          necessaryExpenditure: { fen: e },
          severeDisabilityUplift: uplift,
        });
        if (result.amount) {
          expect(result.amount.total.fen).toBeLessThanOrEqual(24 * b);
          expect(result.amount.total.fen).toBeGreaterThanOrEqual(0);
        }
        expect(result.eligible).toBe(e >= (group === 'g1' ? 200_000 : 500_000));
      }),
      { numRuns: 300 },
    );
  });

  it('below the cap, a larger expenditure never gives less', () => {
    const pack = shippedPack('linshi-110000-2023-draft');
    const standard = { ...sampleB('0', '110000'), value: { fen: 10_000_000 } };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_000 }), fc.nat(1_000_000), fc.constantFrom('g1' as const, 'g2' as const), (e, more, group) => {
        const run = (fen: number) =>
          evaluateLinshi(pack, standard, { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 1, group, necessaryExpenditure: { fen } }).amount?.total.fen ?? 0;
        expect(run(e + more)).toBeGreaterThanOrEqual(run(e));
      }),
      { numRuns: 200 },
    );
  });
});

describe('临时救助 caps', () => {
  it('急难型: the cap is 3 × B per member (or per case, by the chosen reading), never negative, and the grant is a cap, not an amount', () => {
    const pack = shippedPack('linshi-110000-2023-draft');
    fc.assert(
      fc.property(bFen, fc.integer({ min: 1, max: 20 }), fc.constantFrom('perMember' as const, 'perCase' as const), (b, members, reading) => {
        const standard = { ...sampleB('0', '110000'), value: { fen: b } };
        const result = evaluateLinshi(pack, standard, { decisionDate: '2025-03-10', type: 'jinan', householdMembers: members }, { 'linshi.jinan': reading });
        expect(result.amount?.nature).toBe('cap');
        expect(result.amount!.total.fen).toBe(3 * b * (reading === 'perMember' ? members : 1));
        expect(result.amount!.total.fen).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('支出型 under either uplift reading never exceeds 24 × B', () => {
    const pack = shippedPack('linshi-110000-2023-draft');
    fc.assert(
      fc.property(bFen, fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom('percentagePoints' as const, 'relative' as const), (b, e, uplift) => {
        const standard = { ...sampleB('0', '110000'), value: { fen: b } };
        const result = evaluateLinshi(
          pack,
          standard,
          { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 2, group: 'g2', necessaryExpenditure: { fen: e }, severeDisabilityUplift: true },
          { 'linshi.zhichu.uplift': uplift },
        );
        expect(result.amount?.total.fen ?? 0).toBeLessThanOrEqual(24 * b);
        expect(result.amount?.total.fen ?? 0).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('with a supplied band table (嘉兴, sample table), 支出型 never exceeds the table’s cap', () => {
    const pack = shippedPack('linshi-330400-2023');
    fc.assert(
      fc.property(bFen, fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 36 }), (b, e, months) => {
        const standard = { ...sampleB('0', '330400'), value: { fen: b } };
        const bandTable = {
          tableId: 'sample-bands',
          source: { docNo: '示例数据（非官方）', title: null },
          sampleData: true,
          zhichu: { floor: { fen: 100_000 }, bands: [{ upTo: { fen: 2_000_000 }, rateBp: 4000 }, { upTo: null, rateBp: 6000 }], cap: { monthsOfB: months } },
        };
        const result = evaluateLinshi(pack, standard, { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 2, group: 'g1', necessaryExpenditure: { fen: e }, bandTable });
        expect(result.amount?.total.fen ?? 0).toBeLessThanOrEqual(months * b);
        expect(result.amount?.total.fen ?? 0).toBeGreaterThanOrEqual(0);
        // The table is used: from the floor on there is an amount (the property is not vacuous).
        if (e >= 100_000 && b > 0) expect(result.amount).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe('计生特扶 properties', () => {
  const date = fc.integer({ min: Date.UTC(1940, 0, 1), max: Date.UTC(2000, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  const person = (personId: string, role: 'wife' | 'husband') =>
    fc.record({ personId: fc.constant(personId), role: fc.constant(role), birthDate: date, elderlyCareSubsidy: fc.boolean(), disabledOrDemented: fc.boolean() });

  it.each(['tefu-330400-2023', 'tefu-330304-undated', 'tefu-110000-2023-draft'])('%s: every per-person amount is one of the pack’s values', (packId) => {
    const pack = shippedPack(packId);
    const monthly = new Set(pack.parameters.filter((p) => p.value.kind === 'money').map((p) => (p.value.kind === 'money' ? p.value.fen : 0)));
    const yearly = pack.parameters.some((p) => p.key === 'tefu.paymentStart');
    fc.assert(
      fc.property(
        fc.constantFrom('death' as const, 'disability' as const),
        person('w', 'wife'),
        person('h', 'husband'),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
        (category, wife, husband, evaluationDate) => {
          const result = evaluateTefu(pack, { evaluationDate, category, persons: [wife, husband] });
          for (const p of result.amount?.perPerson ?? []) {
            const perMonth = yearly ? Money.fen(p.amount.fen).fen / 12 : p.amount.fen;
            expect(monthly.has(perMonth)).toBe(true);
            expect(p.parameterKey).toBeDefined();
          }
          for (const p of result.amount?.perPerson ?? []) expect(p.amount.fen).toBeGreaterThan(0);
          const total = (result.amount?.perPerson ?? []).reduce((a, p) => a + p.amount.fen, 0);
          expect(result.amount?.total.fen ?? 0).toBe(total);
        },
      ),
      { numRuns: 300 },
    );
  });
});
