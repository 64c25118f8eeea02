import { ageOn, dateOfTurning, LocalDate, Money } from '@benefits/kernel';
import {
  clauseOf,
  countValue,
  findParameter,
  moneyFen,
  requireParameter,
  traceParam,
  type BoundParameter,
  type EnginePack,
} from '../packs/engine-pack';
import { TraceBuilder } from '../trace/builder';
import { rulesetStep } from '../trace/common';
import type { EngineResult, PersonAmount, TraceStep } from '../trace/types';
import type { PolicyChoices } from '../policies';
import type { TefuFacts, TefuPerson } from './types';

/**
 * 计生特扶 rules, version 1. Released: frozen. A change of behaviour is a new version (see README,
 * "Ruleset versions"); determinations pinned to this one keep recomputing identically.
 */
export const TEFU_RULESET_VERSION = 'tefu.v1';

/** The national 49 condition applied where a text omits it (tefu.wifeAge.national). */
const NATIONAL_WIFE_MIN_AGE = 49;

interface Shape {
  /** 北京: amounts 「按年计算」, paid once a year from the following year. */
  yearly: BoundParameter | undefined;
  minAge: BoundParameter | undefined;
  ageSwitch: BoundParameter | undefined;
}

function shapeOf(pack: EnginePack): Shape {
  return {
    yearly: findParameter(pack, 'tefu.paymentStart'),
    minAge: findParameter(pack, 'tefu.wife.minAge'),
    ageSwitch: findParameter(pack, 'tefu.ageSwitch'),
  };
}

