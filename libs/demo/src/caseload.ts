import { ageOn, LocalDate } from '@benefits/kernel';
import { birthDateForAge, ResidentIdAllocator, sampleName, sampleSurname, type Sex } from './people';
import { stream, type Prng } from './prng';

/**
 * The sample caseload as data: what each sample case is (household, facts, incomes) and what will be
 * done with it (the plan), generated from a seed and the server's "today" without any I/O. The HTTP
 * driver (flows.ts) only carries these plans out, so everything that makes the caseload realistic
 * — and reproducible — can be tested here without a server.
 *
 * Mix (by count, exact up to rounding; the order of benefits is shuffled by the seed):
 * - 60 % 低保 (dibao): households of 1–5 members with incomes per member and month over the three
 *   months before the current one. ~92 % are under the (sample) 低保标准 and go through 受理, 核对,
 *   入户调查, 民主评议 and 公示 to approval; ~8 % are above it and are rejected with a reason. Of the
 *   approved, after approval: ~10 % 增发 (income fell), ~10 % 减发 (income rose), ~5 % 停发, ~5 % 退出.
 * - 30 % 计生特扶 (tefu): couples or single parents, 独生子女死亡 or 伤残; approved after 资格确认;
 *   members of 60 or more have their 养老服务补贴 status recorded; afterwards ~20 % have a newly granted
 *   养老服务补贴 recorded (where a member of 60+ had none) and ~8 % a death of every member (termination).
 * - 10 % 临时救助 (linshi): half 急难型 (~70 % 先行救助 within the cap then the paperwork, ~30 %
 *   approved within the cap), half 支出型 with the bills (~60 % approved at the determined amount,
 *   ~40 % in two instalments).
 */

export type Benefit = 'dibao' | 'tefu' | 'linshi';
export const BENEFITS: readonly Benefit[] = ['dibao', 'tefu', 'linshi'];
export const MIX: Readonly<Record<Benefit, number>> = { dibao: 0.6, tefu: 0.3, linshi: 0.1 };

/**
 * SAMPLE DATA, not an official figure: the 低保标准 B the caseload's incomes are shaped around, and
 * the value published for a division that has none (labelled as sample data with its "source").
 */
export const SAMPLE_B_FEN = 100_000;
export const SAMPLE_SOURCE = { docNo: '示例数据（非官方）', title: '演示样例低保标准（非官方数值）/ SAMPLE DATA, not an official figure' } as const;
export const SAMPLE_LABEL = '样例数据 / SAMPLE DATA';

/** Shares of the steps after the main flow (see the module comment). */
export const DIBAO_REJECT_SHARE = 0.08;
export const DIBAO_LATER: Readonly<Record<DibaoLaterStep, number>> = { none: 0.7, increase: 0.1, decrease: 0.1, suspend: 0.05, exit: 0.05 };
export const TEFU_LATER = { elderlyCareSubsidy: 0.2, death: 0.08 } as const;

export type DibaoLaterStep = 'none' | 'increase' | 'decrease' | 'suspend' | 'exit';
export type TefuLaterStep = 'none' | 'elderlyCareSubsidy' | 'death';

export interface GeneratedPerson {
  name: string;
  residentId: string;
  birthDate: string;
  sex: Sex;
}

export interface DibaoMemberBody {
  relation: 'applicant' | 'spouse' | 'child' | 'parent' | 'other';
  name: string;
  residentId: string;
  birthDate: string;
  extraNeed?: 'elderly' | 'minor' | 'severeDisability' | 'seriousIllness';
}

/** One month's income of one member (by position in `create.members`; personRefs exist only once created). */
export interface MemberIncome {
  member: number;
  source: 'wages' | 'business' | 'property' | 'transfer' | 'other';
  month: string;
  amountFen: number;
}

interface SampleCaseBase {
  index: number;
  divisionCode: string;
  /** A document reference that marks the case as sample data and names its seed and index. */
  marker: string;
}

export interface DibaoSample extends SampleCaseBase {
  benefit: 'dibao';
  create: {
    divisionCode: string;
    householdCategory: 'stable' | 'unstable';
    members: DibaoMemberBody[];
  };
  check: { period: { from: string; to: string }; incomes: MemberIncome[]; sources: string[] };
  /** 民主评议: who came and how many agreed. */
  review: { attendance: number; votesFor: number };
  /** What the incomes were shaped for under the sample B; the driver follows the actual determination. */
  intended: 'approve' | 'reject';
  later: DibaoLaterStep;
}

