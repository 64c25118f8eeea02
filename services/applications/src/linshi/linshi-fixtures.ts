import type { Actor } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import { createLinshiDecider, type CreateCase, type LinshiCommand, type LinshiEvent, type LinshiMember } from './decider';
import { DEFAULT_LINSHI_POLICY } from './policy';

/** Test fixtures of the 临时救助 workflow (specs only); refs and amounts are invented sample data. */

export const linshiDecider = createLinshiDecider(DEFAULT_LINSHI_POLICY);
export const at = (date: string) => new Date(`${date}T02:00:00Z`);

export const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
export const caseOfficer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
export const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };

export const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a70';
export const applicantRef = '0192f3a0-7c1e-7b5e-9a52-000000000021';
export const spouseRef = '0192f3a0-7c1e-7b5e-9a52-000000000022';
const sealed = (personRef: string): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' });
export const applicant: LinshiMember = { personRef: applicantRef, relation: 'applicant', birthDate: '1970-01-01', personalData: sealed(applicantRef) };
export const spouse: LinshiMember = { personRef: spouseRef, relation: 'spouse', birthDate: '1972-02-02', personalData: sealed(spouseRef) };

type Data<T extends LinshiCommand['type']> = Omit<Extract<LinshiCommand, { type: T }>['data'], 'caseId'>;
export function cmd<T extends LinshiCommand['type']>(type: T, data: Data<T>, actor: Actor, on: string): Extract<LinshiCommand, { type: T }> {
  return { type, data: { caseId, ...data }, metadata: { now: at(on), actor } } as unknown as Extract<LinshiCommand, { type: T }>;
}

export const application = (over: Partial<CreateCase['data']> = {}) =>
  cmd(
    'CreateCase',
    {
      divisionCode: '330402',
      type: 'jinan',
      members: [applicant, spouse],
      cause: 'fire',
      causeDescription: '住房失火',
      occurredOn: '2026-03-01',
      expenditureEvidence: [],
      earlierSameCause: [],
      ...over,
    },
    intake,
    '2026-03-02',
  );

export const zhichu = (over: Partial<CreateCase['data']> = {}) =>
  application({
    type: 'zhichu',
    cause: 'medical',
    causeDescription: '住院医疗费用',
    group: 'g1',
    necessaryExpenditureFen: 2_000_000,
    expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:bill-1', amountFen: 2_000_000 }],
    ...over,
  });

export const determination = (over: Partial<Data<'RecordDetermination'>> = {}) =>
  cmd(
    'RecordDetermination',
    { determinationId: 'det-1', basedOnCaseRevision: 0, eligible: true, amounts: [], capFen: 300_000, standardRef: null, effectiveFrom: '2026-03-02', ...over },
    caseOfficer,
    '2026-03-02',
  );

export function history(commands: readonly LinshiCommand[]): LinshiEvent[] {
  const events: LinshiEvent[] = [];
  let state = linshiDecider.initialState();
  for (const command of commands) {
    const produced = linshiDecider.decide(command, state);
    for (const event of produced) state = linshiDecider.evolve(state, event);
    events.push(...produced);
  }
  return events;
}
