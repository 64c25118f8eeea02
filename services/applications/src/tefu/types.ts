import type { SealedPersonalData } from '@benefits/identity';

/** 计生特扶 case facts and value types: household members, the child's event, standard references, amounts, termination reasons and the case policy. */

// ---------------------------------------------------------------------------------------------
// Facts

/** 女方 / 男方: the two spouses a 特扶 household can have (one of them for a single parent). */
export type SpouseRole = 'wife' | 'husband';
export const SPOUSE_ROLES = ['wife', 'husband'] as const;

/** 独生子女死亡家庭 / 独生子女伤残家庭. */
export type FamilyType = 'childDeceased' | 'childDisabled';
export const FAMILY_TYPES = ['childDeceased', 'childDisabled'] as const;

export interface HouseholdMember {
  personRef: string;
  role: SpouseRole;
  /** ISO date; ages (49, 60) are breakpoints computed from it. */
  birthDate: string;
  /** Name and 身份证号 sealed under the person's vault key. */
  personalData: SealedPersonalData;
}

export interface TefuFamily {
  familyType: FamilyType;
  /** The date of the only child's death, or of the disability assessment. */
  childEventDate: string;
  /** References to the evidence documents (death certificate, disability certificate, …). */
  evidenceRefs: string[];
}

/** The standard clause an amount comes from (architecture §3). */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  /** sha256 of the item text after NFC and whitespace normalisation. */
  contentHash: string;
}

/** One beneficiary's monthly amount, as eligibility determined it for the month of `effectiveFrom`. */
export interface BeneficiaryAmount {
  beneficiaryRef: string;
  amountFen: number;
}

/** Why a 特扶 case ends: the last member's death, a new birth, an adoption, or the child's recovery. */
export type TerminationReason = 'death' | 'newBirth' | 'adoption' | 'childRecovered';
/** The reasons an officer records directly; death follows from the members' death records. */
export const TERMINATION_REASONS = ['newBirth', 'adoption', 'childRecovered'] as const;

/**
 * Settings of the workflow that are a jurisdiction's choice, not code: the 年审 interval and whether
 * the approval needs a 资格确认 on file. The service passes them with every command.
 */
export interface TefuPolicy {
  /** Months from activation (and from each due date) to the next 年审. */
  annualReviewIntervalMonths: number;
  /** Whether ApproveCase needs an EligibilityConfirmed on the current facts revision. */
  requireEligibilityConfirmation: boolean;
}

export const DEFAULT_TEFU_POLICY: TefuPolicy = { annualReviewIntervalMonths: 12, requireEligibilityConfirmation: false };
