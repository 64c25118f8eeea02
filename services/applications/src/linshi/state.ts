import { assertNever } from '@benefits/kernel';
import { addActor } from '../shared/case-rules';
import { RecordDetermination } from './commands';
import { ApplicationSubmitted, AdvanceAidGranted, CaseApproved, PaperworkCompleted, CaseRejected, InstalmentReleased, InKindAidRecorded, ReferralRecorded, LinshiEvent } from './events';

/** 临时救助 case state: the case folded from its events (evolve, fold) and the determination in force. */

// ---------------------------------------------------------------------------------------------
// State

export type LinshiStatus = 'submitted' | 'advanceAided' | 'approved' | 'rejected';
export const LINSHI_STATUSES = ['submitted', 'advanceAided', 'approved', 'rejected'] as const;

export type Determination = RecordDetermination['data'];

export interface OpenLinshiCase {
  status: LinshiStatus;
  caseId: string;
  divisionCode: string;
  application: ApplicationSubmitted['data'];
  revision: number;
  factsRevision: number;
  determinations: Determination[];
  madeBy: string[];
  advanceAid: AdvanceAidGranted['data'] | null;
  paperwork: PaperworkCompleted['data'] | null;
  approval: CaseApproved['data'] | null;
  rejection: CaseRejected['data'] | null;
  released: InstalmentReleased['data'][];
  inKindAid: InKindAidRecorded['data'][];
  referrals: ReferralRecorded['data'][];
}

export type LinshiCase = { status: 'none' } | OpenLinshiCase;

export function currentDetermination(state: OpenLinshiCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

export const periodKeyOnce = (caseId: string, instalmentNo?: number) => (instalmentNo === undefined ? `once:${caseId}` : `once:${caseId}:${instalmentNo}`);


// ---------------------------------------------------------------------------------------------
// evolve

export function evolveLinshi(state: LinshiCase, event: LinshiEvent): LinshiCase {
  if (event.type === 'linshi.ApplicationSubmitted.v1') {
    return {
      status: 'submitted',
      caseId: event.data.caseId,
      divisionCode: event.data.divisionCode,
      application: event.data,
      revision: 0,
      factsRevision: 0,
      determinations: [],
      madeBy: event.actor ? [event.actor.id] : [],
      advanceAid: null,
      paperwork: null,
      approval: null,
      rejection: null,
      released: [],
      inKindAid: [],
      referrals: [],
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const next: OpenLinshiCase = { ...state, revision: state.revision + 1 };
  const step = { ...next, madeBy: addActor(state.madeBy, event.actor) };
  switch (event.type) {
    case 'linshi.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'linshi.AdvanceAidGranted.v1':
      return { ...next, status: 'advanceAided', advanceAid: event.data };
    case 'linshi.CaseApproved.v1':
      return { ...next, status: event.data.advanceAid ? 'advanceAided' : 'approved', approval: event.data };
    case 'linshi.AdvanceAidPaperworkCompleted.v1':
      return { ...step, status: 'approved', paperwork: event.data };
    case 'linshi.CaseRejected.v1':
      return { ...next, status: 'rejected', rejection: event.data };
    case 'linshi.InstalmentReleased.v1':
      return { ...step, released: [...state.released, event.data] };
    case 'linshi.InKindAidRecorded.v1':
      return { ...step, inKindAid: [...state.inKindAid, event.data] };
    case 'linshi.ReferralRecorded.v1':
      return { ...step, referrals: [...state.referrals, event.data] };
    case 'linshi.DuplicateCaseOverridden.v1':
      // On the stream for the record; the approver who decided it may not also approve the case.
      return step;
    default:
      return assertNever(event, 'linshi event');
  }
}

export function foldLinshi(events: Iterable<LinshiEvent>): LinshiCase {
  let state: LinshiCase = { status: 'none' };
  for (const event of events) state = evolveLinshi(state, event);
  return state;
}
