import { Errors, type Actor } from '@benefits/kernel';
import { isWithinDivision } from '@benefits/standards';
import { AuditErrors } from './audit.errors';

/**
 * Who may do what in audit (ADR 0012). Every action is scoped by division: an actor sees and acts
 * on cases of their own division and the divisions under it (GB/T 2260 prefixes: a province code
 * covers its prefectures and counties, a prefecture its counties), as in the other services.
 *
 * - replay, chain verification, recomputation, anomaly scans and lists, evidence packages and the
 *   personal-data access log: audit (`auditor`) and administration (`admin`);
 * - assigning a 疑点 and deciding its outcome: `auditor`; recording the check (核查) of an assigned
 *   疑点: the county's 民政 staff (`case_officer`, `approver`) as well;
 * - declaring an officer's relatives (近亲属备案): the officers themselves (`intake_officer`,
 *   `case_officer`, `approver`, `finance_clerk`) and `admin`; the register is read by auditors.
 */
export type AuditAction =
  | 'replay'
  | 'verify'
  | 'recompute'
  | 'readAnomalies'
  | 'scanAnomalies'
  | 'assignAnomaly'
  | 'checkAnomaly'
  | 'decideAnomaly'
  | 'declareRelatives'
  | 'readRelatives'
  | 'exportEvidence'
  | 'readAccessLog'
  | 'anchor';

const AUDIT = ['auditor', 'admin'];

const ALLOWED_ROLES: Readonly<Record<AuditAction, readonly string[]>> = {
  replay: AUDIT,
  verify: AUDIT,
  recompute: AUDIT,
  readAnomalies: [...AUDIT, 'case_officer', 'approver'],
  scanAnomalies: AUDIT,
  assignAnomaly: ['auditor'],
  checkAnomaly: ['auditor', 'case_officer', 'approver'],
  decideAnomaly: ['auditor'],
  declareRelatives: ['intake_officer', 'case_officer', 'approver', 'finance_clerk', 'admin'],
  readRelatives: AUDIT,
  exportEvidence: AUDIT,
  readAccessLog: AUDIT,
  anchor: ['admin', 'auditor'],
};

/** Refuses (403 FORBIDDEN / DIVISION_OUT_OF_SCOPE) unless the actor's role and division allow the action on `divisionCode`. */
export function assertAuditMay(actor: Actor, action: AuditAction, divisionCode: string): void {
  assertAuditRole(actor, action);
  if (!isWithinDivision(divisionCode, actor.divisionCode)) {
    throw AuditErrors.DIVISION_OUT_OF_SCOPE({ divisionCode, actorDivision: actor.divisionCode });
  }
}

/** The role check alone, for requests whose division is only known after reading (then call `assertAuditMay`). */
export function assertAuditRole(actor: Actor, action: AuditAction): void {
  const allowed = ALLOWED_ROLES[action];
  if (!allowed.includes(actor.role)) throw Errors.FORBIDDEN({ reason: 'role', required: allowed, role: actor.role });
}

/** Whether the actor's division covers `divisionCode` (for filtering lists instead of refusing). */
export function actorCovers(actor: Actor, divisionCode: string): boolean {
  return isWithinDivision(divisionCode, actor.divisionCode);
}

/**
 * The prefix every division code within `divisionCode` starts with (GB/T 2260: a province covers its
 * two digits, a prefecture its four, a county only itself): for `startsWith` filters on read models.
 */
export function divisionPrefix(divisionCode: string): string {
  if (divisionCode.endsWith('0000')) return divisionCode.slice(0, 2);
  if (divisionCode.endsWith('00')) return divisionCode.slice(0, 4);
  return divisionCode;
}