export interface TefuSample extends SampleCaseBase {
  benefit: 'tefu';
  create: {
    divisionCode: string;
    members: { role: 'wife' | 'husband'; name: string; residentId: string; birthDate: string }[];
    family: { familyType: 'childDeceased' | 'childDisabled'; childEventDate: string; evidenceRefs: string[] };
  };
  /** 养老服务补贴 status recorded at intake for every member aged 60 or more (the rules need it). */
  elderlyCareSubsidy: { member: number; receiving: boolean }[];
  later: TefuLaterStep;
  /** For `elderlyCareSubsidy`: the member newly granted it. */
  laterMember: number | null;
}

export interface LinshiSample extends SampleCaseBase {
  benefit: 'linshi';
  create: {
    divisionCode: string;
    type: 'jinan' | 'zhichu';
    members: { relation: 'applicant' | 'spouse' | 'child' | 'parent' | 'other'; name: string; residentId: string; birthDate: string }[];
    cause: string;
    causeDescription: string;
    occurredOn: string;
    group?: 'g1' | 'g2';
    necessaryExpenditureFen?: number;
    expenditureEvidence?: { kind: 'medicalBill' | 'tuition' | 'invoice' | 'other'; ref: string; amountFen: number }[];
  };
  /** 急难型: the share of the cap granted (whole yuan); 支出型: approved as determined, or in two instalments. */
  plan: { kind: 'advanceAid'; shareOfCap: number } | { kind: 'approveWithinCap'; shareOfCap: number } | { kind: 'approve' } | { kind: 'instalments' };
}

export type SampleCase = DibaoSample | TefuSample | LinshiSample;

export interface CaseloadOptions {
  seed: number;
  cases: number;
  /** County-level divisions 低保 and 特扶 households are spread over. */
  divisions: readonly string[];
  /** Where 临时救助 cases are filed (a division whose standard defines the amounts). */
  linshiDivision: string;
  /** The server's today (Asia/Shanghai), YYYY-MM-DD: ages, check periods and dates are relative to it. */
  today: string;
}

// ---------------------------------------------------------------------------------------------

export function sampleMarker(seed: number, index: number): string {
  return `sample:demo/seed-${seed}/case-${index}`;
}

/** The seed and index a marker names, or null for anything that is not a sample-case marker. */
export function parseSampleMarker(ref: unknown): { seed: number; index: number } | null {
  const match = typeof ref === 'string' ? /^sample:demo\/seed-(\d+)\/case-(\d+)$/.exec(ref) : null;
  return match ? { seed: Number(match[1]), index: Number(match[2]) } : null;
}

/** How many cases of each benefit: the mix applied to `cases`, rounded by largest remainder. */
export function mixCounts(cases: number): Record<Benefit, number> {
  const exact = BENEFITS.map((b) => ({ b, value: MIX[b] * cases }));
  const counts = Object.fromEntries(exact.map(({ b, value }) => [b, Math.floor(value)])) as Record<Benefit, number>;
  let left = cases - BENEFITS.reduce((sum, b) => sum + counts[b], 0);
  for (const { b } of [...exact].sort((x, y) => y.value - Math.floor(y.value) - (x.value - Math.floor(x.value)))) {
    if (left-- <= 0) break;
    counts[b] += 1;
  }
  return counts;
}

