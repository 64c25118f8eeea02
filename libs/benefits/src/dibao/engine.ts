import { DomainError, LocalDate, Money, Rate, YearMonth } from '@benefits/kernel';
import { clauseOf, countValue, findParameter, rateBp, traceParam, type EnginePack } from '../packs/engine-pack';
import { seriesSource, type SeriesValue } from '../series-input';
import { TraceBuilder } from '../trace/builder';
import { rulesetStep } from '../trace/common';
import type { EngineResult, Json } from '../trace/types';
import type { DibaoFacts, DibaoMember } from './types';

/**
 * 低保 rules, version 1. Released: frozen; a change of behaviour is a new version (README,
 * "Ruleset versions").
 */
export const DIBAO_RULESET_VERSION = 'dibao.v1';

export const DibaoErrors = {
  STANDARD_NOT_IN_EFFECT: (details: Record<string, unknown>) =>
    new DomainError('DIBAO_STANDARD_NOT_IN_EFFECT', 422, '所给低保标准在该待遇月份尚未生效', 'the 低保标准 given is not yet in effect in the benefit month', details),
  NO_MEMBERS: () => new DomainError('DIBAO_NO_MEMBERS', 400, '家庭成员不能为空', 'the household has no members'),
  UNKNOWN_PERSON: (personId: string) =>
    new DomainError('DIBAO_UNKNOWN_PERSON', 400, '单人户申请人不是所列家庭成员', 'the single-person applicant is not a listed member', { personId }),
};

const money = (fen: number): Json => ({ fen });

export function evaluateDibao(pack: EnginePack, standard: SeriesValue, facts: DibaoFacts): EngineResult {
  const t = new TraceBuilder();
  rulesetStep(t, pack, DIBAO_RULESET_VERSION);
  const month = YearMonth.parse(facts.benefitMonth);
  if (facts.members.length === 0) throw DibaoErrors.NO_MEMBERS();
  if (LocalDate.parse(standard.effectiveFrom).yearMonth().toString() > month.toString()) {
    throw DibaoErrors.STANDARD_NOT_IN_EFFECT({ effectiveFrom: standard.effectiveFrom, benefitMonth: facts.benefitMonth });
  }

  // B as published, then the share the jurisdiction executes (瓯海 100%, 000 L377).
  let b = Money.fen(standard.value.fen);
  t.step({
    id: 'dibao.standard',
    titleZh: '低保标准 B（每人每月）',
    parameters: [{ key: 'dibao.standard', value: money(b.fen), source: seriesSource(standard) }],
    facts: { benefitMonth: facts.benefitMonth },
    operation: 'B = dibao.standard as of the benefit month',
    result: money(b.fen),
  });
  const ratio = findParameter(pack, 'dibao.standard.localExecutionRatio');
  if (ratio) {
    b = b.times(Rate.bp(rateBp(ratio)), 'HALF_UP_FEN');
    t.step({
      id: 'dibao.localExecution',
      titleZh: '按公布低保标准的比例执行',
      clause: clauseOf(ratio),
      parameters: [traceParam(ratio)],
      operation: 'B × localExecutionRatio',
      result: money(b.fen),
      rounding: 'HALF_UP_FEN',
      policies: ['rounding'],
    });
  }

  const ineligible = (): EngineResult => ({
    benefit: 'dibao',
    rulesetVersion: DIBAO_RULESET_VERSION,
    rulePackId: pack.pack.id,
    eligible: false,
    outcome: 'ineligible',
    reasons: t.reasons,
    amount: null,
    trace: t.steps,
  });

  let assessed: DibaoMember[] = facts.members;
  if (facts.singlePerson) {
    const applicant = singlePerson(t, pack, b, facts);
    if (!applicant) return ineligible();
    assessed = [applicant];
  }

  const n = assessed.length;
  const sumIncome = Money.sum(assessed.map((m) => Money.fromJSON(m.monthlyIncome)));
  const bTimesN = b.multiply(n);
  const incomeClause = findParameter(pack, 'dibao.incomeTest') ?? findParameter(pack, 'dibao.paymentRule');
  const below = sumIncome.compare(bTimesN) < 0;
  t.step({
    id: 'dibao.incomeTest',
    titleZh: '共同生活的家庭成员人均收入低于低保标准',
    clause: incomeClause ? clauseOf(incomeClause) : null,
    parameters: [{ key: 'B', value: money(b.fen) }],
    facts: { members: n, incomes: Object.fromEntries(assessed.map((m) => [m.personId, money(m.monthlyIncome.fen)])) },
    operation: 'Σ incomes < B × n  (same as Σ incomes / n < B, compared without dividing)',
    result: { sumIncome: money(sumIncome.fen), bTimesN: money(bTimesN.fen), perCapitaIncome: { num: sumIncome.fen, den: n }, below },
    policies: ['boundary.below'],
  });
  if (!below) {
    t.reason(
      'DIBAO_INCOME_NOT_BELOW_STANDARD',
      `家庭人均收入不低于低保标准（收入合计 ${sumIncome.toYuanString()} 元，标准 × 人数 ${bTimesN.toYuanString()} 元）`,
      `per-capita income is not below the standard (incomes ${sumIncome.toYuanString()} vs B × n ${bTimesN.toYuanString()})`,
      incomeClause ? clauseOf(incomeClause) : null,
      'boundary.below',
    );
  }

  const assetsOk = assetsTest(t, pack, n, facts);
  extraSupport(t, pack, facts.members);
  if (!below || !assetsOk) return ineligible();

  const amount = bTimesN.subtract(sumIncome);
  const rule = findParameter(pack, 'dibao.paymentRule') ?? findParameter(pack, 'dibao.paymentFrequency');
  t.step({
    id: 'dibao.amount',
    titleZh: '低保金（每月）= 低保标准 × 人数 − 家庭收入合计',
    clause: rule ? clauseOf(rule) : null,
    parameters: [{ key: 'B', value: money(b.fen) }],
    facts: { members: n, sumIncome: money(sumIncome.fen) },
    operation: 'B × n − Σ incomes (exact, in fen)',
    result: money(amount.fen),
    policies: ['dibao.gap', 'rounding'],
  });

  let paymentStart: { from: string; policy: string } | undefined;
  if (facts.approvedOn) {
    const from = LocalDate.parse(facts.approvedOn).yearMonth().plusMonths(1).toString();
    t.step({
      id: 'dibao.paymentStart',
      titleZh: '发放起始月（审核确认的次月）',
      facts: { approvedOn: facts.approvedOn },
      operation: 'month(approvedOn) + 1',
      result: from,
      policies: ['dibao.gap'],
    });
    paymentStart = { from, policy: 'dibao.gap' };
  }
  t.reason('DIBAO_ELIGIBLE', '家庭人均收入低于低保标准且符合家庭财产状况规定', 'income below the standard and assets rule met', incomeClause ? clauseOf(incomeClause) : null);
  return {
    benefit: 'dibao',
    rulesetVersion: DIBAO_RULESET_VERSION,
    rulePackId: pack.pack.id,
    eligible: true,
    outcome: 'eligible',
    reasons: t.reasons,
    amount: { nature: 'entitlement', total: { fen: amount.fen }, period: 'monthly', ...(paymentStart ? { paymentStart } : {}) },
    trace: t.steps,
  };
}

