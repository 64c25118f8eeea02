import type { SealedPersonalData } from '@benefits/identity';

/** 临时救助 case facts and value types: type and cause, members, expenditure evidence, earlier aid for the same cause, amounts and standard references. */

// ---------------------------------------------------------------------------------------------
// Facts

export type LinshiType = 'jinan' | 'zhichu';
export const LINSHI_TYPES = ['jinan', 'zhichu'] as const;

/** Causes (事由), coded so that 一事一救 compares like with like. */
export type LinshiCause = 'fire' | 'traffic' | 'drowning' | 'injury' | 'suddenIllness' | 'naturalDisaster' | 'medical' | 'education' | 'basicLiving' | 'other';
export const LINSHI_CAUSES = ['fire', 'traffic', 'drowning', 'injury', 'suddenIllness', 'naturalDisaster', 'medical', 'education', 'basicLiving', 'other'] as const;

export interface LinshiMember {
  personRef: string;
  /** The first member is the applicant, to whom cash aid is paid. */
  relation: 'applicant' | 'spouse' | 'child' | 'parent' | 'other';
  birthDate: string;
  personalData: SealedPersonalData;
}

export interface ExpenditureEvidence {
  kind: 'medicalBill' | 'tuition' | 'invoice' | 'other';
  ref: string;
  amountFen: number;
}

/** An earlier application of a member for the same cause within the period (found by the command handler). */
export interface EarlierSameCause {
  caseId: string;
  personRef: string;
  appliedOn: string;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
  /**
   * yyyy-mm-dd: an instalment's planned date (`plannedOn`), on the approval's `once:<caseId>:<n>`
   * lines, so that disbursement pays each instalment in its own month (integration
   * BeneficiaryAmount.due_date). Absent on single grants and on approvals recorded before it existed.
   */
  dueDate?: string;
}

export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}
