import { validateResidentId } from '@benefits/identity';
import { ageOn, LocalDate } from '@benefits/kernel';
import {
  benefitOrder,
  checkPeriod,
  dibaoLaterStep,
  generateCaseload,
  mixCounts,
  parseSampleMarker,
  sampleMarker,
  type DibaoSample,
  type LinshiSample,
  type SampleCase,
  type TefuSample,
} from './caseload';
import { countiesUnder } from './divisions';
import { residentId } from './people';
import { prng, stream } from './prng';
import { linshiDivisionFor } from './setup';

const TODAY = '2026-03-02';
const options = { seed: 1, cases: 1000, divisions: ['330402', '330411'], linshiDivision: '110105', today: TODAY };
const caseload = generateCaseload(options);
const of = <B extends SampleCase['benefit']>(benefit: B) => caseload.filter((c) => c.benefit === benefit) as Extract<SampleCase, { benefit: B }>[];
const people = (c: SampleCase) => c.create.members as { name: string; residentId: string; birthDate: string }[];
const age = (birthDate: string) => ageOn(LocalDate.parse(birthDate), LocalDate.parse(TODAY));

describe('PRNG', () => {
  it('is reproducible and keeps streams independent', () => {
    const a = prng(42);
    const b = prng(42);
    const drawn = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(drawn);
    expect(drawn.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(stream(1, 'case', 3).next()).toBe(stream(1, 'case', 3).next());
    expect(stream(1, 'case', 3).next()).not.toBe(stream(1, 'case', 4).next());
    expect(stream(1, 'case', 3).next()).not.toBe(stream(2, 'case', 3).next());
  });

  it('int stays within its bounds and reaches both ends', () => {
    const rng = prng(7);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(1, 5)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('sample caseload generator', () => {
  it('is deterministic: the same seed and today give the same caseload; another seed another one', () => {
    expect(generateCaseload(options)).toEqual(caseload);
    const other = generateCaseload({ ...options, seed: 2 });
    expect(other.map((c) => c.create.members[0].residentId)).not.toEqual(caseload.map((c) => c.create.members[0].residentId));
  });

  it('mixes 60 % 低保, 30 % 特扶 and 10 % 临时救助 (largest remainder), shuffled', () => {
    expect(mixCounts(1000)).toEqual({ dibao: 600, tefu: 300, linshi: 100 });
    expect(mixCounts(20)).toEqual({ dibao: 12, tefu: 6, linshi: 2 });
    expect(mixCounts(7)).toEqual({ dibao: 4, tefu: 2, linshi: 1 });
    expect(mixCounts(1)).toEqual({ dibao: 1, tefu: 0, linshi: 0 });
    expect([of('dibao').length, of('tefu').length, of('linshi').length]).toEqual([600, 300, 100]);
    // Shuffled: the first 100 cases are not all one benefit.
    expect(new Set(benefitOrder(1, 1000).slice(0, 100)).size).toBe(3);
  });

  it('gives every person a valid 身份证号 of the case division with the birth date, unique across the caseload, and a 示例 name', () => {
    const ids = new Set<string>();
    for (const c of caseload) {
      for (const p of people(c)) {
        const checked = validateResidentId(p.residentId);
        expect(checked).toMatchObject({ ok: true, birthDate: p.birthDate, registrationDivisionCode: c.divisionCode });
        expect(p.name.startsWith('示例')).toBe(true);
        ids.add(p.residentId);
      }
    }
    expect(ids.size).toBe(caseload.reduce((n, c) => n + c.create.members.length, 0));
    expect(residentId('330402', '1970-03-15', 2)).toBe('330402197003150024');
  });

  it('marks every case with its seed and index', () => {
    caseload.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(parseSampleMarker(c.marker)).toEqual({ seed: 1, index: i });
    });
    expect(parseSampleMarker(sampleMarker(12, 345))).toEqual({ seed: 12, index: 345 });
    expect(parseSampleMarker('evidence:report-0304')).toBeNull();
    expect(of('tefu').every((c) => c.create.family.evidenceRefs.includes(c.marker))).toBe(true);
    expect(of('linshi').every((c) => c.create.causeDescription.startsWith('样例数据 / SAMPLE DATA'))).toBe(true);
  });

  it('低保: 1–5 members, one applicant, incomes by member and month inside the 核对 period; mostly under B, some above', () => {
    const dibao = of('dibao');
    expect(checkPeriod(TODAY)).toEqual({ from: '2025-12', to: '2026-02', months: ['2025-12', '2026-01', '2026-02'] });
    const sizes = new Set<number>();
    for (const c of dibao) {
      sizes.add(c.create.members.length);
      expect(c.create.members.filter((m) => m.relation === 'applicant')).toHaveLength(1);
      expect(c.check.period).toEqual({ from: '2025-12', to: '2026-02' });
      for (const i of c.check.incomes) {
        expect(['2025-12', '2026-01', '2026-02']).toContain(i.month);
        expect(i.member).toBeLessThan(c.create.members.length);
        expect(Number.isInteger(i.amountFen) && i.amountFen > 0 && i.amountFen % 100 === 0).toBe(true);
        expect(age(c.create.members[i.member].birthDate)).toBeGreaterThanOrEqual(18);
      }
      expect(c.review.votesFor).toBeLessThanOrEqual(c.review.attendance);
      if (c.intended === 'reject') expect(c.later).toBe('none');
    }
    expect([...sizes].sort()).toEqual([1, 2, 3, 4, 5]);
    const rejected = dibao.filter((c) => c.intended === 'reject').length / dibao.length;
    expect(rejected).toBeGreaterThan(0.03);
    expect(rejected).toBeLessThan(0.15);
    // Monthly income per head: under the sample B (1,000 元) for those meant to be approved.
    const perHead = (c: DibaoSample) => c.check.incomes.reduce((s, i) => s + i.amountFen, 0) / 3 / c.create.members.length;
    expect(dibao.filter((c) => c.intended === 'approve').every((c) => perHead(c) < 100_000)).toBe(true);
    expect(dibao.filter((c) => c.intended === 'reject').every((c) => perHead(c) > 100_000)).toBe(true);
  });

  it('低保 later steps: 增发, 减发, 停发 and 退出 for some approved cases, recomputable from seed and index', () => {
    const later = of('dibao').filter((c) => c.intended === 'approve').map((c) => c.later);
    for (const kind of ['increase', 'decrease', 'suspend', 'exit'] as const) expect(later).toContain(kind);
    expect(later.filter((l) => l === 'none').length / later.length).toBeGreaterThan(0.55);
    for (const c of of('dibao')) if (c.intended === 'approve') expect(dibaoLaterStep(1, c.index)).toBe(c.later);
  });

  it('特扶: the wife (or the single parent) is 49 or more; members of 60+ have their 养老服务补贴 status; some 养老服务补贴 and deaths later', () => {
    const tefu = of('tefu') as TefuSample[];
    for (const c of tefu) {
      expect(c.create.members.every((m) => age(m.birthDate) >= 49)).toBe(true);
      const over60 = c.create.members.flatMap((m, i) => (age(m.birthDate) >= 60 ? [i] : []));
      expect(c.elderlyCareSubsidy.map((s) => s.member)).toEqual(over60);
      expect(c.create.family.childEventDate < TODAY).toBe(true);
      if (c.later === 'elderlyCareSubsidy') expect(c.elderlyCareSubsidy).toContainEqual({ member: c.laterMember, receiving: false });
    }
    expect(new Set(tefu.map((c) => c.create.family.familyType))).toEqual(new Set(['childDeceased', 'childDisabled']));
    expect(tefu.filter((c) => c.later === 'death').length).toBeGreaterThan(5);
    expect(tefu.filter((c) => c.later === 'elderlyCareSubsidy').length).toBeGreaterThan(10);
  });

  it('临时救助: 急难型 and 支出型 in the 临时救助 division; 支出型 with group, expenditure and its bill', () => {
    const linshi = of('linshi') as LinshiSample[];
    expect(linshi.every((c) => c.divisionCode === '110105')).toBe(true);
    const jinan = linshi.filter((c) => c.create.type === 'jinan');
    const zhichu = linshi.filter((c) => c.create.type === 'zhichu');
    expect(jinan.length).toBeGreaterThan(25);
    expect(zhichu.length).toBeGreaterThan(25);
    expect(new Set(jinan.map((c) => c.plan.kind))).toEqual(new Set(['advanceAid', 'approveWithinCap']));
    expect(new Set(zhichu.map((c) => c.plan.kind))).toEqual(new Set(['approve', 'instalments']));
    for (const c of zhichu) {
      expect(c.create.group).toMatch(/^g[12]$/);
      expect(c.create.expenditureEvidence?.[0].amountFen).toBe(c.create.necessaryExpenditureFen);
    }
    expect(linshi.every((c) => c.create.occurredOn <= TODAY)).toBe(true);
  });
});

describe('divisions', () => {
  it('spreads a prefecture over its counties and keeps a county as it is', () => {
    expect(countiesUnder('330400')).toEqual(['330402', '330411', '330421', '330424', '330481', '330482', '330483']);
    expect(countiesUnder('330402')).toEqual(['330402']);
  });

  it('files 临时救助 where a shipped rule pack computes it: 北京 (its first county) unless the division is there', () => {
    expect(linshiDivisionFor(['330402'])).toBe('110101');
    expect(linshiDivisionFor(['110105'])).toBe('110105');
  });
});
