import { DomainError, LocalDate, Money } from '@benefits/kernel';
import { clauseOf, countValue, findParameter, moneyFen, rateBp, requireParameter, traceParam, type EnginePack } from '../packs/engine-pack';
import { bandTableSource, seriesSource, type BandTableSeriesValue, type SeriesValue } from '../series-input';
import { TraceBuilder } from '../trace/builder';
import { rulesetStep } from '../trace/common';
import type { Clause, EngineResult, Json, TraceParameter } from '../trace/types';
import type { PolicyChoices } from '../policies';
import type { BandTable, LinshiFacts } from './types';

/**
 * 临时救助 rules, version 1. Released: frozen; a change of behaviour is a new version (README,
 * "Ruleset versions").
 */
export const LINSHI_RULESET_VERSION = 'linshi.v1';

export const LinshiErrors = {
  FACT_MISSING: (fact: string) =>
    new DomainError('LINSHI_FACT_MISSING', 400, `支出型临时救助需要提供：${fact}`, `支出型 临时救助 needs ${fact}`, { fact }),
  STANDARD_REQUIRED: () =>
    new DomainError('LINSHI_STANDARD_REQUIRED', 400, '计算救助上限需要低保标准', 'the 低保标准 is needed for the cap'),
  STANDARD_NOT_IN_EFFECT: (details: Record<string, unknown>) =>
    new DomainError('LINSHI_STANDARD_NOT_IN_EFFECT', 422, '所给低保标准在决定月份尚未生效', 'the 低保标准 given is not in effect in the month of decision', details),
  BAND_TABLE_NOT_IN_EFFECT: (details: Record<string, unknown>) =>
    new DomainError('LINSHI_BAND_TABLE_NOT_IN_EFFECT', 422, '所给临时救助标准表在决定日期尚未生效', 'the band table given is not in effect on the decision date', details),
};

const money = (fen: number): Json => ({ fen });

/** The band structure 北京's pack, a supplied table and a published table reduce to. */
interface Bands {
  floor: number;
  /** `marginal`: Σ (part of E in the band) × rate; `amount`: the fixed amount of the band E falls in. */
  mode?: 'amount';
  bands: { upTo: number | null; rateBp: number; amountFen?: number }[];
  cap: { months: number } | { fen: number } | null;
  clause: (key: string) => Clause | null;
  params: (key: string) => TraceParameter[];
  /** Policies behind the band shape: 北京's readings, or the supplied table's. */
  policies: { floor: string[]; first: string[]; above: string[] };
  capTitleZh: string;
}

/**
 * `published`: the band table published (parameter `linshi.band-table`) for the case's division and
 * in force on the decision date, looked up by the shell. It is used only where the standard
 * delegates the amount; a table given in the facts (what-if) is used instead when both are given.
 */
