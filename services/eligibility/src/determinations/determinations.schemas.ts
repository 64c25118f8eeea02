import { z } from '@benefits/http';
import type { BenefitId } from '@benefits/standards';
import { periodicBenefits } from './benefits';
import { DateSchema, DivisionCodeSchema } from '../standards/standards.schemas';

const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected yyyy-mm');

export const RedeterminationRequestSchema = z
  .object({
    divisionCode: DivisionCodeSchema.describe('cases of this division and of divisions under it'),
    benefit: z
      .string()
      .refine((id) => periodicBenefits().includes(id as BenefitId), { message: 'expected a periodic benefit: tefu, dibao or a registered one' })
      .transform((id) => id as BenefitId)
      .optional()
      .openapi({ type: 'string', description: 'only this benefit: tefu, dibao or a periodic benefit registered as a module (default: every periodic benefit)' }),
    effectiveFrom: DateSchema.describe('the change applies from the first period starting on or after this date'),
    reason: z.string().trim().min(2).max(500).describe('why (e.g. the 文号 of a correction); part of the idempotency key'),
  })
  .strict()
  .openapi('RedeterminationRequest');

export const ExtendSchedulesRequestSchema = z
  .object({
    divisionCode: DivisionCodeSchema,
    asOf: MonthSchema.optional().describe('the month to look ahead from (default: the current month, Asia/Shanghai)'),
    leadMonths: z.number().int().min(1).max(12).optional().describe('extend schedules ending within this many months of asOf (default 3)'),
  })
  .strict()
  .openapi('ExtendSchedulesRequest');

export const RunSummarySchema = z
  .object({
    considered: z.number().int().describe('cases with an issued schedule that the change concerns'),
    issued: z.array(z.string()).describe('cases that got a new determination and a superseding schedule (or a longer one)'),
    alreadyDone: z.array(z.string()).describe('cases where the same change was applied before (nothing appended)'),
    unchanged: z.array(z.string()).describe('cases with nothing to recompute (e.g. the change starts after their horizon)'),
    failed: z.array(z.object({ caseId: z.string(), code: z.string(), message: z.string() })).describe('cases that could not be recomputed; repeat the request once fixed'),
  })
  .openapi('RedeterminationSummary');

export const CaseDeterminationsSchema = z
  .object({
    caseId: z.string(),
    memberBirthDates: z
      .enum(['exact', 'age'])
      .describe(
        "`exact` (intake_officer, case_officer, approver): the events as recorded. `age` (every other role): each member's `birthDate` in `facts.members` is replaced by `ageYears` " +
          "(completed years on the determination's `effectiveFrom`, null before birth); trace steps lose `birthDate`, `dateOfTurning60`, `ageConditionMetOn`, the age steps' `since` and `from` and the " +
          'policy `age.feb29.march1`; the turning date quoted in TEFU_WIFE_UNDER_MIN_AGE is withheld (docs/operations/masking.md)',
      ),
    determinations: z.array(z.record(z.string(), z.unknown())).describe('EligibilityDetermined events, oldest first, as `memberBirthDates` says'),
    schedules: z.array(z.record(z.string(), z.unknown())).describe('EntitlementScheduleIssued events, oldest first; the last one is in force'),
  })
  .openapi('CaseDeterminations');
