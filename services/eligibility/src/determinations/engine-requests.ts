import { linshiEngineFacts, type EngineResult } from '@benefits/benefits';
import type { StandardRef } from '@benefits/standards';
import { bandTableOn, requireDibaoStandard, dibaoStandardOn, type DeterminationContext } from './context';
import type { PolicyChoices } from './schedules';
import type { SnapshotEnvelope } from './determination-events';
import type { DibaoFactsSnapshot, LinshiFactsSnapshot, TefuFactsSnapshot } from './facts';

/**
 * The engine request of each benefit, built from a case's fact snapshot and the determination
 * context (standards catalog, 低保标准 series): what the engines in libs/benefits evaluate; and what
 * a determination and a schedule read back from a result (the clause of the amount, parameters).
 */

// ---------------------------------------------------------------------------------------------
// Requests per benefit

/** The 特扶 evaluation request for a snapshot; `confirmedOn` (审核确认) once the case is approved. */
export function tefuRequest(
  snapshot: SnapshotEnvelope<TefuFactsSnapshot>,
  rulePackId: string,
  options: { confirmedOn?: string; rulesetVersion?: string; evaluationDate?: string; members?: TefuFactsSnapshot['members']; policies?: PolicyChoices } = {},
) {
  const { family } = snapshot.facts;
  const members = options.members ?? snapshot.facts.members;
  const single = members.length === 1;
  return {
    benefit: 'tefu' as const,
    rulePackId,
    ...(options.rulesetVersion ? { rulesetVersion: options.rulesetVersion } : {}),
    ...(options.policies && Object.keys(options.policies).length > 0 ? { policies: options.policies } : {}),
    facts: {
      evaluationDate: options.evaluationDate ?? snapshot.effectiveFrom,
      category: family.familyType === 'childDeceased' ? ('death' as const) : ('disability' as const),
      ...(single ? { singleParent: true } : {}),
      // When the family met the conditions other than age (the child's death or disability): 北京's start year.
      conditionsMetOn: family.childEventDate,
      ...(options.confirmedOn ? { confirmedOn: options.confirmedOn } : {}),
      persons: members.map((m) => ({
        personId: m.personRef,
        role: single ? ('parent' as const) : m.role,
        birthDate: m.birthDate,
        ...(m.elderlyCareSubsidy !== undefined ? { elderlyCareSubsidy: m.elderlyCareSubsidy } : {}),
        ...(m.disabledOrDemented !== undefined ? { disabledOrDemented: m.disabledOrDemented } : {}),
      })),
    },
  };
}

export function dibaoRequest(context: DeterminationContext, divisionCode: string, facts: DibaoFactsSnapshot, month: string, options: { approvedOn?: string; rulesetVersion?: string }) {
  const b = requireDibaoStandard(context, divisionCode, `${month}-01`);
  return {
    benefit: 'dibao' as const,
    ...(options.rulesetVersion ? { rulesetVersion: options.rulesetVersion } : {}),
    dibaoStandard: b,
    facts: {
      benefitMonth: month,
      members: facts.members.map((m) => ({ personId: m.personRef, monthlyIncome: { fen: m.monthlyIncomeFen }, ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}) })),
      ...(facts.assets ? { assets: facts.assets } : {}),
      ...(facts.singlePerson ? { singlePerson: { ...withoutRef(facts.singlePerson), personId: facts.singlePerson.personRef } } : {}),
      ...(options.approvedOn ? { approvedOn: options.approvedOn } : {}),
    },
  };
}

function withoutRef<T extends { personRef: string }>(value: T): Omit<T, 'personRef'> {
  const { personRef: _ref, ...rest } = value;
  return rest;
}

export function linshiRequest(context: DeterminationContext, divisionCode: string, facts: LinshiFactsSnapshot, decisionDate: string, rulesetVersion?: string) {
  const b = dibaoStandardOn(context, divisionCode, `${decisionDate.slice(0, 7)}-01`);
  // The band table published for the division and in force on the decision date (used by the
  // engine only where the standard delegates the amount); never one from the facts.
  const table = bandTableOn(context, divisionCode, decisionDate);
  return {
    benefit: 'linshi' as const,
    ...(rulesetVersion ? { rulesetVersion } : {}),
    ...(b ? { dibaoStandard: b } : {}),
    ...(table ? { bandTable: table } : {}),
    facts: linshiEngineFacts(facts, decisionDate),
  };
}

// ---------------------------------------------------------------------------------------------
// Read from a result

/** The clause the amount rests on: the amount step's, else the first cited clause. */
export function amountStandardRef(result: EngineResult): StandardRef | null {
  const amountSteps = ['tefu.personAmount', 'tefu.complication', 'dibao.amount', 'linshi.jinan.cap', 'linshi.amount', 'linshi.cap', 'linshi.zhichu.band'];
  const step = result.trace.find((s) => amountSteps.includes(s.id) && s.clause) ?? result.trace.find((s) => s.clause);
  return step?.clause?.standardRef ?? null;
}

/** Parameter values the result used, once each; series values (B) with their source entry. */
export function parametersOf(result: EngineResult): { key: string; value: unknown; source?: unknown }[] {
  const parameters = new Map<string, { key: string; value: unknown; source?: unknown }>();
  for (const step of result.trace) {
    for (const p of step.parameters) if (!parameters.has(p.key)) parameters.set(p.key, { key: p.key, value: p.value, ...(p.source ? { source: p.source } : {}) });
  }
  return [...parameters.values()];
}

export const oneOffKey = (caseId: string, n?: number) => (n === undefined ? `once:${caseId}` : `once:${caseId}:${n}`);

/** The household's payee for 低保: the first member listed (the applicant, whose 一卡通 account is paid). */
export const dibaoPayee = (facts: DibaoFactsSnapshot) => facts.members[0].personRef;
