import { LocalDate } from '@benefits/kernel';
import { z } from '@benefits/http';

/** Body of 特扶 停发 (`POST /cases/{caseId}/suspend`) and 恢复 (`POST /cases/{caseId}/resume`). */
export const TefuPaymentStatusSchema = z
  .object({
    effectiveFrom: z
      .string()
      .refine((value) => LocalDate.isValid(value), { message: 'expected a calendar date YYYY-MM-DD' })
      .openapi({ type: 'string', format: 'date', example: '2026-07-01', description: 'payment stops (resumes) from the month containing this date; not before the approval' }),
    reason: z.string().trim().min(1).max(500).openapi({ description: '停发 / 恢复 reason as recorded (no personal data)', example: '未按期参加年审' }),
  })
  .strict()
  .openapi('TefuPaymentStatusChange');
