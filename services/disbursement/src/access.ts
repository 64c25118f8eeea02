import { Errors, type Actor } from '@benefits/kernel';
import { DisbursementErrors } from './disbursement.errors';

/**
 * Who may do what in disbursement:
 * - recording an entitlement schedule by hand is system integration (`admin`) until schedules
 *   arrive from eligibility over Kafka;
 * - a payment run (发放批次) is finance work (`finance_clerk`, 财政);
 * - reading a payment is open to finance, audit and administration.
 * Every one of them only for the actor's own division or a division under it.
 */
export type DisbursementAction = 'recordSchedule' | 'runPayments' | 'readPayment' | FundingAction | AccountAction | EnvelopeAction;

/**
 * 发放批次 (ADR 0011): a run — the envelope's preparation — is started by 民政 (`case_officer`,
 * `approver`) or by finance (`finance_clerk`); finance approves (another person than whoever
 * prepared it), exports the bank file, imports the bank's return and closes; finance, audit and
 * administration read and reconcile; a held duplicate is decided by the 民政 `approver`.
 */
export type EnvelopeAction = 'readEnvelope' | 'approveEnvelope' | 'exportBankFile' | 'importReturns' | 'closeEnvelope' | 'reconcile' | 'decideHold';

/**
 * 一卡通 accounts: recorded, changed or closed by 民政经办 at intake (`case_officer`) or by finance
 * (`finance_clerk`); read (masked) by finance, audit and administration. The division is that of
 * the case the person belongs to (see accounts/accounts.controller.ts).
 */
export type AccountAction = 'recordAccount' | 'readAccount';

/** 支出责任: publishing funding shares is administration (`admin`); reading them is open to finance, audit and administration. */
export type FundingAction = 'publishFundingShares' | 'readFundingShares';

const ALLOWED_ROLES: Readonly<Record<DisbursementAction, readonly string[]>> = {
  recordSchedule: ['admin'],
  runPayments: ['case_officer', 'approver', 'finance_clerk'],
  readPayment: ['case_officer', 'approver', 'finance_clerk', 'auditor', 'admin'],
  publishFundingShares: ['admin'],
  readFundingShares: ['finance_clerk', 'auditor', 'admin'],
  recordAccount: ['case_officer', 'finance_clerk'],
  readAccount: ['finance_clerk', 'auditor', 'admin'],
  readEnvelope: ['case_officer', 'approver', 'finance_clerk', 'auditor', 'admin'],
  approveEnvelope: ['finance_clerk'],
  exportBankFile: ['finance_clerk'],
  importReturns: ['finance_clerk'],
  closeEnvelope: ['finance_clerk'],
  reconcile: ['finance_clerk', 'auditor', 'admin'],
  decideHold: ['approver'],
};

/** The role half of `assertMay`, for a route that must refuse a role before it looks anything up (so a refusal tells nothing about existence). */
export function assertRoleMay(actor: Actor, action: DisbursementAction): void {
  const allowed = ALLOWED_ROLES[action];
  if (!allowed.includes(actor.role)) throw Errors.FORBIDDEN({ reason: 'role', required: allowed, role: actor.role });
}

export function assertMay(actor: Actor, action: DisbursementAction, divisionCode: string): void {
  assertRoleMay(actor, action);
  if (!isWithinDivision(divisionCode, actor.divisionCode)) {
    throw DisbursementErrors.DIVISION_OUT_OF_SCOPE({ divisionCode, actorDivision: actor.divisionCode });
  }
}

/** GB/T 2260: a province code ends in 0000 and covers its 2-digit prefix, a city ends in 00 and covers 4. */
export function isWithinDivision(code: string, ancestor: string): boolean {
  if (code === ancestor) return true;
  if (ancestor.endsWith('0000')) return code.startsWith(ancestor.slice(0, 2));
  if (ancestor.endsWith('00')) return code.startsWith(ancestor.slice(0, 4));
  return false;
}
