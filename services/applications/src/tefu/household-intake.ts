import { DomainError } from '@benefits/kernel';
import { isIdentityError, validateResidentId, type PersonalDataVault } from '@benefits/identity';
import type { HouseholdMember } from './decider';
import { IntakeErrors } from './errors';
import type { MemberInput } from './tefu.schemas';

export interface CheckedMember extends MemberInput {
  /** Normalised: upper-case X. */
  residentId: string;
}

/**
 * Checks each member's 身份证号 (GB 11643) and that the date of birth agrees with it, before
 * anything is registered in the vault. The error never echoes the number.
 */
export function checkMembers(members: readonly MemberInput[]): CheckedMember[] {
  const checked = members.map((member, i) => {
    const result = validateResidentId(member.residentId);
    const path = `members.${i}.residentId`;
    if (!result.ok) {
      throw new DomainError('INVALID_RESIDENT_ID', 400, `身份证号码无效：${result.messageZh}`, `invalid resident id number: ${result.messageEn}`, {
        path,
        reason: result.reason,
      });
    }
    if (result.birthDate !== member.birthDate) throw IntakeErrors.BIRTH_DATE_MISMATCH({ path: `members.${i}.birthDate` });
    return { ...member, residentId: result.residentId };
  });
  const ids = checked.map((m) => m.residentId);
  if (new Set(ids).size !== ids.length) throw IntakeErrors.DUPLICATE_RESIDENT_ID();
  return checked;
}

/** The person with this 身份证号 in the vault, registered now if they are new. */
async function personRefOf(vault: PersonalDataVault, residentId: string): Promise<string> {
  const known = await vault.findPersonByResidentId(residentId);
  if (known) return known;
  try {
    return await vault.registerPerson({ residentId });
  } catch (error) {
    // Registered by a concurrent request between our lookup and our insert.
    if (isIdentityError(error, 'PERSON_ALREADY_REGISTERED')) {
      const ref = (error.details as { personRef?: string } | undefined)?.personRef;
      if (ref && ref !== 'unknown') return ref;
    }
    throw error;
  }
}

/** Members as events carry them: a personRef and the name and 身份证号 sealed under the person's key. */
export async function sealMembers(vault: PersonalDataVault, members: readonly CheckedMember[]): Promise<HouseholdMember[]> {
  const sealed: HouseholdMember[] = [];
  for (const member of members) {
    const personRef = await personRefOf(vault, member.residentId);
    const personalData = await vault.seal(personRef, { name: member.name, residentId: member.residentId });
    sealed.push({ personRef, role: member.role, birthDate: member.birthDate, personalData });
  }
  return sealed;
}
