import type { Actor } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import { sampleWorkingDayCalendar } from '../calendar/working-day-calendar';
import { createDibaoDecider, type DibaoCommand, type DibaoEvent, type DibaoMember } from './decider';
import { defaultDibaoPolicy, type DibaoPolicy } from './policy';

/**
 * Test fixtures of the 低保 workflow (used by the specs only). The calendar is SAMPLE DATA (weekends
 * only), not the published calendar of any year; names and refs are invented.
 */

export const testPolicy: DibaoPolicy = defaultDibaoPolicy(sampleWorkingDayCalendar([2026, 2027]));
export const dibaoDecider = createDibaoDecider(testPolicy);

/** 10:00 in Asia/Shanghai on a date. */
export const at = (date: string) => new Date(`${date}T02:00:00Z`);

// 嘉兴市南湖区 330402.
export const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
export const caseOfficer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
export const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
export const otherApprover: Actor = { id: 'approver-qian', role: 'approver', divisionCode: '330400' };

export const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
export const applicantRef = '0192f3a0-7c1e-7b5e-9a52-000000000011';
export const childRef = '0192f3a0-7c1e-7b5e-9a52-000000000012';

const sealed = (personRef: string): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' });
export const applicant: DibaoMember = { personRef: applicantRef, relation: 'applicant', birthDate: '1975-06-01', personalData: sealed(applicantRef) };
export const child: DibaoMember = { personRef: childRef, relation: 'child', birthDate: '2012-09-01', extraNeed: 'minor', personalData: sealed(childRef) };

export const standardRef = { standardId: 'sample-standard', versionId: 'sample', itemNo: '63', contentHash: 'c'.repeat(64) };

type Data<T extends DibaoCommand['type']> = Omit<Extract<DibaoCommand, { type: T }>['data'], 'caseId'>;

/** A command on the fixture case, by an actor, on a date. */
export function cmd<T extends DibaoCommand['type']>(type: T, data: Data<T>, actor: Actor, on: string): Extract<DibaoCommand, { type: T }> {
  return { type, data: { caseId, ...data }, metadata: { now: at(on), actor } } as unknown as Extract<DibaoCommand, { type: T }>;
}

export const steps = {
  create: () => cmd('CreateCase', { divisionCode: '330402', members: [applicant, child], householdCategory: 'stable' }, intake, '2026-03-02'),
  accept: () => cmd('AcceptApplication', {}, intake, '2026-03-02'),
  check: (result: 'passed' | 'failed' = 'passed') =>
    cmd(
      'RecordFinancialCheck',
      {
        checkedOn: '2026-03-04',
        result,
        sources: [
          { source: 'humanResources', reportRef: 'report:hr-0304' },
          { source: 'tax', reportRef: 'report:tax-0304' },
        ],
        period: { from: '2025-12', to: '2026-02' },
        incomes: [
          { personRef: applicantRef, source: 'wages', month: '2025-12', amountFen: 60_000 },
          { personRef: applicantRef, source: 'wages', month: '2026-01', amountFen: 60_000 },
          { personRef: applicantRef, source: 'transfer', month: '2026-02', amountFen: 30_001 },
        ],
      },
      caseOfficer,
      '2026-03-04',
    ),
  visit: (investigators = ['officer-li', 'cadre-chen']) =>
    cmd('RecordHomeVisit', { visitedOn: '2026-03-05', investigators, findings: 'living conditions as declared' }, caseOfficer, '2026-03-05'),
  review: () => cmd('RecordCommunityReview', { heldOn: '2026-03-09', attendance: 15, votesFor: 13, minutesRef: 'minutes:0309' }, caseOfficer, '2026-03-09'),
  notice: () => cmd('PostPublicNotice', { startedOn: '2026-03-10', location: '社区公示栏' }, caseOfficer, '2026-03-10'),
  determine: (basedOnCaseRevision = 2, determinationId = 'det-1', householdAmountFen = 80_000) =>
    cmd(
      'RecordDetermination',
      {
        determinationId,
        basedOnCaseRevision,
        eligible: true,
        amounts: [
          { beneficiaryRef: applicantRef, periodKey: '2026-04', amountFen: householdAmountFen / 2 },
          { beneficiaryRef: childRef, periodKey: '2026-04', amountFen: householdAmountFen / 2 },
        ],
        householdAmountFen,
        standardRef,
        effectiveFrom: '2026-04-01',
      },
      caseOfficer,
      '2026-03-10',
    ),
  approve: (on = '2026-03-17', determinationId = 'det-1', actor = approver) => cmd('ApproveCase', { determinationId }, actor, on),
  reject: (on = '2026-03-17') => cmd('RejectCase', { reasons: ['家庭人均收入高于当地低保标准'] }, approver, on),
};

/** The events of a sequence of commands, each decided on the state the previous ones left. */
export function history(commands: readonly DibaoCommand[]): DibaoEvent[] {
  const events: DibaoEvent[] = [];
  let state = dibaoDecider.initialState();
  for (const command of commands) {
    const produced = dibaoDecider.decide(command, state);
    for (const event of produced) state = dibaoDecider.evolve(state, event);
    events.push(...produced);
  }
  return events;
}

/** Up to 公示 posted, with a determination on the 核对 (revision 2). */
export const inPublicNotice = () => history([steps.create(), steps.accept(), steps.check(), steps.visit(), steps.review(), steps.notice(), steps.determine()]);
export const active = () => history([steps.create(), steps.accept(), steps.check(), steps.visit(), steps.review(), steps.notice(), steps.determine(), steps.approve()]);
