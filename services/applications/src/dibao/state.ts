/**
 * State of a 低保 case: its statuses, the case as folded from its events, `evolveDibao` and
 * `foldDibao`, and small queries on the state (current determination, open objections, counted
 * monthly income, current members).
 */
import { assertNever, YearMonth } from '@benefits/kernel';
import { addActor } from '../shared/case-rules';
import type { HouseholdCategory } from './policy';
import type { CaseApproved, CaseExited, CaseRejected, CircumstancesChanged, CommunityReviewHeld, DeterminationRecorded, DibaoEvent, FinancialCheckRecorded, HomeVisitConducted, PublicNoticePosted } from './events';
import type { CheckPeriod, DibaoMember, IncomeRecord, SinglePersonApplication } from './types';

export type DibaoStatus = 'applied' | 'accepted' | 'checked' | 'visited' | 'reviewed' | 'publicNotice' | 'active' | 'suspended' | 'rejected' | 'exited';
export const DIBAO_STATUSES = ['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice', 'active', 'suspended', 'rejected', 'exited'] as const;
/** Statuses in which the person's 低保 reservation is held (the case is open or active). */
export const OPEN_STATUSES: ReadonlySet<DibaoStatus> = new Set(['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice', 'active', 'suspended']);

export type Determination = DeterminationRecorded['data'];

export interface Objection {
  objectionId: string;
  noticeNo: number;
  raisedOn: string;
  summary: string;
  outcome: 'dismissed' | 'upheld' | null;
}

export interface OpenDibaoCase {
  status: DibaoStatus;
  caseId: string;
  divisionCode: string;
  appliedOn: string;
  members: DibaoMember[];
  householdCategory: HouseholdCategory;
  singlePerson?: SinglePersonApplication;
  reApplicationOf?: string;
  revision: number;
  /** Revision of the last fact event (核对, change): a determination must be based on it. */
  factsRevision: number;
  /** Date the current facts hold from. */
  factsEffectiveFrom: string | null;
  acceptedOn: string | null;
  processDueOn: string | null;
  /** The open step's working-day limit (null once decided). */
  stepDueOn: string | null;
  financialCheck: (FinancialCheckRecorded['data'] & { checkedOn: string }) | null;
  period: CheckPeriod | null;
  incomes: IncomeRecord[];
  homeVisit: HomeVisitConducted['data'] | null;
  communityReview: CommunityReviewHeld['data'] | null;
  publicNotice: PublicNoticePosted['data'] | null;
  objections: Objection[];
  determinations: Determination[];
  /** Ids of everyone who recorded a step (not a decision) of this case, for maker-checker. */
  madeBy: string[];
  approval: CaseApproved['data'] | null;
  /** The approval (and the 公示 and visit it rested on) as they were when the case first became active. */
  approvedOn: string | null;
  rejection: CaseRejected['data'] | null;
  rejectionNoticeDeliveredOn: string | null;
  nextReviewDueOn: string | null;
  /** A recorded change waiting for the approver to confirm its new amount. */
  pendingChange: CircumstancesChanged['data'] | null;
  exit: CaseExited['data'] | null;
}

export type DibaoCase = { status: 'none' } | OpenDibaoCase;

