import { isBenefitId } from '@benefits/standards';

/** The benefit an event type names by its namespace (`tefu.CaseCreated.v1` → tefu), when that is a known benefit (shipped or registered as a module). */
export function benefitOfType(type: string): string | null {
  const namespace = type.split('.')[0];
  return isBenefitId(namespace) ? namespace : null;
}