/** The benefit of each case in order: the mix's counts, shuffled by the seed. */
export function benefitOrder(seed: number, cases: number): Benefit[] {
  const counts = mixCounts(cases);
  const order = BENEFITS.flatMap((b) => Array<Benefit>(counts[b]).fill(b));
  const rng = stream(seed, 'order');
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The step planned for an approved 低保 case after approval; a function of seed and index only, so `demo advance` can recompute it. */
export function dibaoLaterStep(seed: number, index: number): DibaoLaterStep {
  return stream(seed, 'dibao-later', index).weighted(DIBAO_LATER);
}

/** The three whole months before today's month: the 核对 period. */
export function checkPeriod(today: string): { from: string; to: string; months: string[] } {
  const current = LocalDate.parse(today).yearMonth();
  const months = [3, 2, 1].map((n) => current.plusMonths(-n).toString());
  return { from: months[0], to: months[2], months };
}

const yuan = (amount: number) => Math.round(amount) * 100;

// ---------------------------------------------------------------------------------------------

export function generateCaseload(options: CaseloadOptions): SampleCase[] {
  if (!Number.isInteger(options.cases) || options.cases < 0) throw new RangeError('cases must be a whole number');
  if (options.divisions.length === 0) throw new RangeError('at least one division');
  const today = LocalDate.parse(options.today);
  const ids = new ResidentIdAllocator(stream(options.seed, 'resident-ids'));
  return benefitOrder(options.seed, options.cases).map((benefit, index) => {
    const rng = stream(options.seed, 'case', index);
    const base = { index, marker: sampleMarker(options.seed, index) };
    switch (benefit) {
      case 'dibao':
        return dibaoSample(rng, { ...base, divisionCode: rng.pick(options.divisions) }, today, ids, dibaoLaterStep(options.seed, index));
      case 'tefu':
        return tefuSample(rng, { ...base, divisionCode: rng.pick(options.divisions) }, today, ids);
      case 'linshi':
        return linshiSample(rng, { ...base, divisionCode: options.linshiDivision }, today, ids);
    }
  });
}

function person(rng: Prng, ids: ResidentIdAllocator, division: string, today: LocalDate, sex: Sex, minAge: number, maxAge: number, surname?: string): GeneratedPerson {
  const birthDate = birthDateForAge(rng, today, minAge, maxAge);
  return { name: sampleName(rng, sex, surname), residentId: ids.allocate(division, birthDate, sex), birthDate, sex };
}

const ageOf = (p: GeneratedPerson, today: LocalDate) => ageOn(LocalDate.parse(p.birthDate), today);

function dibaoSample(rng: Prng, base: SampleCaseBase, today: LocalDate, ids: ResidentIdAllocator, laterPlan: DibaoLaterStep): DibaoSample {
  const division = base.divisionCode;
  const size = Number(rng.weighted({ 1: 0.3, 2: 0.25, 3: 0.25, 4: 0.12, 5: 0.08 }));
  const surname = sampleSurname(rng);
  const applicantSex: Sex = rng.chance(0.5) ? 'male' : 'female';
  const applicant = person(rng, ids, division, today, applicantSex, size >= 3 ? 28 : 22, size >= 3 ? 62 : 82, surname);
  const applicantAge = ageOf(applicant, today);
  const members: { relation: DibaoMemberBody['relation']; p: GeneratedPerson }[] = [{ relation: 'applicant', p: applicant }];
  if (size >= 2 && applicantAge < 76 && rng.chance(0.75)) {
    const sex: Sex = applicantSex === 'male' ? 'female' : 'male';
    members.push({ relation: 'spouse', p: person(rng, ids, division, today, sex, Math.max(20, applicantAge - 5), applicantAge + 5) });
  }
  while (members.length < size) {
    if (applicantAge <= 52 && !members.some((m) => m.relation === 'parent') && rng.chance(0.3)) {
      members.push({ relation: 'parent', p: person(rng, ids, division, today, rng.chance(0.5) ? 'male' : 'female', applicantAge + 22, Math.min(95, applicantAge + 36), surname) });
    } else {
      const oldest = Math.max(0, Math.min(30, applicantAge - 20));
      members.push({ relation: 'child', p: person(rng, ids, division, today, rng.chance(0.5) ? 'male' : 'female', 0, oldest, surname) });
    }
  }
  const bodyMembers: DibaoMemberBody[] = members.map(({ relation, p }) => {
    const age = ageOf(p, today);
    const extraNeed = age >= 70 && rng.chance(0.5) ? 'elderly' : rng.chance(0.04) ? 'severeDisability' : rng.chance(0.03) ? 'seriousIllness' : undefined;
    return { relation, name: p.name, residentId: p.residentId, birthDate: p.birthDate, ...(extraNeed ? { extraNeed } : {}) };
  });

  // Incomes: the household's monthly total aimed at a share of B × n (under it to be approved, over it to be rejected).
  const intended = rng.chance(DIBAO_REJECT_SHARE) ? 'reject' : 'approve';
  // Approved: at most 0.65 B a head before the ±25 % monthly spread; rejected: at least 1.2 B with ±10 %.
  const share = intended === 'reject' ? 1.2 + rng.next() * 0.6 : rng.chance(0.12) ? 0 : 0.1 + rng.next() * 0.55;
  const spread = intended === 'reject' ? 0.1 : 0.25;
  const period = checkPeriod(today.toString());
  const earners = members
    .map((m, i) => ({ i, age: ageOf(m.p, today) }))
    .filter(({ age }) => age >= 18)
    .map(({ i, age }) => ({ i, source: (age >= 60 ? 'transfer' : rng.chance(0.15) ? 'business' : 'wages') as MemberIncome['source'], weight: 0.3 + rng.next() }));
  const monthlyTotal = share * SAMPLE_B_FEN * members.length / 100;
  const weightSum = earners.reduce((sum, e) => sum + e.weight, 0);
  const incomes: MemberIncome[] = [];
  if (monthlyTotal > 0) {
    for (const e of earners) {
      const monthly = (monthlyTotal * e.weight) / weightSum;
      for (const month of period.months) {
        // Irregular work: some months without wages (not for a household meant to be above B), the others varying.
        if (e.source === 'wages' && intended === 'approve' && rng.chance(0.15)) continue;
        const amountFen = yuan(monthly * (1 - spread + rng.next() * 2 * spread));
        if (amountFen > 0) incomes.push({ member: e.i, source: e.source, month, amountFen });
      }
    }
  }
  const sources = ['publicSecurity', 'humanResources', 'housing', 'tax', 'financial', 'housingFund', 'marketRegulation'];
  const checked = sources.filter((_, i) => i < 2 || rng.chance(0.4));
  const attendance = rng.int(7, 25);
  return {
    ...base,
    benefit: 'dibao',
    create: {
      divisionCode: division,
      householdCategory: earners.some((e) => e.source === 'wages' || e.source === 'business') && rng.chance(0.6) ? 'unstable' : 'stable',
      members: bodyMembers,
    },
    check: { period: { from: period.from, to: period.to }, incomes, sources: checked },
    review: { attendance, votesFor: intended === 'approve' ? attendance - rng.int(0, Math.floor(attendance / 4)) : rng.int(Math.floor(attendance / 4), attendance) },
    intended,
    later: intended === 'approve' ? laterPlan : 'none',
  };
}

/** A 特扶 household: the wife is 49 or older (the shipped standards' condition); `under60` keeps everyone below 60. */
export function tefuHousehold(rng: Prng, division: string, today: LocalDate, ids: ResidentIdAllocator, marker: string, options: { under60?: boolean } = {}) {
  const maxAge = options.under60 ? 59 : 78;
  const shape = rng.weighted({ couple: 0.85, wife: 0.1, husband: 0.05 });
  const surname = sampleSurname(rng);
  const wife = person(rng, ids, division, today, 'female', 49, maxAge);
  const wifeAge = ageOf(wife, today);
  const husband = person(rng, ids, division, today, 'male', Math.max(49, wifeAge - 2), Math.min(maxAge, wifeAge + 6), surname);
  const people = shape === 'couple' ? [{ role: 'wife' as const, p: wife }, { role: 'husband' as const, p: husband }] : shape === 'wife' ? [{ role: 'wife' as const, p: wife }] : [{ role: 'husband' as const, p: husband }];
  const familyType = rng.chance(0.5) ? 'childDeceased' : 'childDisabled';
  const childEventDate = today.plusDays(-rng.int(60, 15 * 365)).toString();
  return {
    people,
    create: {
      divisionCode: division,
      members: people.map(({ role, p }) => ({ role, name: p.name, residentId: p.residentId, birthDate: p.birthDate })),
      family: {
        familyType: familyType as 'childDeceased' | 'childDisabled',
        childEventDate,
        evidenceRefs: [marker, `sample:evidence/${familyType === 'childDeceased' ? 'death-certificate' : 'disability-certificate'}`],
      },
    },
  };
}

function tefuSample(rng: Prng, base: SampleCaseBase, today: LocalDate, ids: ResidentIdAllocator): TefuSample {
  const { people, create } = tefuHousehold(rng, base.divisionCode, today, ids, base.marker);
  const elderlyCareSubsidy = people.flatMap(({ p }, member) => (ageOf(p, today) >= 60 ? [{ member, receiving: rng.chance(0.3) }] : []));
  const notReceiving = elderlyCareSubsidy.filter((s) => !s.receiving);
  const roll = rng.next();
  let later: TefuLaterStep = 'none';
  let laterMember: number | null = null;
  if (roll < TEFU_LATER.death) later = 'death';
  else if (roll < TEFU_LATER.death + TEFU_LATER.elderlyCareSubsidy && notReceiving.length > 0) {
    later = 'elderlyCareSubsidy';
    laterMember = rng.pick(notReceiving).member;
  }
  return { ...base, benefit: 'tefu', create, elderlyCareSubsidy, later, laterMember };
}

const JINAN_CAUSES: Record<string, string> = {
  fire: '住房失火，家中财物受损',
  traffic: '交通事故致家庭主要劳动力受伤',
  drowning: '家庭成员溺水送医',
  injury: '意外伤害，短期内无法务工',
  suddenIllness: '突发重病住院',
  naturalDisaster: '暴雨致住房进水受损',
};
const ZHICHU_CAUSES: Record<string, { text: string; kind: 'medicalBill' | 'tuition' | 'invoice' }> = {
  medical: { text: '住院医疗自付费用较高', kind: 'medicalBill' },
  education: { text: '子女就学费用支出较大', kind: 'tuition' },
  basicLiving: { text: '基本生活必需支出突然增加', kind: 'invoice' },
};

function linshiSample(rng: Prng, base: SampleCaseBase, today: LocalDate, ids: ResidentIdAllocator): LinshiSample {
  const division = base.divisionCode;
  const type = rng.chance(0.5) ? 'jinan' : 'zhichu';
  const size = rng.int(1, 4);
  const surname = sampleSurname(rng);
  const applicantSex: Sex = rng.chance(0.5) ? 'male' : 'female';
  const applicant = person(rng, ids, division, today, applicantSex, 25, 75, surname);
  const applicantAge = ageOf(applicant, today);
  const members: LinshiSample['create']['members'] = [{ relation: 'applicant', name: applicant.name, residentId: applicant.residentId, birthDate: applicant.birthDate }];
  if (size >= 2) {
    const spouse = person(rng, ids, division, today, applicantSex === 'male' ? 'female' : 'male', Math.max(22, applicantAge - 5), applicantAge + 5);
    members.push({ relation: 'spouse', name: spouse.name, residentId: spouse.residentId, birthDate: spouse.birthDate });
  }
  while (members.length < size) {
    const child = person(rng, ids, division, today, rng.chance(0.5) ? 'male' : 'female', 0, Math.max(0, Math.min(25, applicantAge - 22)), surname);
    members.push({ relation: 'child', name: child.name, residentId: child.residentId, birthDate: child.birthDate });
  }
  if (type === 'jinan') {
    const cause = rng.pick(Object.keys(JINAN_CAUSES));
    return {
      ...base,
      benefit: 'linshi',
      create: {
        divisionCode: division,
        type,
        members,
        cause,
        causeDescription: `${SAMPLE_LABEL}：${JINAN_CAUSES[cause]}`,
        occurredOn: today.plusDays(-rng.int(0, 10)).toString(),
      },
      plan: rng.chance(0.7) ? { kind: 'advanceAid', shareOfCap: 0.3 + rng.next() * 0.7 } : { kind: 'approveWithinCap', shareOfCap: 0.3 + rng.next() * 0.7 },
    };
  }
  const cause = rng.pick(Object.keys(ZHICHU_CAUSES));
  const expenditure = yuan(rng.int(6_000, 60_000));
  return {
    ...base,
    benefit: 'linshi',
    create: {
      divisionCode: division,
      type,
      members,
      cause,
      causeDescription: `${SAMPLE_LABEL}：${ZHICHU_CAUSES[cause].text}`,
      occurredOn: today.plusDays(-rng.int(5, 60)).toString(),
      group: rng.chance(0.3) ? 'g1' : 'g2',
      necessaryExpenditureFen: expenditure,
      expenditureEvidence: [{ kind: ZHICHU_CAUSES[cause].kind, ref: base.marker, amountFen: expenditure }],
    },
    plan: rng.chance(0.6) ? { kind: 'approve' } : { kind: 'instalments' },
  };
}
