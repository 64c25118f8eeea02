import type { EngineResult } from '@benefits/benefits';
import { todayInChina } from '../../../components/format';
import type { Actor } from '../../../auth/session';

/**
 * The case as the applications service shows it (GET /cases/dibao/{id}, /cases/linshi/{id},
 * /cases/{id} for 特扶), reduced to what the page reads, plus the rules that decide which actions
 * the page offers. The rules mirror the deciders (services/applications/src/{dibao,linshi,tefu}/
 * decider.ts): status, role, division and maker-checker. The service decides again on every request.
 */
export type Benefit = 'dibao' | 'linshi' | 'tefu';
export const BENEFITS: readonly Benefit[] = ['dibao', 'linshi', 'tefu'];

export interface TimelineEntry {
  eventId: string;
  revision: number;
  type: string;
  recordedAt: string;
  effectiveFrom: string | null;
  actor: { id: string; role: string; divisionCode: string } | null;
  correlationId: string;
}

export interface CaseMember {
  personRef: string;
  /** Only for intake officers, case officers and approvers; other roles see the age. */
  birthDate: string | null;
  ageYears?: number | null;
  name: string | null;
  /** The division of first registration only (`330402************`). */
  residentIdMasked: string | null;
  erased: boolean;
  relation?: string;
  role?: string;
  extraNeed?: string | null;
}

export interface DueItem {
  kind: string;
  dueOn: string;
  overdue?: boolean;
}

export interface CaseDetermination {
  determinationId: string;
  basedOnCaseRevision: number;
  eligible?: boolean;
  householdAmountFen?: number;
  amountPerPersonPerMonthFen?: number | null;
  capFen?: number;
  amounts?: { beneficiaryRef: string; periodKey?: string; amountFen: number }[];
  effectiveFrom?: string;
}

export interface Objection {
  objectionId: string;
  noticeNo: number;
  raisedOn: string;
  summary: string;
  outcome: 'dismissed' | 'upheld' | null;
}

export interface CaseView {
  caseId: string;
  benefit: Benefit;
  status: string;
  divisionCode: string;
  revision: number;
  factsRevision: number;
  members: CaseMember[];
  householdCategory?: string;
  application?: Record<string, unknown>;
  family?: { familyType: string; childEventDate: string; evidenceRefs: string[] };
  state?: Record<string, unknown>;
  decision?: Record<string, unknown> | null;
  determinations: CaseDetermination[];
  currentDeterminationId: string | null;
  due: DueItem[];
  timeline: TimelineEntry[];
}

/** The case and the revision (ETag) the user is looking at. */
export interface LoadedCase {
  view: CaseView;
  etag: string;
}

/** What eligibility answers on GET /eligibility/cases/{caseId}/determinations (one entry per determination). */
export interface EligibilityDetermination {
  determinationId: string;
  caseId: string;
  basedOnCaseRevision: number;
  benefit: Benefit;
  divisionCode: string;
  effectiveFrom: string;
  eligible: boolean;
  outcome: EngineResult['outcome'];
  rulePackId: string;
  rulesetVersion: string;
  amounts: { beneficiaryRef: string; periodKey: string; amountFen: number }[];
  capFen: number;
  reasons: EngineResult['reasons'];
  trace: EngineResult['trace'];
  supersedesDeterminationId?: string;
}

export function casePath(benefit: Benefit, caseId: string): string {
  return benefit === 'tefu' ? `/cases/${caseId}` : `/cases/${benefit}/${caseId}`;
}

/**
 * A stored determination as the engine's result, for <Explanation>: outcome, reasons and trace as
 * eligibility recorded them; the amount is the determination's first period (低保 and 特扶 monthly,
 * 临时救助 one-off; 急难型 临时救助 a cap).
 */
