import { isUuid, parsePeriodKey, periodKey, type Period, type PeriodIdentity } from '@benefits/kernel';
import { DisbursementErrors } from '../disbursement.errors';

/**
 * A payment is the stream `payment-<caseId>-<personRef>-<periodKey>`, created with expected revision
 * `no_stream`: the store itself refuses a second payment for the same beneficiary and period.
 * Both ids are random UUIDs and the period key is a date, so the id carries no personal data and
 * may appear in logs, Kafka keys and bank-file references.
 */
export function paymentStreamId(caseId: string, personRef: string, period: Period | PeriodIdentity): string {
  return `payment-${caseId}-${personRef}-${periodKey(period)}`;
}

const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// A follow-up (reissue, ADR 0011) is its root payment's id with `-fu<n>`: the same case, person and period.
const PAYMENT_STREAM_ID = new RegExp(`^payment-(${UUID_TEXT})-(${UUID_TEXT})-(.+?)(?:-adj([1-9]\\d*))?(?:-fu[1-9]\\d*)?$`);

export interface PaymentStreamIdParts {
  caseId: string;
  personRef: string;
  period: PeriodIdentity;
  /** Set for an arrears / recovery stream (`…-adj<scheduleVersion>`): the schedule version it settles. */
  adjustmentForScheduleVersion?: number;
}

export function parsePaymentStreamId(value: string): PaymentStreamIdParts {
  const match = PAYMENT_STREAM_ID.exec(value);
  if (!match || !isUuid(match[1]) || !isUuid(match[2])) throw DisbursementErrors.INVALID_PAYMENT_ID({ value });
  let period: PeriodIdentity;
  try {
    period = parsePeriodKey(match[3]);
  } catch {
    throw DisbursementErrors.INVALID_PAYMENT_ID({ value, reason: 'period key' });
  }
  return { caseId: match[1], personRef: match[2], period, ...(match[4] ? { adjustmentForScheduleVersion: Number(match[4]) } : {}) };
}

/** The prefix shared by every payment stream of a case (audit finds a case's payments by it). */
export function paymentStreamPrefix(caseId: string): string {
  return `payment-${caseId}-`;
}