export function evaluateLinshi(
  pack: EnginePack,
  standard: SeriesValue | null,
  facts: LinshiFacts,
  choices: PolicyChoices = {},
  published: BandTableSeriesValue | null = null,
): EngineResult {
  const t = new TraceBuilder();
  rulesetStep(t, pack, LINSHI_RULESET_VERSION);
  const decision = LocalDate.parse(facts.decisionDate);
  const computable = findParameter(pack, 'linshi.jinan.maxMonthsOfB') !== undefined;
  const result = (outcome: EngineResult['outcome'], amount: EngineResult['amount'] = null): EngineResult => ({
    benefit: 'linshi',
    rulesetVersion: LINSHI_RULESET_VERSION,
    rulePackId: pack.pack.id,
    eligible: outcome === 'eligible',
    outcome,
    reasons: t.reasons,
    amount,
    trace: t.steps,
  });

  const table = facts.bandTable;
  // A published table is read only where the standard delegates and no table is given in the facts.
  const fromSeries = !computable && !table && published ? published : null;
  if (fromSeries && fromSeries.effectiveFrom > facts.decisionDate) {
    throw LinshiErrors.BAND_TABLE_NOT_IN_EFFECT({ effectiveFrom: fromSeries.effectiveFrom, decisionDate: facts.decisionDate, tableId: fromSeries.value.tableId });
  }
  if (!computable && !table && fromSeries) {
    const setBy = findParameter(pack, 'linshi.standard.setBy');
    const usable = facts.type === 'jinan' ? fromSeries.value.jinan !== undefined : true;
    t.step({
      id: 'linshi.delegated',
      titleZh: '临时救助标准由县级以上人民政府确定、公布',
      clause: setBy ? clauseOf(setBy) : null,
      // The whole table is recorded, so a recorded determination can be recomputed from its trace.
      parameters: [...(setBy ? [traceParam(setBy)] : []), { key: 'linshi.band-table', value: fromSeries.value as unknown as Json, source: bandTableSource(fromSeries) }],
      facts: { bandTable: null, decisionDate: facts.decisionDate },
      operation: "use the band table published (linshi.band-table) for the case's division and in force on the decision date",
      result: usable ? fromSeries.value.tableId : null,
      policies: ['linshi.delegated.table', 'linshi.delegated.published'],
    });
    if (!usable) {
      t.reason(
        'LINSHI_BAND_TABLE_NO_JINAN',
        `公布的临时救助标准表（${fromSeries.source.docNo}）未规定急难型救助标准，无法计算`,
        `the published band table (${fromSeries.source.docNo}) sets no 急难型 amount: not computable`,
        setBy ? clauseOf(setBy) : null,
        'linshi.delegated.published',
      );
      return result('notComputable');
    }
  } else if (!computable && table && published) {
    // What-if only (determinations never pass a table in the facts): the given table wins.
    const setBy = findParameter(pack, 'linshi.standard.setBy');
    const usable = facts.type === 'jinan' ? table.jinan : table.zhichu;
    t.step({
      id: 'linshi.delegated',
      titleZh: '临时救助标准由县级以上人民政府确定、公布（试算：使用另行提供的标准表）',
      clause: setBy ? clauseOf(setBy) : null,
      parameters: [...(setBy ? [traceParam(setBy)] : []), { key: 'linshi.band-table', value: published.value as unknown as Json, source: bandTableSource(published) }],
      facts: { bandTable: { tableId: table.tableId, docNo: table.source.docNo, title: table.source.title, sampleData: table.sampleData } },
      operation: `what-if: the table given in the facts (${table.tableId}) is used instead of the published one (${published.value.tableId})`,
      result: usable ? table.tableId : null,
      policies: ['linshi.delegated.table', 'linshi.delegated.whatIfTable'],
    });
    if (!usable) {
      t.reason(
        'LINSHI_AMOUNT_DELEGATED_NO_TABLE',
        '适用标准未规定临时救助金额（授权县级以上人民政府确定），且未提供当地救助标准表及其文件，无法计算',
        'the standard delegates the amount and no band table with its source document was given: not computable',
        setBy ? clauseOf(setBy) : null,
        'linshi.delegated.table',
      );
      return result('notComputable');
    }
  } else if (!computable) {
    const setBy = findParameter(pack, 'linshi.standard.setBy');
    const usable = table && (facts.type === 'jinan' ? table.jinan : table.zhichu);
    t.step({
      id: 'linshi.delegated',
      titleZh: '临时救助标准由县级以上人民政府确定、公布',
      clause: setBy ? clauseOf(setBy) : null,
      parameters: setBy ? [traceParam(setBy)] : [],
      facts: { bandTable: table ? { tableId: table.tableId, docNo: table.source.docNo, title: table.source.title, sampleData: table.sampleData } : null },
      operation: 'use the supplied band table, if any',
      result: usable ? table.tableId : null,
      policies: ['linshi.delegated.table'],
    });
    if (!table || !usable) {
      t.reason(
        'LINSHI_AMOUNT_DELEGATED_NO_TABLE',
        '适用标准未规定临时救助金额（授权县级以上人民政府确定），且未提供当地救助标准表及其文件，无法计算',
        'the standard delegates the amount and no band table with its source document was given: not computable',
        setBy ? clauseOf(setBy) : null,
        'linshi.delegated.table',
      );
      return result('notComputable');
    }
  }

  const b = standard ? Money.fen(standard.value.fen) : null;
  const bStep = () => {
    if (!standard || !b) throw LinshiErrors.STANDARD_REQUIRED();
    if (standard.effectiveFrom > decision.toString()) {
      throw LinshiErrors.STANDARD_NOT_IN_EFFECT({ effectiveFrom: standard.effectiveFrom, decisionDate: facts.decisionDate });
    }
    t.step({
      id: 'linshi.standard',
      titleZh: '当年本市低保标准 B（决定当月，本户所在区划）',
      parameters: [{ key: 'dibao.standard', value: money(b.fen), source: seriesSource(standard) }],
      facts: { decisionDate: facts.decisionDate },
      operation: 'B = dibao.standard as of the decision date',
      result: money(b.fen),
      policies: ['linshi.cap.basis'],
    });
    return b;
  };

  if (facts.type === 'jinan') {
    const months = computable
      ? countValue(requireParameter(pack, 'linshi.jinan.maxMonthsOfB'))
      : fromSeries
        ? fromSeries.value.jinan!.monthsOfBPerPerson
        : table!.jinan!.monthsOfBPerPerson;
    const bValue = bStep();
    const perCase = choices['linshi.jinan'] === 'perCase';
    const persons = perCase ? 1 : facts.householdMembers;
    const cap = bValue.multiply(months * persons);
    const parameter = findParameter(pack, 'linshi.jinan.maxMonthsOfB');
    const jinanPolicy = perCase ? 'linshi.jinan.perCase' : 'linshi.jinan.perPerson';
    t.step({
      id: 'linshi.jinan.cap',
      titleZh: '急难型临时救助上限：每人不超过3个月低保标准',
      clause: parameter ? clauseOf(parameter) : null,
      parameters: parameter
        ? [traceParam(parameter)]
        : fromSeries
          ? [{ key: 'linshi.band-table.jinan.monthsOfBPerPerson', value: months, source: bandTableSource(fromSeries) }]
          : [{ key: `table:${table!.tableId}.jinan.monthsOfBPerPerson`, value: months, source: tableSource(table!) }],
      facts: { householdMembers: facts.householdMembers },
      operation: perCase ? `cap = ${months} × B (per case)` : `cap = ${months} × B × members`,
      result: money(cap.fen),
      policies: parameter ? [jinanPolicy] : fromSeries ? [jinanPolicy, 'linshi.delegated.published'] : [jinanPolicy, 'linshi.delegated.table'],
    });
    t.reason('LINSHI_JINAN_CAP', '急难型临时救助：金额由经办人员在上限内确定', 'emergency aid: the officer chooses the amount within the cap', parameter ? clauseOf(parameter) : null, jinanPolicy);
    return result('eligible', { nature: 'cap', total: { fen: cap.fen }, period: 'oneOff' });
  }

  if (!facts.necessaryExpenditure) throw LinshiErrors.FACT_MISSING('necessaryExpenditure (生活必需支出)');
  const bands = computable ? beijingBands(t, pack, facts, choices) : fromSeries ? publishedBands(fromSeries, facts) : tableBands(table!);
  const e = facts.necessaryExpenditure.fen;

  const reachesFloor = e >= bands.floor;
  t.step({
    id: 'linshi.zhichu.floor',
    titleZh: '生活必需支出达到起点（含）',
    clause: bands.clause('floor'),
    parameters: bands.params('floor'),
    facts: { necessaryExpenditure: money(e), group: facts.group ?? null },
    operation: 'E ≥ floor',
    result: reachesFloor,
    policies: bands.policies.floor,
  });
  if (!reachesFloor) {
    t.reason(
      'LINSHI_BELOW_FLOOR',
      `生活必需支出 ${Money.fen(e).toYuanString()} 元低于起点 ${Money.fen(bands.floor).toYuanString()} 元，标准未规定支出型救助金额`,
      `necessary expenditure ${Money.fen(e).toYuanString()} is below the floor ${Money.fen(bands.floor).toYuanString()}`,
      bands.clause('floor'),
      'linshi.zhichu.floor',
    );
    return result('ineligible');
  }

  // Σ portion × rate, kept exact as fen × basis points until the single final rounding.
  let exact = 0n;
  let lower = 0;
  if (bands.mode === 'amount') {
    // The band E falls in (the first from the floor; each upper limit inclusive) gives its amount.
    const index = bands.bands.findIndex((band) => band.upTo === null || e <= band.upTo);
    const band = bands.bands[index];
    const from = index === 0 ? bands.floor : bands.bands[index - 1].upTo!;
    exact = BigInt(band.amountFen!) * 10000n;
    t.step({
      id: 'linshi.zhichu.band',
      titleZh: '按支出所在档次给予定额救助',
      clause: bands.clause('rate'),
      parameters: bands.params('rate'),
      facts: { necessaryExpenditure: money(e) },
      operation: `E in ${index === 0 ? '[' : '('}${Money.fen(from).toYuanString()}, ${band.upTo === null ? '∞)' : `${Money.fen(band.upTo).toYuanString()}]`} → band ${index + 1}: fixed amount`,
      result: { band: index + 1, amount: money(band.amountFen!) },
      policies: bands.policies.first,
    });
  }
  (bands.mode === 'amount' ? [] : bands.bands).forEach((band, index) => {
    const top = band.upTo === null ? e : Math.min(e, band.upTo);
    const portion = Math.max(0, top - lower);
    const part = BigInt(portion) * BigInt(band.rateBp);
    exact += part;
    t.step({
      id: 'linshi.zhichu.band',
      titleZh: index === 0 ? '第一档：自起点起按全部支出计' : '超过上一档上限的部分',
      clause: bands.clause(index === 0 ? 'rate' : 'rateAbove'),
      parameters: bands.params(index === 0 ? 'rate' : 'rateAbove'),
      facts: { necessaryExpenditure: money(e) },
      operation: `portion in (${Money.fen(lower).toYuanString()}, ${band.upTo === null ? '∞' : Money.fen(band.upTo).toYuanString()}] × ${band.rateBp}bp`,
      result: { portion: money(portion), rateBp: band.rateBp, exactFen: { num: Number(part), den: 10000 } },
      policies: index === 0 ? bands.policies.first : bands.policies.above,
    });
    lower = band.upTo ?? lower;
  });

  let capFen: number | null = null;
  if (bands.cap) {
    capFen = 'fen' in bands.cap ? bands.cap.fen : bStep().multiply(bands.cap.months).fen;
    t.step({
      id: 'linshi.cap',
      titleZh: bands.capTitleZh,
      clause: bands.clause('cap'),
      parameters: bands.params('cap'),
      facts: {},
      operation: 'fen' in bands.cap ? 'cap = table amount' : `cap = ${bands.cap.months} × B`,
      result: money(capFen),
      policies: ['linshi.cap.basis'],
    });
  }
  const capped = capFen !== null && exact > BigInt(capFen) * 10000n;
  const payable = capped ? Money.fen(capFen!) : Money.fromRational(exact, 10000n, 'HALF_UP_FEN');
  t.step({
    id: 'linshi.amount',
    titleZh: '支出型临时救助金额',
    facts: {},
    operation: 'min(Σ band amounts, cap), rounded once half up to the fen',
    result: { raw: { num: Number(exact), den: 10000 }, capped, amount: money(payable.fen) },
    rounding: 'HALF_UP_FEN',
    policies: ['rounding'],
  });
  if (bands.mode === 'amount') {
    t.reason('LINSHI_ZHICHU_ELIGIBLE', '生活必需支出达到起点，按所在档次给予定额救助', 'expenditure reaches the floor: the fixed amount of its band', bands.clause('rate'), 'linshi.delegated.published');
  } else {
    t.reason('LINSHI_ZHICHU_ELIGIBLE', '生活必需支出达到起点，按比例给予救助', 'expenditure reaches the floor: aid by the bands', bands.clause('rate'));
  }
  return result('eligible', { nature: 'entitlement', total: { fen: payable.fen }, period: 'oneOff' });
}