export function evaluateTefu(pack: EnginePack, facts: TefuFacts, choices: PolicyChoices = {}): EngineResult {
  const t = new TraceBuilder();
  rulesetStep(t, pack, TEFU_RULESET_VERSION);
  const date = LocalDate.parse(facts.evaluationDate);
  const shape = shapeOf(pack);
  const amounts: PersonAmount[] = [];
  let eligible = true;
  let paymentStart: { from: string; policy: string } | undefined;
  let unknown = false;

  if (facts.category === 'complication') {
    let latestStart: LocalDate | null = null;
    let startClause: BoundParameter | null = null;
    for (const person of facts.persons) {
      const grade = person.complicationGrade;
      if (grade === undefined) {
        eligible = false;
        t.reason('TEFU_GRADE_MISSING', `${person.personId}：未提供计划生育手术并发症等级`, `${person.personId}: no complication grade given`, null, 'tefu.grades');
        continue;
      }
      const parameter = requireParameter(pack, `tefu.complication.grade${grade}`);
      if (shape.yearly) {
        const transfer = person.transferIn;
        const ok = transfer?.appraisedInAnotherProvince === true;
        t.step({
          id: 'tefu.transferIn',
          titleZh: '外省已鉴定且户籍转入本市',
          clause: clauseOf(parameter),
          facts: { personId: person.personId, transferIn: transfer ? { ...transfer } : null },
          operation: 'appraisedInAnotherProvince ∧ hukouTransferredOn',
          result: ok,
          policies: ['tefu.beijing.transferIn'],
        });
        if (!ok || !transfer) {
          eligible = false;
          t.reason(
            'TEFU_BEIJING_TRANSFER_IN_REQUIRED',
            `${person.personId}：本项仅适用于外省已鉴定为三级以上手术并发症且户籍转入本市的人员`,
            `${person.personId}: the item covers only complications appraised in another province with the hukou moved to Beijing`,
            clauseOf(parameter),
          );
          continue;
        }
        const later = LocalDate.max(LocalDate.parse(transfer.hukouTransferredOn), LocalDate.parse(transfer.reappliedOn));
        latestStart = latestStart ? LocalDate.max(latestStart, later) : later;
        startClause = parameter;
      }
      const monthly = moneyFen(parameter);
      t.step({
        id: 'tefu.complication',
        titleZh: `计划生育手术并发症${grade}级扶助金`,
        clause: clauseOf(parameter),
        parameters: [traceParam(parameter)],
        facts: { personId: person.personId, complicationGrade: grade },
        operation: `amount = ${parameter.key}`,
        result: { fen: monthly },
        policies: ['tefu.grades'],
      });
      amounts.push(personAmount(t, shape, person, monthly, parameter.key));
    }
    if (latestStart && startClause) {
      const from = String(latestStart.year + 1);
      t.step({
        id: 'tefu.paymentStart',
        titleZh: '发放起始年度（户籍转入本市且重新申请的下一年度）',
        clause: clauseOf(startClause),
        facts: { latestOfTransferAndApplication: latestStart.toString() },
        operation: 'year(max(hukouTransferredOn, reappliedOn)) + 1',
        result: from,
        policies: ['tefu.beijing.transferIn'],
      });
      paymentStart = { from, policy: 'tefu.beijing.transferIn' };
    }
  } else {
    const qualifying = householdAgeCondition(t, pack, shape, facts, date);
    if (!qualifying.ok) {
      eligible = false;
    } else {
      for (const person of facts.persons) {
        if (!bornOnOrAfter(t, pack, facts, person)) continue;
        const chosen = amountParameter(t, pack, shape, facts, person, date, choices);
        if (!chosen) {
          unknown = true;
          continue;
        }
        const { parameter, policies } = chosen;
        const monthly = moneyFen(parameter);
        t.step({
          id: 'tefu.personAmount',
          titleZh: '每人每月特别扶助金',
          clause: clauseOf(parameter),
          parameters: [traceParam(parameter)],
          facts: { personId: person.personId, role: person.role, category: facts.category },
          operation: `amount = ${parameter.key}`,
          result: { fen: monthly },
          policies,
        });
        amounts.push(personAmount(t, shape, person, monthly, parameter.key));
      }
      paymentStart = startOf(t, shape, facts, qualifying.since);
    }
  }

  // A result without an amount has no payment start: the step is computed on the way (it is the
  // last step before the total) but only an eligible result carries it (tefu.v1 trace fix, see
  // libs/benefits/README.md "Ruleset versions").
  if (eligible && unknown) {
    return { benefit: 'tefu', rulesetVersion: TEFU_RULESET_VERSION, rulePackId: pack.pack.id, eligible: false, outcome: 'notComputable', reasons: t.reasons, amount: null, trace: withoutPaymentStart(t.steps) };
  }
  if (!eligible || amounts.length === 0) {
    if (t.reasons.length === 0) t.reason('TEFU_NO_BENEFICIARY', '没有符合条件的扶助对象', 'no person qualifies', null);
    return { benefit: 'tefu', rulesetVersion: TEFU_RULESET_VERSION, rulePackId: pack.pack.id, eligible: false, outcome: 'ineligible', reasons: t.reasons, amount: null, trace: withoutPaymentStart(t.steps) };
  }
  const total = Money.sum(amounts.map((a) => Money.fromJSON(a.amount)));
  const period = shape.yearly ? 'yearly' : 'monthly';
  t.step({
    id: 'tefu.total',
    titleZh: shape.yearly ? '全户每年特别扶助金合计' : '全户每月特别扶助金合计',
    facts: {},
    parameters: [],
    operation: `Σ per-person amounts (${amounts.map((a) => a.personId).join(' + ')})`,
    result: { fen: total.fen },
    policies: ['rounding'],
  });
  t.reason('TEFU_ELIGIBLE', '符合计划生育家庭特别扶助条件', 'meets the 特扶 conditions', null);
  return {
    benefit: 'tefu',
    rulesetVersion: TEFU_RULESET_VERSION,
    rulePackId: pack.pack.id,
    eligible: true,
    outcome: 'eligible',
    reasons: t.reasons,
    amount: { nature: 'entitlement', perPerson: amounts, total: { fen: total.fen }, period, ...(paymentStart ? { paymentStart } : {}) },
    trace: t.steps,
  };
}

const withoutPaymentStart = (steps: readonly TraceStep[]): TraceStep[] => steps.filter((s) => s.id !== 'tefu.paymentStart');

/** The 29 February reading, named on an age step whenever the birth date is 29 February. */
const feb29 = (birthDate: string): string[] => (birthDate.slice(5) === '02-29' ? ['age.feb29.march1'] : []);

