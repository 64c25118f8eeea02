import { linshiEngineFacts, type BandTableSeriesValue, type RecordedLinshiFacts, type SeriesValue } from '@benefits/benefits';

/**
 * The evaluation requests eligibility builds from a case's recorded facts (its
 * `determinations/determination.ts`), rebuilt here from what the determination event recorded: the
 * services share event types, not code, so audit keeps its own copy of this mapping. Any drift
 * between the two shows at once as a mismatch on every determination of a clean caseload (the
 * acceptance test recomputes one), never as a silent difference.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TefuMember {
  personRef: string;
  role: 'wife' | 'husband';
  birthDate: string;
  elderlyCareSubsidy?: boolean;
  disabledOrDemented?: boolean;
  deathDate?: string;
}

/** The 特扶 request: evaluation date, the members considered, and 审核确认 once approved. */
export function tefuRequest(
  facts: Obj,
  rulePackId: string,
  rulesetVersion: string,
  options: { evaluationDate: string; confirmedOn?: string; members?: TefuMember[] },
): Obj {
  const family = (isObj(facts.family) ? facts.family : {}) as Obj;
  const members = options.members ?? ((Array.isArray(facts.members) ? facts.members : []) as TefuMember[]);
  const single = members.length === 1;
  return {
    benefit: 'tefu',
    rulePackId,
    rulesetVersion,
    facts: {
      evaluationDate: options.evaluationDate,
      category: family.familyType === 'childDeceased' ? 'death' : 'disability',
      ...(single ? { singleParent: true } : {}),
      conditionsMetOn: family.childEventDate,
      ...(options.confirmedOn ? { confirmedOn: options.confirmedOn } : {}),
      persons: members.map((m) => ({
        personId: m.personRef,
        role: single ? 'parent' : m.role,
        birthDate: m.birthDate,
        ...(m.elderlyCareSubsidy !== undefined ? { elderlyCareSubsidy: m.elderlyCareSubsidy } : {}),
        ...(m.disabledOrDemented !== undefined ? { disabledOrDemented: m.disabledOrDemented } : {}),
      })),
    },
  };
}

/** The 低保 request for a benefit month, with the 低保标准 B as it was pinned. */
export function dibaoRequest(facts: Obj, rulePackId: string, rulesetVersion: string, b: SeriesValue, month: string, approvedOn?: string): Obj {
  const members = (Array.isArray(facts.members) ? facts.members : []) as Obj[];
  const single = isObj(facts.singlePerson) ? facts.singlePerson : null;
  const singlePerson = single ? (({ personRef, ...rest }) => ({ ...rest, personId: personRef }))(single) : null;
  return {
    benefit: 'dibao',
    rulePackId,
    rulesetVersion,
    dibaoStandard: b,
    facts: {
      benefitMonth: month,
      members: members.map((m) => ({ personId: m.personRef, monthlyIncome: { fen: m.monthlyIncomeFen }, ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}) })),
      ...(facts.assets ? { assets: facts.assets } : {}),
      ...(singlePerson ? { singlePerson } : {}),
      ...(approvedOn ? { approvedOn } : {}),
    },
  };
}

/**
 * The 临时救助 request on a decision date, with B and the county's band table (delegating standards)
 * when the recorded trace pinned them.
 */
export function linshiRequest(
  facts: Obj,
  rulePackId: string,
  rulesetVersion: string,
  b: SeriesValue | null,
  decisionDate: string,
  bandTable: BandTableSeriesValue | null = null,
): Obj {
  return {
    benefit: 'linshi',
    rulePackId,
    rulesetVersion,
    ...(b ? { dibaoStandard: b } : {}),
    ...(bandTable ? { bandTable } : {}),
    // The recorded snapshot is read back as stored (untyped here); the mapping is the determination's own.
    facts: linshiEngineFacts(facts as unknown as RecordedLinshiFacts, decisionDate),
  };
}

/**
 * The 低保标准 B a result was computed with, rebuilt from the `dibao.standard` parameter the
 * recorded trace (or a schedule period) carries: value and source are what the engine was given.
 */
export function pinnedDibaoStandard(parameters: readonly { key: string; value: unknown; source?: unknown }[]): SeriesValue | null {
  const p = parameters.find((x) => x.key === 'dibao.standard');
  if (!p || !isObj(p.value) || !isObj(p.source)) return null;
  const value = p.value as Obj;
  const fen = typeof value.fen === 'number' ? value.fen : null;
  const s = p.source;
  if (fen === null || typeof s.divisionCode !== 'string' || typeof s.effectiveFrom !== 'string' || typeof s.docNo !== 'string') return null;
  return {
    name: 'dibao.standard',
    value: { fen },
    divisionCode: s.divisionCode,
    effectiveFrom: s.effectiveFrom,
    ...(typeof s.entryId === 'string' ? { entryId: s.entryId } : {}),
    source: { docNo: s.docNo, title: typeof s.title === 'string' ? s.title : null },
    sampleData: s.sampleData === true,
  };
}

/** Parameters of a recorded trace, once each (the first step using a key wins), as eligibility lists them. */
export function traceParameters(trace: unknown): { key: string; value: unknown; source?: unknown }[] {
  const out = new Map<string, { key: string; value: unknown; source?: unknown }>();
  for (const step of Array.isArray(trace) ? trace : []) {
    for (const p of (isObj(step) && Array.isArray(step.parameters) ? step.parameters : []) as Obj[]) {
      if (typeof p.key === 'string' && !out.has(p.key)) out.set(p.key, { key: p.key, value: p.value, ...(p.source ? { source: p.source } : {}) });
    }
  }
  return [...out.values()];
}

/** Published 低保标准 entries by division and entry id, as read from `parameter-dibao.standard-<division>`. */
export interface PublishedValues {
  /** The entry as published; null when the division's series has no such entry; undefined when not read. */
  dibaoStandard(divisionCode: string, entryId: string): { fen: number; effectiveFrom: string; sampleData: boolean } | null | undefined;
}

export interface ParameterDifference {
  key: 'dibao.standard';
  recorded: { fen: number; effectiveFrom: string; divisionCode: string; entryId: string };
  /** The entry as published (null: no such entry in the division's series). */
  published: { fen: number; effectiveFrom: string } | null;
}

/**
 * Whether the B a result pinned is the value its source entry published: a B changed in a recorded
 * trace (or a schedule period) together with the amounts would otherwise recompute consistently.
 */
export function pinnedBDifference(b: SeriesValue | null, published: PublishedValues | undefined): ParameterDifference | null {
  if (!b || !b.entryId || !published) return null;
  const entry = published.dibaoStandard(b.divisionCode, b.entryId);
  if (entry === undefined) return null;
  if (entry && entry.fen === b.value.fen && entry.effectiveFrom === b.effectiveFrom && entry.sampleData === b.sampleData) return null;
  return {
    key: 'dibao.standard',
    recorded: { fen: b.value.fen, effectiveFrom: b.effectiveFrom, divisionCode: b.divisionCode, entryId: b.entryId },
    published: entry ? { fen: entry.fen, effectiveFrom: entry.effectiveFrom } : null,
  };
}