function beijingBands(t: TraceBuilder, pack: EnginePack, facts: LinshiFacts, choices: PolicyChoices): Bands {
  if (!facts.group) throw LinshiErrors.FACT_MISSING('group (g1 低保、低收入家庭、特困人员 / g2 其它救助对象)');
  const g = facts.group;
  const p = {
    floor: requireParameter(pack, `linshi.zhichu.${g}.floor`),
    bandTop: requireParameter(pack, `linshi.zhichu.${g}.bandTop`),
    rate: requireParameter(pack, `linshi.zhichu.${g}.rate`),
    rateAbove: requireParameter(pack, `linshi.zhichu.${g}.rateAboveBand`),
    cap: requireParameter(pack, 'linshi.zhichu.maxMonthsOfB'),
  };
  // The uplift as a function of a band's rate, by the chosen reading.
  let uplift = (_rate: number) => 0;
  if (facts.severeDisabilityUplift) {
    const parameter = requireParameter(pack, 'linshi.zhichu.g2.severeDisabilityUplift');
    const applies = g === 'g2';
    const relative = choices['linshi.zhichu.uplift'] === 'relative';
    const bp = rateBp(parameter);
    if (applies) uplift = relative ? (rate) => exactBp((rate * bp) / 10_000) : () => bp;
    t.step({
      id: 'linshi.zhichu.uplift',
      titleZh: '有重度残疾人的家庭，救助比例可增加10%（经办人员选择）',
      clause: clauseOf(parameter),
      parameters: [traceParam(parameter)],
      facts: { group: g, severeDisabilityUplift: true },
      operation: !applies ? 'not applied: the sentence belongs to 其它救助对象' : relative ? 'each rate × (1 + 10%)' : 'each rate + 10 percentage points',
      result: { upliftBp: [uplift(rateBp(p.rate)), uplift(rateBp(p.rateAbove))] },
      policies: [relative ? 'linshi.zhichu.uplift.relative' : 'linshi.zhichu.uplift'],
    });
    if (!applies) {
      t.reason(
        'LINSHI_UPLIFT_NOT_APPLICABLE',
        '重度残疾人家庭增加比例仅适用于其它救助对象，本户按原比例计算',
        'the severe-disability uplift applies to 其它救助对象 only; the base rates are used',
        clauseOf(parameter),
        'linshi.zhichu.uplift',
      );
    }
  }
  const clauses: Record<string, Clause> = {
    floor: clauseOf(p.floor),
    rate: clauseOf(p.rate),
    rateAbove: clauseOf(p.rateAbove),
    cap: clauseOf(p.cap),
  };
  const params: Record<string, TraceParameter[]> = {
    floor: [traceParam(p.floor)],
    rate: [traceParam(p.rate), traceParam(p.bandTop), ...(uplift(rateBp(p.rate)) ? [{ key: 'upliftBp', value: uplift(rateBp(p.rate)) }] : [])],
    rateAbove: [traceParam(p.rateAbove), traceParam(p.bandTop), ...(uplift(rateBp(p.rateAbove)) ? [{ key: 'upliftBp', value: uplift(rateBp(p.rateAbove)) }] : [])],
    cap: [traceParam(p.cap)],
  };
  return {
    floor: moneyFen(p.floor),
    bands: [
      { upTo: moneyFen(p.bandTop), rateBp: rateBp(p.rate) + uplift(rateBp(p.rate)) },
      { upTo: null, rateBp: rateBp(p.rateAbove) + uplift(rateBp(p.rateAbove)) },
    ],
    cap: { months: countValue(p.cap) },
    clause: (key) => clauses[key] ?? null,
    params: (key) => params[key] ?? [],
    policies: { floor: ['boundary.inclusive', 'linshi.zhichu.floor'], first: ['linshi.zhichu.floor'], above: ['linshi.zhichu.marginal'] },
    capTitleZh: '救助金额不超过24个月当年本市低保标准（每户）',
  };
}