/** 单人户 (嘉兴, 瓯海, 北京) or 分户 (万州): returns the applicant assessed alone, or null when refused. */
function singlePerson(t: TraceBuilder, pack: EnginePack, b: Money, facts: DibaoFacts): DibaoMember | null {
  const application = facts.singlePerson!;
  const member = facts.members.find((m) => m.personId === application.personId);
  if (!member) throw DibaoErrors.UNKNOWN_PERSON(application.personId);
  const single = findParameter(pack, 'dibao.singlePerson');
  const split = findParameter(pack, 'dibao.splitHousehold');
  const rule = single ?? split;
  if (!rule) {
    t.reason('DIBAO_SINGLE_PERSON_NOT_DEFINED', '适用标准未规定重度残疾人单人户（分户）纳入低保', 'the standard in force defines no one-person household rule for severely disabled adults', null);
    return null;
  }
  const eligibility = findParameter(pack, 'dibao.singlePerson.eligibility');
  const beijing = pack.pack.jurisdiction.divisionCode === '110000';
  const conditions: Record<string, boolean> = { adult: application.adult, severeDisability: application.severeDisability };
  if (split) conditions.noEmployment = application.noEmployment === true;
  else if (beijing) {
    conditions.noEmployment = application.noEmployment === true;
    conditions.supportedBySiblingsOrElders60 = application.supportedBySiblingsOrElders60 === true;
  } else conditions.dependsOnFamily = application.dependsOnFamily === true;
  const met = Object.values(conditions).every(Boolean);
  t.step({
    id: 'dibao.singlePerson.conditions',
    titleZh: split ? '无业重度残疾人分户条件' : '重度残疾人单人户条件',
    clause: eligibility ? clauseOf(eligibility) : clauseOf(findParameter(pack, 'dibao.disabledSplitHousehold.maxIncomeMultipleOfB') ?? rule),
    facts: { personId: application.personId, ...conditions },
    operation: Object.keys(conditions).join(' ∧ '),
    result: met,
  });
  if (!met) {
    t.reason(
      'DIBAO_SINGLE_PERSON_CONDITIONS_NOT_MET',
      `不符合单人户（分户）纳入条件：${Object.entries(conditions).filter(([, v]) => !v).map(([k]) => k).join('、')}`,
      `one-person household conditions not met: ${Object.entries(conditions).filter(([, v]) => !v).map(([k]) => k).join(', ')}`,
      eligibility ? clauseOf(eligibility) : clauseOf(rule),
    );
    return null;
  }
  const ceiling = findParameter(pack, 'dibao.disabledSplitHousehold.maxIncomeMultipleOfB');
  if (ceiling) {
    const n = facts.members.length;
    const sum = Money.sum(facts.members.map((m) => Money.fromJSON(m.monthlyIncome)));
    const limit = b.multiply(countValue(ceiling) * n);
    const within = sum.compare(limit) <= 0;
    t.step({
      id: 'dibao.splitHousehold.incomeCeiling',
      titleZh: '家庭月人均收入在低保标准3倍以内',
      clause: clauseOf(ceiling),
      parameters: [traceParam(ceiling), { key: 'B', value: money(b.fen) }],
      facts: { members: n, sumIncome: money(sum.fen) },
      operation: `Σ household incomes ≤ ${countValue(ceiling)} × B × n`,
      result: { limit: money(limit.fen), within },
      policies: ['boundary.inclusive'],
    });
    if (!within) {
      t.reason(
        'DIBAO_SPLIT_HOUSEHOLD_INCOME_TOO_HIGH',
        `家庭月人均收入超过低保标准的${countValue(ceiling)}倍，不能分户计算`,
        `household per-capita income exceeds ${countValue(ceiling)} × B: no separate household`,
        clauseOf(ceiling),
        'boundary.inclusive',
      );
      return null;
    }
  }
  t.step({
    id: 'dibao.singlePerson',
    titleZh: split ? '分户计算，按本人收入核定' : '按单人户纳入低保，按本人收入核定',
    clause: clauseOf(rule),
    facts: { personId: member.personId, ownIncome: money(member.monthlyIncome.fen) },
    operation: 'n = 1, incomes = the applicant’s own',
    result: { members: 1 },
    policies: ['dibao.singlePerson.ownIncome'],
  });
  return member;
}

