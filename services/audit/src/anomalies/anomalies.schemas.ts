import { z } from '@benefits/http';
import { LocalDate } from '@benefits/kernel';
import { FINDING_STATUSES } from './finding-status';

const DivisionCode = z.string().regex(/^\d{6}$/).openapi({ description: 'GB/T 2260 division code', example: '330402' });
const BusinessDate = z.string().refine((v) => LocalDate.isValid(v), { message: 'expected yyyy-mm-dd' }).openapi({ example: '2025-03-31' });
const RuleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/);
const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

export const StartScanSchema = z
  .object({
    divisionCode: DivisionCode,
    rules: z.array(RuleId).max(50).optional().openapi({ description: 'rule ids to run; default all' }),
    asOf: BusinessDate.optional().openapi({ description: 'the day time limits are judged against (China time); default today' }),
    scanId: Uuid.optional().openapi({ description: 'resume this scan (same division, rules and date)' }),
  })
  .strict();

export const ScanIdSchema = Uuid;
export const FindingIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

export const ListFindingsQuerySchema = z
  .object({
    ruleId: RuleId.optional(),
    status: z.enum(FINDING_STATUSES).optional(),
    divisionCode: DivisionCode.optional(),
    scanId: Uuid.optional(),
    cursor: z.string().max(4000).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

const Note = z.string().trim().max(2000);

export const AssignSchema = z.object({ assignee: z.string().trim().min(1).max(100), note: Note.default('') }).strict();
export const CheckSchema = z
  .object({
    result: z.enum(['confirmed_on_site', 'not_confirmed']),
    note: Note.min(1),
    evidenceRef: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export const OutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('cleared'), reason: Note.min(1) }).strict(),
  z.object({ outcome: z.literal('confirmed'), action: z.enum(['recovery', 'referral']), note: Note.min(1) }).strict(),
]);

const Counts = z.object({
  examined: z.number().int(),
  candidates: z.number().int(),
  raised: z.number().int(),
  seenAgain: z.number().int(),
  unchanged: z.number().int(),
  outOfScope: z.number().int(),
  repeated: z.number().int(),
});

export const ScanViewSchema = z
  .object({
    scanId: z.string(),
    streamId: z.string(),
    status: z.enum(['running', 'completed', 'failed', 'interrupted']),
    divisionCode: z.string(),
    rules: z.array(z.string()),
    asOf: z.string(),
    attempt: z.number().int(),
    startedAt: z.string(),
    startedBy: z.string().nullable(),
    completedAt: z.string().nullable(),
    progress: z.array(z.object({ ruleId: z.string(), state: z.enum(['done', 'running', 'pending', 'failed']), examined: z.number().int(), counts: Counts.nullable(), durationMs: z.number().int().optional() })),
    counts: Counts.extend({ findings: z.number().int() }).nullable(),
    resultHash: z.string().nullable(),
    error: z.object({ ruleId: z.string().nullable(), code: z.string(), message: z.string() }).nullable(),
    revision: z.number().int(),
  })
  .openapi('AnomalyScan');

const Text = z.object({ zh: z.string(), en: z.string() });

export const FindingViewSchema = z
  .object({
    findingId: z.string(),
    streamId: z.string(),
    ruleId: z.string(),
    status: z.enum(FINDING_STATUSES),
    summary: Text,
    amountFen: z.number().int().nullable(),
    divisionCodes: z.array(z.string()),
    cases: z.array(z.object({ caseId: z.string(), divisionCode: z.string(), benefit: z.string().optional() })),
    otherDivisions: z.object({ cases: z.number().int(), divisionCodes: z.array(z.string()), note: Text }).nullable(),
    evidence: z.array(z.object({ streamId: z.string(), revision: z.number().int(), note: z.string().optional() })),
    hiddenEvidence: z.number().int(),
    details: z.record(z.string(), z.unknown()),
    firstScanId: z.string(),
    lastScanId: z.string(),
    raisedAt: z.string(),
    updatedAt: z.string(),
    revision: z.number().int(),
    assignment: z.unknown().nullable(),
    check: z.unknown().nullable(),
    outcome: z.unknown().nullable(),
  })
  .openapi('AnomalyFinding');

export const FindingListSchema = z.object({ items: z.array(FindingViewSchema), nextCursor: z.string().nullable() });
export const FindingDetailSchema = FindingViewSchema.extend({
  timeline: z.array(z.object({ revision: z.number().int(), type: z.string(), recordedAt: z.string(), actor: z.unknown().nullable(), scanId: z.string().optional(), contentHash: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() })),
});
export const RuleListSchema = z.object({
  rules: z.array(z.object({ id: z.string(), title: Text, description: Text, config: z.unknown(), defaults: z.unknown() })),
});