/** A relative uplift must stay a whole number of basis points (it does for the printed rates). */
function exactBp(value: number): number {
  if (!Number.isInteger(value)) throw new Error(`uplift of ${value} basis points is not exact`);
  return value;
}

function tableSource(table: BandTable): { [key: string]: Json } {
  return { tableId: table.tableId, docNo: table.source.docNo, title: table.source.title, sampleData: table.sampleData };
}

/** One group's bands of a published table; the trace cites the entry and its document on every step. */
function publishedBands(published: BandTableSeriesValue, facts: LinshiFacts): Bands {
  if (!facts.group) throw LinshiErrors.FACT_MISSING('group (g1 低保、低收入家庭、特困人员 / g2 其它救助对象)');
  const g = facts.group;
  const z = published.value.zhichu[g];
  const source = bandTableSource(published);
  const amounts = z.bands.every((b) => b.amount !== undefined);
  const params: Record<string, TraceParameter[]> = {
    floor: [{ key: `linshi.band-table.${g}.floor`, value: money(z.floor.fen), source }],
    rate: [
      {
        key: `linshi.band-table.${g}.bands`,
        value: z.bands.map((b) => ({ upTo: b.upTo ? money(b.upTo.fen) : null, ...(b.amount ? { amount: money(b.amount.fen) } : { rateBp: b.rateBp ?? 0 }) })),
        source,
      },
    ],
    cap: z.cap ? [{ key: `linshi.band-table.${g}.cap`, value: 'monthsOfB' in z.cap ? { monthsOfB: z.cap.monthsOfB } : { amount: money(z.cap.amount.fen) }, source }] : [],
  };
  params.rateAbove = params.rate;
  const policies = ['linshi.delegated.published'];
  return {
    floor: z.floor.fen,
    ...(amounts ? { mode: 'amount' as const } : {}),
    bands: z.bands.map((b) => ({ upTo: b.upTo ? b.upTo.fen : null, rateBp: b.rateBp ?? 0, ...(b.amount ? { amountFen: b.amount.fen } : {}) })),
    cap: z.cap ? ('monthsOfB' in z.cap ? { months: z.cap.monthsOfB } : { fen: z.cap.amount.fen }) : null,
    clause: () => null,
    params: (key) => params[key] ?? [],
    policies: { floor: ['boundary.inclusive', ...policies], first: policies, above: policies },
    capTitleZh: `救助金额上限（按公布的临时救助标准表 ${published.value.tableId}）`,
  };
}

