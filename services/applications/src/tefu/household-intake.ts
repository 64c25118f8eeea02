import type { PersonalDataVault } from '@benefits/identity';
import { checkPersons, sealPersons } from '../shared/person-intake';
import type { HouseholdMember } from './decider';
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
  return checkPersons(members);
}

/** Members as events carry them: a personRef and the name and 身份证号 sealed under the person's key. */
export async function sealMembers(vault: PersonalDataVault, members: readonly CheckedMember[]): Promise<HouseholdMember[]> {
  const sealed = await sealPersons(vault, members);
  return members.map((member, i) => ({ personRef: sealed[i].personRef, role: member.role, birthDate: member.birthDate, personalData: sealed[i].personalData }));
}
