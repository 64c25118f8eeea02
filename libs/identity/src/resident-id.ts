import { ageOn, LocalDate } from '@benefits/kernel';
import { IdentityErrors } from './errors';

/**
 * 公民身份号码 (身份证号) per GB 11643-1999: 6-digit division code of first registration, 8-digit
 * birth date (YYYYMMDD), 3-digit sequence (odd for men, even for women) and a check character
 * computed with ISO 7064 MOD 11-2 over the first 17 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type ResidentIdInvalidReason = 'bad_length' | 'bad_chars' | 'bad_birth_date' | 'bad_check_digit';

export type ResidentIdValidation =
  | {
      ok: true;
      /** The number as stored: upper-case X. */
      residentId: string;
      /** ISO date, e.g. `1985-02-28`. */
      birthDate: string;
      /** Division code of first registration (not necessarily where the person lives now). */
      registrationDivisionCode: string;
    }
  | { ok: false; reason: ResidentIdInvalidReason; messageZh: string; messageEn: string };

const reasonMessages: Record<ResidentIdInvalidReason, [string, string]> = {
  bad_length: ['身份证号应为 18 位', 'a resident id has 18 characters'],
  bad_chars: ['身份证号前 17 位应为数字，最后一位为数字或 X', 'a resident id is 17 digits followed by a digit or X'],
  bad_birth_date: ['身份证号中的出生日期（第 7–14 位）不是有效日期', 'the birth date in positions 7–14 is not a real date'],
  bad_check_digit: ['身份证号校验位不正确，请核对号码', 'the check character does not match; please re-check the number'],
};

function invalid(reason: ResidentIdInvalidReason): ResidentIdValidation {
  const [messageZh, messageEn] = reasonMessages[reason];
  return { ok: false, reason, messageZh, messageEn };
}

/** The check character for the first 17 digits (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC normalises overflow (Feb 30 → Mar 2); a real date survives the round trip.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Checks a 身份证号. A lower-case `x` is accepted (officers type it) and returned upper-case.
 * Surrounding whitespace is not trimmed: input parsing decides that.
 */
export function validateResidentId(input: string): ResidentIdValidation {
  if (typeof input !== 'string' || input.length !== 18) return invalid('bad_length');
  const id = input.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return invalid('bad_chars');
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealDate(year, month, day)) return invalid('bad_birth_date');
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return invalid('bad_check_digit');
  return {
    ok: true,
    residentId: id,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    registrationDivisionCode: id.slice(0, 6),
  };
}

/** The birth date (ISO `YYYY-MM-DD`) of a valid 身份证号; throws INVALID_RESIDENT_ID otherwise. */
export function birthDateOf(residentId: string): string {
  return requireValidResidentId(residentId).birthDate;
}

export function requireValidResidentId(residentId: string): Extract<ResidentIdValidation, { ok: true }> {
  const result = validateResidentId(residentId);
  if (!result.ok) throw IdentityErrors.INVALID_RESIDENT_ID({ reason: result.reason, messageZh: result.messageZh, messageEn: result.messageEn });
  return result;
}

/**
 * For logs and screens that must not show the full number: the division of first registration and
 * nothing else, `330402************` (docs/operations/masking.md). The birth digits, the sequence
 * and the check character are all hidden: an officer's view shows the birth date and the
 * gender beside the mask, and with those a mask that kept the last four characters rebuilt the
 * whole number (the check character is computed, the sequence was shown).
 */
export function maskResidentId(residentId: string): string {
  if (residentId.length !== 18) return '*'.repeat(residentId.length);
  return `${residentId.slice(0, 6)}${'*'.repeat(12)}`;
}

/**
 * Every 身份证号 consistent with what a screen shows about a person: the mask (`*` hides a
 * character), optionally the exact birth date or only the age on a date, the gender and the
 * registration division. Counts candidates without listing them; `limit` stops early. The masking
 * tests use it to show that no role's view rebuilds a number.
 */
export function countResidentIdCandidates(
  known: { masked: string; birthDate?: string; age?: { years: number; on: string }; gender?: 'male' | 'female'; division?: string },
  limit = Number.MAX_SAFE_INTEGER,
): number {
  const fits = (id: string) => [...known.masked].every((c, i) => c === '*' || c === id[i]);
  const divisions = known.division ? [known.division] : [known.masked.slice(0, 6)];
  if (divisions.some((d) => !/^\d{6}$/.test(d))) throw new RangeError('the division must be known or shown');
  const births: string[] = [];
  if (known.birthDate) births.push(known.birthDate.replace(/-/g, ''));
  else if (known.age) {
    const on = new Date(`${known.age.on}T00:00:00Z`);
    // Born after (on - years - 1) and on or before (on - years).
    const last = new Date(Date.UTC(on.getUTCFullYear() - known.age.years, on.getUTCMonth(), on.getUTCDate()));
    for (let d = new Date(Date.UTC(last.getUTCFullYear() - 1, last.getUTCMonth(), last.getUTCDate() + 1)); d <= last; d = new Date(d.getTime() + 86_400_000)) {
      births.push(d.toISOString().slice(0, 10).replace(/-/g, ''));
    }
  } else throw new RangeError('the birth date or the age must be known');
  let count = 0;
  for (const division of divisions) {
    for (const birth of births) {
      for (let sequence = 0; sequence < 1000; sequence++) {
        if (known.gender && (sequence % 2 === 1) !== (known.gender === 'male')) continue;
        const first17 = `${division}${birth}${String(sequence).padStart(3, '0')}`;
        if (!fits(first17 + residentIdCheckChar(first17))) continue;
        if (++count >= limit) return count;
      }
    }
  }
  return count;
}

/**
 * Roles that see a member's exact birth date beside the mask: those who register and check a
 * household's facts against its documents. Everyone else (finance, audit, administrators) sees
 * the age only (docs/operations/masking.md).
 */
export const BIRTH_DATE_ROLES: readonly string[] = ['intake_officer', 'case_officer', 'approver'];

export interface MemberIdentityView {
  /** The exact birth date for BIRTH_DATE_ROLES, otherwise null. */
  birthDate: string | null;
  /** Completed years on the view's date (null before birth, i.e. a date in the future). */
  ageYears: number | null;
  /** `maskResidentId`, null when there is no number (erased). */
  residentIdMasked: string | null;
}

/** What a member's identity looks like to a reader of `role` on `asOf` (ISO date). */
export function memberIdentityView(role: string, member: { birthDate: string; residentId?: string | null }, asOf: string): MemberIdentityView {
  const birth = LocalDate.parse(member.birthDate);
  const on = LocalDate.parse(asOf);
  return {
    birthDate: BIRTH_DATE_ROLES.includes(role) ? member.birthDate : null,
    ageYears: on.isBefore(birth) ? null : ageOn(birth, on),
    residentIdMasked: member.residentId ? maskResidentId(member.residentId) : null,
  };
}