function tableBands(table: BandTable): Bands {
  const z = table.zhichu!;
  const source = tableSource(table);
  const params: Record<string, TraceParameter[]> = {
    floor: [{ key: `table:${table.tableId}.floor`, value: money(z.floor.fen), source }],
    rate: [{ key: `table:${table.tableId}.bands`, value: z.bands.map((b) => ({ upTo: b.upTo ? money(b.upTo.fen) : null, rateBp: b.rateBp })), source }],
    cap: z.cap ? [{ key: `table:${table.tableId}.cap`, value: 'monthsOfB' in z.cap ? { monthsOfB: z.cap.monthsOfB } : { amount: money(z.cap.amount.fen) }, source }] : [],
  };
  params.rateAbove = params.rate;
  return {
    floor: z.floor.fen,
    bands: z.bands.map((b) => ({ upTo: b.upTo ? b.upTo.fen : null, rateBp: b.rateBp })),
    cap: z.cap ? ('monthsOfB' in z.cap ? { months: z.cap.monthsOfB } : { fen: z.cap.amount.fen }) : null,
    clause: () => null,
    params: (key) => params[key] ?? [],
    policies: { floor: ['boundary.inclusive', 'linshi.delegated.table'], first: ['linshi.delegated.table'], above: ['linshi.delegated.table'] },
    capTitleZh: '救助金额上限（按所提供的救助标准表）',
  };
}
