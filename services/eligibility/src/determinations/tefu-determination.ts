/**
 * 计生特扶 names kept for the callers that import them from here; the determinations of all three
 * benefits live in ./determination.ts.
 */
export {
  amountStandardRef,
  determinationData,
  determinationStreamId,
  evaluateSnapshot,
  scheduleData,
  SCHEDULE_HORIZON_MONTHS,
  tefuRequest,
  type BeneficiaryAmount,
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type SnapshotEnvelope,
} from './determination';
export { DeterminationErrors } from './context';
export type { TefuFactsSnapshot } from './facts';

export const ELIGIBILITY_DETERMINED = 'tefu.EligibilityDetermined.v1';
export const ENTITLEMENT_SCHEDULE_ISSUED = 'tefu.EntitlementScheduleIssued.v1';