export function engineResultOf(d: EligibilityDetermination, members: readonly CaseMember[] = []): EngineResult {
  // Each person by name on screen (the stored result names them by personRef only).
  const who = (ref: string) => members.find((m) => m.personRef === ref)?.name ?? ref;
  const first = [...d.amounts.map((a) => a.periodKey)].sort()[0];
  const lines = d.amounts.filter((a) => a.periodKey === first);
  const total = lines.reduce((s, a) => s + a.amountFen, 0);
  const cap = d.benefit === 'linshi' && d.capFen > 0;
  const amount: EngineResult['amount'] =
    d.outcome === 'eligible' || lines.length > 0 || cap
      ? {
          nature: cap ? 'cap' : 'entitlement',
          total: { fen: cap ? d.capFen : total },
          period: d.benefit === 'linshi' ? 'oneOff' : 'monthly',
          perPerson: lines.map((a) => ({ personId: who(a.beneficiaryRef), amount: { fen: a.amountFen } })),
        }
      : null;
  return {
    benefit: d.benefit as EngineResult['benefit'],
    rulesetVersion: d.rulesetVersion,
    rulePackId: d.rulePackId,
    eligible: d.eligible,
    outcome: d.outcome,
    reasons: d.reasons,
    amount,
    trace: d.trace,
  } as EngineResult;
}

// ---------------------------------------------------------------------------------------------
// Which actions are offered now

export type ActionKey =
  | 'dibao.accept'
  | 'dibao.financialCheck'
  | 'dibao.homeVisit'
  | 'dibao.communityReview'
  | 'dibao.publicNotice'
  | 'dibao.objection'
  | 'dibao.objectionResolution'
  | 'dibao.approve'
  | 'dibao.reject'
  | 'dibao.rejectionNotice'
  | 'dibao.review'
  | 'dibao.suspend'
  | 'dibao.resume'
  | 'dibao.exit'
  | 'linshi.advanceAid'
  | 'linshi.approve'
  | 'linshi.reject'
  | 'linshi.paperwork'
  | 'linshi.referral'
  | 'tefu.submit'
  | 'tefu.approve'
  | 'tefu.reject';

/** GB/T 2260: an office acts on its own division and the divisions under it (case-rules.ts mayActInDivision). */
export function mayActInDivision(actorDivision: string, caseDivision: string): boolean {
  return actorDivision === caseDivision || actorDivision === `${caseDivision.slice(0, 4)}00` || actorDivision === `${caseDivision.slice(0, 2)}0000`;
}

const DIBAO_PENDING = ['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice'];
const OFFICERS = ['intake_officer', 'case_officer'];

/** Everyone who recorded a step of the case (maker-checker: they may not decide it). */
export function stepMakers(view: CaseView): string[] {
  const madeBy = view.state?.madeBy;
  if (Array.isArray(madeBy)) return madeBy as string[];
  // 特扶: every event's actor counts (decider.ts recordedBy).
  return [...new Set(view.timeline.map((e) => e.actor?.id).filter((id): id is string => !!id))];
}

export function objectionsOf(view: CaseView): Objection[] {
  return Array.isArray(view.state?.objections) ? (view.state.objections as Objection[]) : [];
}

/** The actions the signed-in actor may take on the case now, in the order of the workflow. */
export function availableActions(view: CaseView, actor: Actor): ActionKey[] {
  if (!mayActInDivision(actor.divisionCode, view.divisionCode)) return [];
  const role = actor.role;
  const officer = OFFICERS.includes(role);
  const caseOfficer = role === 'case_officer';
  const decider = role === 'approver' && !stepMakers(view).includes(actor.id);
  const s = view.status;
  const out: ActionKey[] = [];
  if (view.benefit === 'dibao') {
    const fc = view.state?.financialCheck as { result?: string } | null | undefined;
    const open = objectionsOf(view).filter((o) => o.outcome === null);
    if (s === 'applied' && officer) out.push('dibao.accept');
    if ((s === 'accepted' || s === 'checked') && caseOfficer) out.push('dibao.financialCheck');
    if (s === 'checked' && caseOfficer && fc?.result === 'passed') out.push('dibao.homeVisit');
    if (s === 'visited' && caseOfficer) out.push('dibao.communityReview');
    if (s === 'reviewed' && caseOfficer) out.push('dibao.publicNotice');
    if (s === 'publicNotice' && officer) out.push('dibao.objection');
    if (s === 'publicNotice' && caseOfficer && open.length > 0) out.push('dibao.objectionResolution');
    if (s === 'publicNotice' && decider && approvable(view) && publicNoticeOver(view) && open.length === 0) out.push('dibao.approve');
    if (DIBAO_PENDING.includes(s) && decider) out.push('dibao.reject');
    if (s === 'rejected' && officer && !view.state?.rejectionNoticeDeliveredOn) out.push('dibao.rejectionNotice');
    if ((s === 'active' || s === 'suspended') && caseOfficer) out.push('dibao.review');
    if (s === 'active' && decider) out.push('dibao.suspend');
    if (s === 'suspended' && decider) out.push('dibao.resume');
    if ((s === 'active' || s === 'suspended') && decider) out.push('dibao.exit');
  } else if (view.benefit === 'linshi') {
    // 先行救助 (急难型): the approver role of the division (linshi policy advanceAidRoles), no maker-checker rule.
    if (s === 'submitted' && role === 'approver' && view.application?.type === 'jinan' && approvable(view) && (currentDetermination(view)?.capFen ?? 0) > 0) out.push('linshi.advanceAid');
    if (s === 'submitted' && decider && approvable(view)) out.push('linshi.approve');
    if (s === 'submitted' && decider) out.push('linshi.reject');
    if (s === 'advanceAided' && officer && !view.state?.paperwork) out.push('linshi.paperwork');
    if ((s === 'submitted' || s === 'advanceAided' || s === 'approved') && officer) out.push('linshi.referral');
  } else {
    if (s === 'draft' && officer) out.push('tefu.submit');
    if (s === 'submitted' && decider && approvable(view)) out.push('tefu.approve');
    if (s === 'submitted' && decider) out.push('tefu.reject');
  }
  return out;
}

