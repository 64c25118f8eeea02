import { DomainError } from '@benefits/kernel';
import { IntakeErrors } from './case-errors';
import { isIdentityError, validateResidentId, type PersonalDataVault, type SealedPersonalData } from '@benefits/identity';

/**
 * Intake of household members for the case workflows (计生特扶, 低保, 临时救助): each 身份证号 is checked (GB 11643)
 * and must agree with the date of birth before anything reaches the vault; the vault then resolves
 * it to the person's one personRef (through its HMAC index) and seals name and number under the
 * person's key. Errors never echo the number.
 */

/** The same refusals as 计生特扶 intake. */
export const PersonIntakeErrors = IntakeErrors;

export interface PersonInput {
  name: string;
  residentId: string;
  birthDate: string;
}

export function checkPersons<T extends PersonInput>(members: readonly T[]): T[] {
  const checked = members.map((member, i) => {
    const result = validateResidentId(member.residentId);
    const path = `members.${i}.residentId`;
    if (!result.ok) {
      throw new DomainError('INVALID_RESIDENT_ID', 400, `身份证号码无效：${result.messageZh}`, `invalid resident id number: ${result.messageEn}`, {
        path,
        reason: result.reason,
      });
    }
    if (result.birthDate !== member.birthDate) throw PersonIntakeErrors.BIRTH_DATE_MISMATCH({ path: `members.${i}.birthDate` });
    return { ...member, residentId: result.residentId };
  });
  const ids = checked.map((m) => m.residentId);
  if (new Set(ids).size !== ids.length) throw PersonIntakeErrors.DUPLICATE_RESIDENT_ID();
  return checked;
}

/** The persons with these 身份证号 already known to the vault (null for a new person); registers nobody. */
export async function knownPersonRefs(vault: PersonalDataVault, members: readonly PersonInput[]): Promise<(string | null)[]> {
  const refs: (string | null)[] = [];
  for (const member of members) refs.push(await vault.findPersonByResidentId(member.residentId));
  return refs;
}

async function personRefOf(vault: PersonalDataVault, residentId: string): Promise<string> {
  const known = await vault.findPersonByResidentId(residentId);
  if (known) return known;
  try {
    return await vault.registerPerson({ residentId });
  } catch (error) {
    if (isIdentityError(error, 'PERSON_ALREADY_REGISTERED')) {
      const ref = (error.details as { personRef?: string } | undefined)?.personRef;
      if (ref && ref !== 'unknown') return ref;
    }
    throw error;
  }
}

/** Each member's personRef (registered now if new) and their name and 身份证号 sealed. */
export async function sealPersons(vault: PersonalDataVault, members: readonly PersonInput[]): Promise<{ personRef: string; personalData: SealedPersonalData }[]> {
  const sealed = [];
  for (const member of members) {
    const personRef = await personRefOf(vault, member.residentId);
    sealed.push({ personRef, personalData: await vault.seal(personRef, { name: member.name, residentId: member.residentId }) });
  }
  return sealed;
}

/** Distinct placeholder refs for deciding before the vault is touched. */
export function placeholderRef(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

export const PLACEHOLDER_SEALED = (personRef: string): SealedPersonalData =>
  ({ personRef, keyVersion: 0, alg: 'A256GCM', iv: '', tag: '', ct: '' }) as SealedPersonalData;
