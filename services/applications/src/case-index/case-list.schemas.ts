import { LocalDate } from '@benefits/kernel';
import { z } from '@benefits/http';

/** GET /cases query parameters (strings on the wire; unknown ones are refused with UNKNOWN_FIELD). */

/**
 * The benefits the case list filters by: the shipped three, and those registered as modules
 * (`registerCaseBenefit` adds them; this file is also bundled by the console, so it imports nothing
 * of the service).
 */
const CASE_LIST_BENEFITS = new Set<string>(['tefu', 'dibao', 'linshi']);
export function allowCaseListBenefit(benefit: string): void {
  CASE_LIST_BENEFITS.add(benefit);
}

export const CASE_LIST_SORTS = ['-updatedAt', 'updatedAt', '-openedOn', 'openedOn'] as const;
export const CASE_LIST_MAX_LIMIT = 200;

const isoDate = z
  .string()
  .refine((value) => LocalDate.isValid(value), { message: 'expected a date YYYY-MM-DD' })
  .openapi({ example: '2024-09-01', format: 'date' });

export const ListCasesQuerySchema = z
  .object({
    benefit: z
      .string()
      .refine((id) => CASE_LIST_BENEFITS.has(id), { message: 'expected a benefit this service runs cases for' })
      .optional()
      .openapi({ description: 'tefu = 计生特扶, dibao = 低保, linshi = 临时救助, or a benefit registered as a module (an id no case has lists nothing)' }),
    status: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)
      .optional()
      .openapi({ description: "The benefit's own status word (e.g. submitted, approved)", example: 'submitted' }),
    division: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .openapi({
        description: 'A division code (GB/T 2260): its cases and those of the divisions under it (330400 → 3304xx). Must lie within your own division.',
        example: '330402',
      }),
    dueKind: z
      .string()
      .regex(/^[a-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$/)
      .optional()
      .openapi({ description: 'Cases with an open due item of this kind (e.g. tefu.annualReview)', example: 'tefu.annualReview' }),
    dueBefore: isoDate.optional().openapi({ description: 'Cases with an open due item (of dueKind, if given) due before this date' }),
    overdue: z.literal('true').optional().openapi({ description: 'Only cases with an open due item (of dueKind, if given) whose due date is before today (Asia/Shanghai)' }),
    sort: z.enum(CASE_LIST_SORTS).optional().openapi({ description: 'Default -updatedAt (most recently changed first); ties by case id' }),
    limit: z
      .string()
      .regex(/^[1-9]\d{0,2}$/)
      .refine((v) => Number(v) <= CASE_LIST_MAX_LIMIT, { message: `at most ${CASE_LIST_MAX_LIMIT}` })
      .optional()
      .openapi({ description: `Page size, 1–${CASE_LIST_MAX_LIMIT} (default 50)`, example: '50' }),
    cursor: z.string().max(2000).optional().openapi({ description: "The previous page's nextCursor, with the same other parameters" }),
  })
  .strict();

export type ListCasesQuery = z.infer<typeof ListCasesQuerySchema>;

const DueItemSchema = z.object({ kind: z.string(), dueOn: z.string().openapi({ format: 'date' }) });

export const CaseListItemSchema = z
  .object({
    caseId: z.string(),
    benefit: z.string().openapi({ description: 'tefu, dibao, linshi or a benefit registered as a module' }),
    divisionCode: z.string(),
    status: z.string(),
    revision: z.number().int().openapi({ description: "The case stream's revision the line is as of (the case's ETag)" }),
    openedOn: z.string().openapi({ format: 'date' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    due: z.array(DueItemSchema).openapi({ description: 'Open due items, earliest first' }),
    nextDueOn: z.string().nullable(),
    overdue: z.boolean().openapi({ description: 'An open due item is before today (Asia/Shanghai)' }),
  })
  .openapi('CaseListItem');

export const CaseListSchema = z
  .object({
    items: z.array(CaseListItemSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as cursor for the next page; null on the last page' }),
    position: z.string().openapi({
      description: "The case index's checkpoint: the event-log position up to which the list is built ('start' before the first event)",
    }),
    caughtUp: z.boolean().openapi({ description: 'Whether the index had applied every event committed before the request when it answered' }),
    today: z.string().openapi({ format: 'date', description: 'The date (Asia/Shanghai) overdue is judged against' }),
  })
  .openapi('CaseList');