export function currentDetermination(state: OpenDibaoCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

export function openObjections(state: OpenDibaoCase): Objection[] {
  return state.objections.filter((o) => o.outcome === null);
}

/**
 * Each member's counted monthly income: the sum of the member's recorded incomes (all sources) in
 * the months of the 核对 period, divided by the number of months in the period — a month with
 * nothing recorded counts as zero income — rounded half up to the fen.
 */
export function monthlyIncomeFen(period: CheckPeriod, incomes: readonly IncomeRecord[], personRef: string): number {
  const months = YearMonth.monthsBetween(YearMonth.parse(period.from), YearMonth.parse(period.to)) + 1;
  const total = incomes.filter((i) => i.personRef === personRef).reduce((sum, i) => sum + i.amountFen, 0);
  return Math.floor((2 * total + months) / (2 * months));
}

export function evolveDibao(state: DibaoCase, event: DibaoEvent): DibaoCase {
  if (event.type === 'dibao.ApplicationSubmitted.v1') {
    const d = event.data;
    return {
      status: 'applied',
      caseId: d.caseId,
      divisionCode: d.divisionCode,
      appliedOn: d.effectiveFrom,
      members: d.members,
      householdCategory: d.householdCategory,
      ...(d.singlePerson ? { singlePerson: d.singlePerson } : {}),
      ...(d.reApplicationOf ? { reApplicationOf: d.reApplicationOf } : {}),
      revision: 0,
      factsRevision: 0,
      factsEffectiveFrom: null,
      acceptedOn: null,
      processDueOn: null,
      stepDueOn: null,
      financialCheck: null,
      period: null,
      incomes: [],
      homeVisit: null,
      communityReview: null,
      publicNotice: null,
      objections: [],
      determinations: [],
      madeBy: event.actor ? [event.actor.id] : [],
      approval: null,
      approvedOn: null,
      rejection: null,
      rejectionNoticeDeliveredOn: null,
      nextReviewDueOn: null,
      pendingChange: null,
      exit: null,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const revision = state.revision + 1;
  const next: OpenDibaoCase = { ...state, revision };
  const step = { ...next, madeBy: addActor(state.madeBy, event.actor) };
  switch (event.type) {
    case 'dibao.ApplicationAccepted.v1':
      return { ...step, status: 'accepted', acceptedOn: event.data.effectiveFrom, processDueOn: event.data.processDueOn, stepDueOn: event.data.homeVisitDueOn };
    case 'dibao.FinancialCheckRecorded.v1':
      return {
        ...step,
        status: 'checked',
        financialCheck: { ...event.data, checkedOn: event.data.effectiveFrom },
        period: event.data.period,
        incomes: event.data.incomes,
        factsRevision: revision,
        factsEffectiveFrom: event.data.effectiveFrom,
      };
    case 'dibao.HomeVisitConducted.v1':
      return { ...step, status: 'visited', homeVisit: event.data, stepDueOn: event.data.communityReviewDueOn };
    case 'dibao.CommunityReviewHeld.v1':
      return { ...step, status: 'reviewed', communityReview: event.data, stepDueOn: event.data.publicNoticeDueOn };
    case 'dibao.PublicNoticePosted.v1':
      return { ...step, status: 'publicNotice', publicNotice: event.data, stepDueOn: event.data.decisionDueOn };
    case 'dibao.PublicNoticeObjectionRaised.v1': {
      const { objectionId, noticeNo, effectiveFrom, summary } = event.data;
      return { ...step, objections: [...state.objections, { objectionId, noticeNo, raisedOn: effectiveFrom, summary, outcome: null }] };
    }
    case 'dibao.PublicNoticeObjectionResolved.v1': {
      const objections = state.objections.map((o) => (o.objectionId === event.data.objectionId ? { ...o, outcome: event.data.outcome } : o));
      // An upheld objection sends the case back to investigation and a new 公示 (the 核对 stands).
      if (event.data.outcome === 'upheld') return { ...step, objections, status: 'checked', homeVisit: null, communityReview: null, stepDueOn: null };
      return { ...step, objections };
    }
    case 'dibao.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'dibao.CaseApproved.v1':
      if (event.data.change) {
        return { ...next, approval: event.data, pendingChange: null, members: membersAfter(state) };
      }
      return {
        ...next,
        status: 'active',
        approval: event.data,
        approvedOn: event.data.effectiveFrom,
        stepDueOn: null,
        processDueOn: null,
        nextReviewDueOn: event.data.nextReviewDueOn,
      };
    case 'dibao.CaseRejected.v1':
      return { ...next, status: 'rejected', rejection: event.data, stepDueOn: null, processDueOn: null };
    case 'dibao.RejectionNoticeDelivered.v1':
      return { ...step, rejectionNoticeDeliveredOn: event.data.effectiveFrom };
    case 'dibao.ReviewCompleted.v1':
      return { ...step, householdCategory: event.data.householdCategory, nextReviewDueOn: event.data.nextReviewDueOn };
    case 'dibao.CircumstancesChanged.v1':
      return {
        ...step,
        pendingChange: event.data,
        period: event.data.period,
        incomes: event.data.incomes,
        factsRevision: revision,
        factsEffectiveFrom: event.data.effectiveFrom,
      };
    case 'dibao.PaymentSuspended.v1':
      return { ...next, status: 'suspended' };
    case 'dibao.PaymentResumed.v1':
      return { ...next, status: 'active' };
    case 'dibao.CaseExited.v1':
      return { ...next, status: 'exited', exit: event.data, nextReviewDueOn: null, pendingChange: null, factsRevision: revision, factsEffectiveFrom: event.data.effectiveFrom };
    default:
      return assertNever(event, 'dibao event');
  }
}

/** The members once a change's removals and additions apply. */
function membersAfter(state: OpenDibaoCase): DibaoMember[] {
  const removed = state.pendingChange?.removedMembers ?? [];
  return [...state.members.filter((m) => !removed.includes(m.personRef)), ...(state.pendingChange?.addedMembers ?? [])];
}

/** The members the current facts are about: a pending change's removals and additions already count. */
export function currentMembers(state: OpenDibaoCase): DibaoMember[] {
  return membersAfter(state);
}

/** The state of a case stream (reading needs no policy). */
export function foldDibao(events: Iterable<DibaoEvent>): DibaoCase {
  let state: DibaoCase = { status: 'none' };
  for (const event of events) state = evolveDibao(state, event);
  return state;
}