function assetsTest(t: TraceBuilder, pack: EnginePack, n: number, facts: DibaoFacts): boolean {
  const parameter = findParameter(pack, 'dibao.assetsTest');
  const clause = parameter ? clauseOf(parameter) : null;
  const rule = facts.assets;
  if (!rule) {
    t.step({ id: 'dibao.assetsTest', titleZh: '家庭财产状况', clause, operation: 'assets rule given?', result: null, policies: ['dibao.assets.configured'] });
    t.reason('DIBAO_ASSETS_NOT_ASSESSED', '未提供家庭财产状况核对结果（财产规定及其文件）', 'the assets test was not given (rule, source document and outcome)', clause, 'dibao.assets.configured');
    return false;
  }
  let meets: boolean;
  let operation: string;
  let result: Json;
  if (rule.kind === 'assessed') {
    meets = rule.meets;
    operation = 'outcome as assessed under the named rule';
    result = meets;
  } else {
    const limit = Money.fromJSON(rule.limitPerCapita).multiply(n);
    meets = Money.fromJSON(rule.totalAssets).compare(limit) <= 0;
    operation = 'total assets ≤ limit per capita × n';
    result = { limit: money(limit.fen), totalAssets: money(rule.totalAssets.fen), meets };
  }
  t.step({
    id: 'dibao.assetsTest',
    titleZh: '符合家庭财产状况规定',
    clause,
    parameters: [{ key: `assets:${rule.ruleId}`, value: rule.kind === 'perCapitaLimit' ? money(rule.limitPerCapita.fen) : rule.kind, source: { docNo: rule.source.docNo, title: rule.source.title, sampleData: rule.kind === 'perCapitaLimit' ? rule.sampleData === true : false } }],
    facts: { members: n },
    operation,
    result,
    policies: rule.kind === 'perCapitaLimit' ? ['dibao.assets.configured', 'boundary.inclusive'] : ['dibao.assets.configured'],
  });
  if (!meets) t.reason('DIBAO_ASSETS_TEST_FAILED', `不符合家庭财产状况规定（${rule.source.docNo}）`, `the assets rule ${rule.ruleId} is not met`, clause, 'dibao.assets.configured');
  return meets;
}

function extraSupport(t: TraceBuilder, pack: EnginePack, members: DibaoMember[]): void {
  const parameter = findParameter(pack, 'dibao.extraSupport');
  const groups = members.filter((m) => m.extraNeed).map((m) => ({ personId: m.personId, group: m.extraNeed as string }));
  t.step({
    id: 'dibao.extraSupport',
    titleZh: '生活仍有困难的老年人、未成年人、重度残疾人和重病患者',
    clause: parameter ? clauseOf(parameter) : null,
    facts: { groups },
    operation: 'record the groups; the standard defines no amount',
    result: parameter ? 'no amount defined (采取必要措施, 标准未规定金额)' : 'not addressed by this standard',
    policies: ['dibao.extraSupport.none'],
  });
}
