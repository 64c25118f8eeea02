import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { IntegrationEvent } from '@benefits/messaging';
import type { BenefitWorkflow, CaseDueItem, CaseSummary, FactsSnapshotData } from '../integration/benefit-workflow';
import {
  currentMembers,
  DIBAO_FACT_EVENTS,
  foldDibao,
  isDibaoEventType,
  monthlyIncomeFen,
  type AssetsRule,
  type ExtraNeed,
  type OpenDibaoCase,
} from './decider';
import { caseSummaryOf, eventsUpToFactEvent, openCaseStateOf, recordDeterminationOnCase } from '../shared/case-workflow';
import { DibaoCases, toDibaoEvent } from './dibao-cases';
import { defaultDibaoPolicy } from './policy';

/**
 * The 低保 workflow as the integration plumbing sees it. After the 家庭经济状况核对, after every
 * later change of circumstances (增发/减发) and at the exit, the case's facts as of that revision are
 * published as `dibao.CaseFactsSnapshotted.v1` on `facts-<caseId>`: a full snapshot, no personal data.
 */

export interface DibaoFactsSnapshot {
  members: { personRef: string; birthDate: string; monthlyIncomeFen: number; extraNeed?: ExtraNeed }[];
  assets?: AssetsRule;
  singlePerson?: {
    personRef: string;
    adult: boolean;
    severeDisability: boolean;
    dependsOnFamily?: boolean;
    noEmployment?: boolean;
    supportedBySiblingsOrElders60?: boolean;
  };
  /** Set by the exit (退出): paid through that month, nothing after. */
  terminatedOn?: string;
}

export type DibaoFactsSnapshotData = FactsSnapshotData<DibaoFactsSnapshot> & { benefit: 'dibao' };

function stateOf(caseEvents: readonly EventEnvelope[]): OpenDibaoCase | null {
  return openCaseStateOf(caseEvents, isDibaoEventType, toDibaoEvent, foldDibao);
}

/** The facts as of `upTo`, or null when that event publishes none. */
export function dibaoFactsSnapshot(caseEvents: readonly EventEnvelope[], upTo: number): DibaoFactsSnapshotData | null {
  const events = eventsUpToFactEvent(caseEvents, upTo, DIBAO_FACT_EVENTS);
  if (!events) return null;
  const state = stateOf(events);
  if (!state || !state.period) return null;
  const period = state.period;
  const facts: DibaoFactsSnapshot = {
    members: currentMembers(state).map((m) => ({
      personRef: m.personRef,
      birthDate: m.birthDate,
      monthlyIncomeFen: monthlyIncomeFen(period, state.incomes, m.personRef),
      ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}),
    })),
    ...(state.financialCheck?.assets ? { assets: state.financialCheck.assets } : {}),
    ...(state.singlePerson ? { singlePerson: state.singlePerson } : {}),
    ...(state.exit ? { terminatedOn: state.exit.effectiveFrom } : {}),
  };
  return {
    caseId: state.caseId,
    benefit: 'dibao',
    divisionCode: state.divisionCode,
    effectiveFrom: (events[events.length - 1].data as { effectiveFrom: string }).effectiveFrom,
    caseRevision: upTo,
    facts,
  };
}

/** The open deadlines of a case (met ones are not listed). */
export function dibaoDueItems(state: OpenDibaoCase): CaseDueItem[] {
  const due: CaseDueItem[] = [];
  const pending = ['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice'].includes(state.status);
  if (pending) {
    if (state.status === 'publicNotice' && state.publicNotice) due.push({ kind: 'dibao.publicNotice', dueOn: state.publicNotice.endsOn });
    if (state.stepDueOn) due.push({ kind: 'dibao.stepLimit', dueOn: state.stepDueOn });
    if (state.processDueOn) due.push({ kind: 'dibao.processLimit', dueOn: state.processDueOn });
  }
  if (state.status === 'rejected' && state.rejection && state.rejectionNoticeDeliveredOn === null) {
    due.push({ kind: 'dibao.rejectionNotice', dueOn: state.rejection.noticeDueOn });
  }
  if ((state.status === 'active' || state.status === 'suspended') && state.nextReviewDueOn) due.push({ kind: 'dibao.review', dueOn: state.nextReviewDueOn });
  return due;
}

export function dibaoCaseSummary(caseEvents: readonly EventEnvelope[]): CaseSummary | null {
  const state = stateOf(caseEvents);
  if (!state) return null;
  return caseSummaryOf(state, caseEvents, 'dibao', state.appliedOn, dibaoDueItems(state));
}

/** A determination that no longer fits the case is ignored (stale, or the case is decided or closed). */
const IGNORED = new Set(['DETERMINATION_STALE', 'CASE_ALREADY_DECIDED', 'STEP_NOT_ALLOWED']);

/**
 * The household's monthly amount of a determination: the sum over beneficiaries of the first
 * period's amounts (every period of a 低保 determination is one month of the same amounts).
 */
export function householdMonthlyFen(amounts: readonly { periodKey: string; amountFen: number }[]): number {
  if (amounts.length === 0) return 0;
  const first = [...amounts.map((a) => a.periodKey)].sort()[0];
  return amounts.filter((a) => a.periodKey === first).reduce((sum, a) => sum + a.amountFen, 0);
}

async function recordDetermination(store: EventStore, event: IntegrationEvent<'EligibilityDetermined'>): Promise<void> {
  const cases = new DibaoCases(store, defaultDibaoPolicy());
  const amounts = event.eligible
    ? event.amounts.map((a) => ({ beneficiaryRef: a.beneficiaryRef, periodKey: a.periodKey, amountFen: Number(a.amountFen) }))
    : [];
  const standardRef = event.standardRef
    ? { standardId: event.standardRef.standardId, versionId: event.standardRef.versionId, itemNo: event.standardRef.itemNo, contentHash: event.standardRef.contentHash }
    : null;
  await recordDeterminationOnCase(cases, event, IGNORED, (metadata) => ({
    type: 'RecordDetermination' as const,
    metadata,
    data: {
      caseId: event.caseId,
      determinationId: event.determinationId,
      basedOnCaseRevision: Number(event.basedOnCaseRevision),
      eligible: event.eligible,
      amounts,
      householdAmountFen: householdMonthlyFen(amounts),
      standardRef,
      effectiveFrom: event.effectiveFrom,
    },
  }));
}

export const dibaoWorkflow: BenefitWorkflow = {
  benefit: 'dibao',
  ownsEventType: isDibaoEventType,
  factEvents: DIBAO_FACT_EVENTS,
  snapshot: dibaoFactsSnapshot,
  summary: dibaoCaseSummary,
  recordDetermination,
};