/** The determination the case cites now, if any. */
export function currentDetermination(view: CaseView): CaseDetermination | undefined {
  return view.currentDeterminationId ? view.determinations.find((d) => d.determinationId === view.currentDeterminationId) : undefined;
}

/**
 * What the deciders require of the determination an approval cites: there is one, it is eligible, and
 * it was made on the case's facts as they stand (not DETERMINATION_STALE / _NOT_ELIGIBLE).
 */
export function approvable(view: CaseView): boolean {
  const d = currentDetermination(view);
  return !!d && d.eligible !== false && d.basedOnCaseRevision === view.factsRevision;
}

/** 低保: the 7-day 公示 has ended (the decider refuses PUBLIC_NOTICE_NOT_OVER before the day after it ends). */
export function publicNoticeOver(view: CaseView, today: string = todayInChina()): boolean {
  const endsOn = (view.state?.publicNotice as { endsOn?: string } | null | undefined)?.endsOn;
  return typeof endsOn === 'string' && today > endsOn;
}

/**
 * Why an approver is not offered 批准 yet on a case awaiting decision (null when nothing holds it
 * back, or the case is not awaiting one): the 公示 is still running, an objection is open, or the
 * determination is missing, not eligible or older than the facts.
 */
export function approvalWaitsFor(view: CaseView, today: string = todayInChina()): { zh: string; en: string } | null {
  const awaiting = (view.benefit === 'dibao' && view.status === 'publicNotice') || (view.benefit !== 'dibao' && view.status === 'submitted');
  if (!awaiting) return null;
  if (view.benefit === 'dibao') {
    const endsOn = (view.state?.publicNotice as { endsOn?: string } | null | undefined)?.endsOn;
    if (!publicNoticeOver(view, today)) return { zh: `公示期至 ${endsOn ?? '—'} 结束，结束后方可批准。`, en: `The public notice runs until ${endsOn ?? '—'}; approval is possible after it ends.` };
    if (objectionsOf(view).some((o) => o.outcome === null)) return { zh: '有未处理的公示异议，处理后方可批准。', en: 'An objection to the public notice is open; resolve it first.' };
  }
  const d = currentDetermination(view);
  if (!d) return { zh: '尚无测算结果，等待资格测算。', en: 'No determination yet; waiting for eligibility.' };
  if (d.basedOnCaseRevision !== view.factsRevision) return { zh: '测算结果早于最新事实，等待重新测算。', en: 'The determination predates the latest facts; waiting for a new one.' };
  if (d.eligible === false) return { zh: '测算结果为不符合条件，只能不予批准。', en: 'The determination is not eligible; the case can only be refused.' };
  return null;
}

/** Whether the approver is kept from deciding only because they recorded a step (to explain why 批准 is missing). */
export function blockedByMakerChecker(view: CaseView, actor: Actor): boolean {
  // Only while there is a decision to take: another approver would be offered one now.
  return actor.role === 'approver' && stepMakers(view).includes(actor.id) && availableActions(view, { ...actor, id: `${actor.id}\u0000another` }).length > 0;
}