/** 「女方年满49周岁」 as a household condition (单亲: the parent). Returns the date the condition was met. */
function householdAgeCondition(
  t: TraceBuilder,
  pack: EnginePack,
  shape: Shape,
  facts: TefuFacts,
  date: LocalDate,
): { ok: boolean; since: LocalDate | null } {
  const minAge = shape.minAge ? countValue(shape.minAge) : NATIONAL_WIFE_MIN_AGE;
  const policies = [shape.minAge ? 'tefu.wifeAge.household' : 'tefu.wifeAge.national', 'boundary.inclusive'];
  const single = facts.singleParent === true;
  if (single) policies.push('tefu.singleParent');
  const qualifying = single ? facts.persons[0] : facts.persons.find((p) => p.role === 'wife');
  const clause = shape.minAge ? clauseOf(shape.minAge) : null;
  if (!qualifying) {
    t.reason('TEFU_WIFE_MISSING', '未提供女方（或单亲家庭父母一方）的出生日期', 'the wife (or the single parent) is missing', clause, policies[0]);
    return { ok: false, since: null };
  }
  const birth = LocalDate.parse(qualifying.birthDate);
  const age = date.isBefore(birth) ? -1 : ageOn(birth, date);
  const turned = dateOfTurning(birth, minAge);
  const ok = age >= minAge;
  t.step({
    id: 'tefu.wifeAge',
    titleZh: single ? '单亲家庭父母一方年满49周岁（户条件）' : '女方年满49周岁（户条件，夫妻双方均适用）',
    clause,
    parameters: [shape.minAge ? traceParam(shape.minAge) : { key: 'tefu.wife.minAge', value: { kind: 'count', value: NATIONAL_WIFE_MIN_AGE, unit: 'years' } }],
    facts: { personId: qualifying.personId, birthDate: qualifying.birthDate, evaluationDate: date.toString(), ageOnDate: age },
    operation: `ageOn(birthDate, evaluationDate) ≥ ${minAge}`,
    result: { met: ok, since: turned.toString() },
    policies: [...policies, ...feb29(qualifying.birthDate)],
  });
  if (!ok) {
    t.reason(
      'TEFU_WIFE_UNDER_MIN_AGE',
      `女方（或单亲家庭父母一方）未满${minAge}周岁：${turned.toString()} 起符合年龄条件`,
      `the wife (or single parent) is under ${minAge}; the age condition is met from ${turned.toString()}`,
      clause,
      policies[0],
    );
  }
  return { ok, since: ok ? turned : null };
}

function amountParameter(
  t: TraceBuilder,
  pack: EnginePack,
  shape: Shape,
  facts: TefuFacts,
  person: TefuPerson,
  date: LocalDate,
  choices: PolicyChoices,
): { parameter: BoundParameter; policies: string[] } | null {
  if (facts.category === 'death' && findParameter(pack, 'tefu.death.amount')) {
    // 嘉兴 死亡家庭: flat, no switch (tefu.jiaxingDeath); 北京: one amount per family type.
    return { parameter: requireParameter(pack, 'tefu.death.amount'), policies: shape.ageSwitch ? ['tefu.jiaxingDeath'] : [] };
  }
  if (!shape.ageSwitch) return { parameter: requireParameter(pack, 'tefu.disability.amount'), policies: [] };

  const base = findParameter(pack, 'tefu.disability.amount') ?? requireParameter(pack, 'tefu.amount');
  const raised = findParameter(pack, 'tefu.disability.raisedAmount') ?? requireParameter(pack, 'tefu.raisedAmount');
  const switchAge = countValue(shape.ageSwitch);
  const birth = LocalDate.parse(person.birthDate);
  const age = date.isBefore(birth) ? -1 : ageOn(birth, date);
  const turned = dateOfTurning(birth, switchAge);
  const sameMonth = choices['tefu.age60'] === 'sameMonth';
  const switchMonth = sameMonth ? turned.yearMonth() : turned.yearMonth().plusMonths(1);
  const over = date.yearMonth().toString() >= switchMonth.toString();
  t.step({
    id: 'tefu.age60',
    titleZh: '按60周岁区分扶助金档次（按人）',
    clause: clauseOf(shape.ageSwitch),
    parameters: [traceParam(shape.ageSwitch)],
    facts: { personId: person.personId, birthDate: person.birthDate, evaluationDate: date.toString(), ageOnDate: age, dateOfTurning60: turned.toString() },
    operation: `evaluation month ≥ ${sameMonth ? 'month of' : 'month after'} dateOfTurning(birthDate, ${switchAge})`,
    result: { aged60OrOver: over, from: switchMonth.toString() },
    policies: [sameMonth ? 'tefu.age60.sameMonth' : 'tefu.age60.nextMonth', 'boundary.inclusive', ...feb29(person.birthDate)],
  });
  if (over && person.elderlyCareSubsidy === undefined) {
    // Receipt of 养老服务补贴 is a status from another case; guessing it would pick an amount.
    t.reason(
      'TEFU_ELDERLY_CARE_SUBSIDY_UNKNOWN',
      `${person.personId}：年满60周岁，须说明是否已享受政府养老服务补贴`,
      `${person.personId}: aged 60 or over; whether 政府养老服务补贴 is received must be stated`,
      clauseOf(shape.ageSwitch),
    );
    return null;
  }
  const subsidy = person.elderlyCareSubsidy === true;
  const disabled = person.disabledOrDemented === true;
  const policies: string[] = [];
  let chosen: BoundParameter;
  if (!over) chosen = disabled ? raised : base;
  else {
    chosen = subsidy ? base : raised;
    if (disabled && subsidy) policies.push('tefu.switchOrder');
  }
  t.step({
    id: 'tefu.switch',
    titleZh: '扶助金档次：失能失智（未满60周岁）或未享受政府养老服务补贴（年满60周岁）',
    clause: clauseOf(chosen),
    parameters: [traceParam(base), traceParam(raised)],
    facts: { personId: person.personId, aged60OrOver: over, disabledOrDemented: disabled, elderlyCareSubsidy: subsidy },
    operation: over ? 'aged 60+: elderlyCareSubsidy ? base : raised' : 'under 60: disabledOrDemented ? raised : base',
    result: chosen.key,
    policies,
  });
  return { parameter: chosen, policies };
}

