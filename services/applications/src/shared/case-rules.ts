import { LocalDate, type Actor, type CommandMetadata } from '@benefits/kernel';
import { CaseErrors } from './case-errors';

/** Rules every case workflow of this service applies the same way (低保, 临时救助). */

/** Every command is made by someone: the verified actor, never a field of the request body. */
export interface CaseCommandMetadata extends CommandMetadata {
  actor: Actor;
}

/** A case event as a decider sees it: type, data and who recorded it (stored in the event's metadata). */
export interface CaseEventOf<Type extends string, Data> {
  type: Type;
  data: Data;
  actor: Actor | null;
}

/**
 * GB/T 2260: a county's city is its first four digits + "00", its province the first two + "0000".
 * An office may act on cases of its own division and of every division under it.
 */
export function mayActInDivision(actorDivision: string, caseDivision: string): boolean {
  return (
    actorDivision === caseDivision ||
    actorDivision === `${caseDivision.slice(0, 4)}00` ||
    actorDivision === `${caseDivision.slice(0, 2)}0000`
  );
}

export function requireDivision(actor: Actor, caseDivision: string): void {
  if (!mayActInDivision(actor.divisionCode, caseDivision)) {
    throw CaseErrors.DIVISION_NOT_ALLOWED({ caseDivision, actorDivision: actor.divisionCode });
  }
}

export function requireRole(actor: Actor, allowed: readonly string[], step: string): void {
  if (!allowed.includes(actor.role)) throw CaseErrors.ROLE_NOT_ALLOWED({ step, role: actor.role, allowed: [...allowed] });
}

/** 审核确认 and other decisions: the approver role, and nobody who recorded a step of the case. */
export function requireDecisionMaker(actor: Actor, caseId: string, divisionCode: string, madeBy: readonly string[]): void {
  if (actor.role !== 'approver') throw CaseErrors.APPROVER_ROLE_REQUIRED({ role: actor.role });
  requireDivision(actor, divisionCode);
  if (madeBy.includes(actor.id)) throw CaseErrors.MAKER_CHECKER_VIOLATION({ caseId, actorId: actor.id });
}

/** The calendar date of the command in Asia/Shanghai: business dates are Chinese calendar dates. */
export function today(metadata: CommandMetadata): LocalDate {
  return LocalDate.ofInstant(metadata.now);
}

export function requireNotAfter(date: string, limit: LocalDate, field: string): void {
  if (LocalDate.parse(date).isAfter(limit)) throw CaseErrors.DATE_IN_FUTURE({ field, date, today: limit.toString() });
}

export function requireNotBefore(date: string, earliest: string, field: string): void {
  if (LocalDate.parse(date).isBefore(LocalDate.parse(earliest))) throw CaseErrors.DATE_OUT_OF_ORDER({ field, date, earliest });
}

export function addActor(madeBy: readonly string[], actor: Actor | null): string[] {
  return actor && !madeBy.includes(actor.id) ? [...madeBy, actor.id] : [...madeBy];
}

export const OFFICER_ROLES = ['intake_officer', 'case_officer'] as const;
export const CASE_OFFICER_ROLES = ['case_officer'] as const;
/** Until eligibility publishes determinations for this benefit, a case officer (or an admin) records them. */
export const DETERMINATION_ROLES = ['case_officer', 'admin'] as const;

/** The reasons of a refusal, trimmed; at least one. */
export function requireReasons(reasons: readonly string[]): string[] {
  const trimmed = reasons.map((r) => r.trim()).filter((r) => r !== '');
  if (trimmed.length === 0) throw CaseErrors.REJECTION_REASON_REQUIRED();
  return trimmed;
}
