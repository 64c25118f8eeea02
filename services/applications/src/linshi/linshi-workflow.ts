import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { IntegrationEvent } from '@benefits/messaging';
import type { BenefitWorkflow, CaseDueItem, CaseSummary, FactsSnapshotData } from '../integration/benefit-workflow';
import { foldLinshi, isLinshiEventType, LINSHI_FACT_EVENTS, type LinshiCause, type OpenLinshiCase } from './decider';
import { caseSummaryOf, eventsUpToFactEvent, openCaseStateOf, recordDeterminationOnCase } from '../shared/case-workflow';
import { LinshiCases, toLinshiEvent } from './linshi-cases';
import { DEFAULT_LINSHI_POLICY } from './policy';

/**
 * The 临时救助 workflow as the integration plumbing sees it: the application publishes
 * `linshi.CaseFactsSnapshotted.v1` (effective from the application date); eligibility answers with
 * a determination (the 支出型 amount, or the 急难型 cap) that is recorded on the case.
 */

export interface LinshiFactsSnapshot {
  type: 'jinan' | 'zhichu';
  householdMembers: number;
  memberRefs: string[];
  group?: 'g1' | 'g2';
  necessaryExpenditureFen?: number;
  severeDisabilityUplift?: boolean;
  cause: LinshiCause;
  bandTableId?: string;
}

export type LinshiFactsSnapshotData = FactsSnapshotData<LinshiFactsSnapshot> & { benefit: 'linshi' };

function stateOf(caseEvents: readonly EventEnvelope[]): OpenLinshiCase | null {
  return openCaseStateOf(caseEvents, isLinshiEventType, toLinshiEvent, foldLinshi);
}

export function linshiFactsSnapshot(caseEvents: readonly EventEnvelope[], upTo: number): LinshiFactsSnapshotData | null {
  const events = eventsUpToFactEvent(caseEvents, upTo, LINSHI_FACT_EVENTS);
  if (!events) return null;
  const state = stateOf(events);
  if (!state) return null;
  const a = state.application;
  return {
    caseId: state.caseId,
    benefit: 'linshi',
    divisionCode: state.divisionCode,
    effectiveFrom: a.effectiveFrom,
    caseRevision: upTo,
    facts: {
      type: a.type,
      householdMembers: a.members.length,
      memberRefs: a.members.map((m) => m.personRef),
      ...(a.group ? { group: a.group } : {}),
      ...(a.necessaryExpenditureFen !== undefined ? { necessaryExpenditureFen: a.necessaryExpenditureFen } : {}),
      ...(a.severeDisabilityUplift !== undefined ? { severeDisabilityUplift: a.severeDisabilityUplift } : {}),
      cause: a.cause,
      ...(a.bandTableId ? { bandTableId: a.bandTableId } : {}),
    },
  };
}

/** Open deadlines: the 先行救助 paperwork until completed, and the next planned instalment. */
export function linshiDueItems(state: OpenLinshiCase): CaseDueItem[] {
  const due: CaseDueItem[] = [];
  if (state.advanceAid && !state.paperwork) due.push({ kind: 'linshi.paperwork', dueOn: state.advanceAid.paperworkDueOn });
  const next = state.approval?.instalments[state.released.length];
  if (state.status === 'approved' && next) due.push({ kind: 'linshi.instalment', dueOn: next.plannedOn });
  return due;
}

export function linshiCaseSummary(caseEvents: readonly EventEnvelope[]): CaseSummary | null {
  const state = stateOf(caseEvents);
  if (!state) return null;
  return caseSummaryOf(state, caseEvents, 'linshi', state.application.effectiveFrom, linshiDueItems(state));
}

const IGNORED = new Set(['DETERMINATION_STALE', 'CASE_ALREADY_DECIDED', 'STEP_NOT_ALLOWED']);

async function recordDetermination(store: EventStore, event: IntegrationEvent<'EligibilityDetermined'>): Promise<void> {
  const cases = new LinshiCases(store, DEFAULT_LINSHI_POLICY);
  await recordDeterminationOnCase(cases, event, IGNORED, (metadata) => ({
    type: 'RecordDetermination' as const,
    metadata,
    data: {
      caseId: event.caseId,
      determinationId: event.determinationId,
      basedOnCaseRevision: Number(event.basedOnCaseRevision),
      eligible: event.eligible,
      amounts: event.eligible ? event.amounts.map((a) => ({ beneficiaryRef: a.beneficiaryRef, periodKey: a.periodKey, amountFen: Number(a.amountFen) })) : [],
      capFen: Number(event.capFen ?? 0),
      standardRef: event.standardRef
        ? { standardId: event.standardRef.standardId, versionId: event.standardRef.versionId, itemNo: event.standardRef.itemNo, contentHash: event.standardRef.contentHash }
        : null,
      effectiveFrom: event.effectiveFrom,
    },
  }));
}

export const linshiWorkflow: BenefitWorkflow = {
  benefit: 'linshi',
  ownsEventType: isLinshiEventType,
  factEvents: LINSHI_FACT_EVENTS,
  snapshot: linshiFactsSnapshot,
  summary: linshiCaseSummary,
  recordDetermination,
};