/** 北京 「1933年1月1日以后出生」 (per person; 以后 includes the day, boundary.inclusive). */
function bornOnOrAfter(t: TraceBuilder, pack: EnginePack, facts: TefuFacts, person: TefuPerson): boolean {
  const parameter = findParameter(pack, `tefu.${facts.category}.bornOnOrAfter`);
  if (!parameter || parameter.value.kind !== 'text') return true;
  const match = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(parameter.value.value);
  if (!match) return true;
  const limit = LocalDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  const ok = !LocalDate.parse(person.birthDate).isBefore(limit);
  t.step({
    id: 'tefu.bornOnOrAfter',
    titleZh: `${limit.year}年${limit.month}月${limit.day}日以后出生`,
    clause: clauseOf(parameter),
    parameters: [traceParam(parameter)],
    facts: { personId: person.personId, birthDate: person.birthDate },
    operation: `birthDate ≥ ${limit.toString()}`,
    result: ok,
    policies: ['boundary.inclusive'],
  });
  if (!ok) {
    t.reason(
      'TEFU_BORN_BEFORE_LIMIT',
      `${person.personId}：出生日期早于${limit.toString()}，不属于扶助对象`,
      `${person.personId}: born before ${limit.toString()}`,
      clauseOf(parameter),
      'boundary.inclusive',
    );
  }
  return ok;
}

function personAmount(t: TraceBuilder, shape: Shape, person: TefuPerson, monthlyFen: number, key: string): PersonAmount {
  if (!shape.yearly) return { personId: person.personId, role: person.role, amount: { fen: monthlyFen }, parameterKey: key };
  const yearly = Money.fen(monthlyFen).multiply(12);
  t.step({
    id: 'tefu.yearly',
    titleZh: '按年计算，每年发放1次',
    clause: clauseOf(shape.yearly),
    parameters: [traceParam(shape.yearly)],
    facts: { personId: person.personId },
    operation: 'monthly amount × 12',
    result: { fen: yearly.fen },
    policies: [],
  });
  return { personId: person.personId, role: person.role, amount: { fen: yearly.fen }, parameterKey: key };
}

function startOf(t: TraceBuilder, shape: Shape, facts: TefuFacts, ageMetOn: LocalDate | null): { from: string; policy: string } | undefined {
  if (shape.yearly) {
    const conditions = facts.conditionsMetOn ? LocalDate.parse(facts.conditionsMetOn) : null;
    const since = [ageMetOn, conditions].filter((d): d is LocalDate => d !== null).reduce(LocalDate.max);
    const from = String(since.year + 1);
    t.step({
      id: 'tefu.paymentStart',
      titleZh: '发放起始：自符合条件的下一年度起',
      clause: clauseOf(shape.yearly),
      parameters: [traceParam(shape.yearly)],
      facts: { ageConditionMetOn: ageMetOn ? ageMetOn.toString() : null, conditionsMetOn: facts.conditionsMetOn ?? null },
      operation: 'year(max(ageConditionMetOn, conditionsMetOn)) + 1',
      result: from,
      policies: ['tefu.paymentStart'],
    });
    return { from, policy: 'tefu.paymentStart' };
  }
  if (!facts.confirmedOn) return undefined;
  const from = LocalDate.parse(facts.confirmedOn).yearMonth().plusMonths(1).toString();
  t.step({
    id: 'tefu.paymentStart',
    titleZh: '发放起始月（审核确认的次月）',
    facts: { confirmedOn: facts.confirmedOn },
    operation: 'month(confirmedOn) + 1',
    result: from,
    policies: ['tefu.paymentStart'],
  });
  return { from, policy: 'tefu.paymentStart' };
}
