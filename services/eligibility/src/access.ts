import type { Actor } from '@benefits/kernel';
import { Errors } from '@benefits/kernel';
import { isWithinDivision, StandardsErrors } from '@benefits/standards';

/**
 * Who may change the catalog: importing standards, activating them and publishing parameter values
 * are administration (role `admin`), and only for the actor's own division or divisions under it.
 * Reading is open to every authenticated role.
 */
export function assertMayAdminister(actor: Actor, divisionCode: string): void {
  if (actor.role !== 'admin') throw Errors.FORBIDDEN({ reason: 'role', required: 'admin', role: actor.role });
  if (!isWithinDivision(divisionCode, actor.divisionCode)) {
    throw StandardsErrors.DIVISION_OUT_OF_SCOPE({ divisionCode, actorDivision: actor.divisionCode });
  }
}
