import { isUuid, LocalDate } from '@benefits/kernel';
import { isDivisionCode } from '@benefits/identity';
import { ActorSchema, z } from '@benefits/http';
import { FAMILY_TYPES, SPOUSE_ROLES } from './decider';

/** HTTP contract of the 计生特扶 case workflow; the OpenAPI document is generated from these schemas. */

const IsoDate = z
  .string()
  .refine((value) => LocalDate.isValid(value), { message: 'expected a calendar date YYYY-MM-DD' })
  .openapi({ type: 'string', format: 'date', example: '2024-07-22' });

export const CaseIdSchema = z
  .string()
  .refine(isUuid, { message: 'expected a case id (lowercase UUID)' })
  .openapi({ type: 'string', format: 'uuid', example: '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' });

export const CaseIdParamsSchema = z.object({ caseId: CaseIdSchema });

const DivisionCode = z
  .string()
  .refine(isDivisionCode, { message: 'expected a 6-digit GB/T 2260 division code' })
  .openapi({ type: 'string', pattern: '^\\d{6}$', example: '330402', description: '行政区划代码 (GB/T 2260)' });

// References name documents in an evidence store; they must not carry personal data themselves.
const EvidenceRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/, 'letters, digits and . _ : / - only')
  .openapi({ example: 'evidence:death-certificate-2023-0510' });

const MemberInputSchema = z
  .object({
    role: z.enum(SPOUSE_ROLES).openapi({ description: '女方 wife / 男方 husband' }),
    name: z.string().trim().min(1).max(50).openapi({ description: '姓名 (sealed in the vault, never stored in clear)', example: '张三' }),
    residentId: z
      .string()
      .max(40)
      .openapi({ description: '身份证号, 18 characters, GB 11643 check character (sealed in the vault)', example: '330402197003150022' }),
    birthDate: IsoDate.openapi({ description: 'date of birth; must match the one in the 身份证号' }),
  })
  .strict()
  .openapi('TefuMemberInput');

export type MemberInput = z.infer<typeof MemberInputSchema>;

export const CreateTefuCaseSchema = z
  .object({
    divisionCode: DivisionCode.openapi({ description: '户籍 division of the household; the case belongs to it' }),
    members: z.array(MemberInputSchema).min(1).max(2).openapi({ description: 'the spouses (one for a single parent)' }),
    family: z
      .object({
        familyType: z.enum(FAMILY_TYPES).openapi({ description: '独生子女死亡 childDeceased / 伤残 childDisabled' }),
        childEventDate: IsoDate.openapi({ description: "date of the only child's death or disability assessment" }),
        evidenceRefs: z.array(EvidenceRef).min(1).max(20),
      })
      .strict(),
  })
  .strict()
  .openapi('CreateTefuCase');

export const SubmitApplicationSchema = z.object({}).strict().openapi('SubmitApplication');

const StandardRefSchema = z
  .object({
    standardId: z.string().min(1).max(200),
    versionId: z.string().min(1).max(200),
    itemNo: z.string().min(1).max(50).openapi({ example: '52' }),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex').openapi({ description: 'sha256 of the normalised item text' }),
  })
  .strict()
  .openapi('StandardRef');

const DeterminationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'letters, digits and . _ : - only');

export const RecordDeterminationSchema = z
  .object({
    determinationId: DeterminationId,
    basedOnCaseRevision: z.number().int().min(0).openapi({ description: "the case's facts revision eligibility decided on" }),
    amountPerPersonPerMonthFen: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .openapi({ description: 'amount per person per month, integer fen', example: 100000 }),
    standardRef: StandardRefSchema,
    effectiveFrom: IsoDate.openapi({ description: 'first day the amount applies' }),
  })
  .strict()
  .openapi('RecordDetermination');

export const ApproveCaseSchema = z.object({ determinationId: DeterminationId }).strict().openapi('ApproveCase');

export const RejectCaseSchema = z
  .object({ reasons: z.array(z.string().trim().min(1).max(500)).min(1).max(20).openapi({ description: '不予批准理由' }) })
  .strict()
  .openapi('RejectCase');

// --- responses ---------------------------------------------------------------------------------

export const CaseCommandResultSchema = z
  .object({
    caseId: z.string(),
    revision: z.number().int().openapi({ description: 'stream revision after the command; also the ETag' }),
    status: z.enum(['draft', 'submitted', 'approved', 'rejected']),
  })
  .openapi('CaseCommandResult');

const TimelineEntrySchema = z.object({
  eventId: z.string(),
  revision: z.number().int(),
  type: z.string().openapi({ example: 'tefu.CaseCreated.v1' }),
  recordedAt: z.string().openapi({ format: 'date-time' }),
  effectiveFrom: z.string().nullable().openapi({ format: 'date' }),
  actor: ActorSchema.nullable(),
  correlationId: z.string(),
});

export const CaseViewSchema = z
  .object({
    caseId: z.string(),
    benefit: z.literal('tefu'),
    status: z.enum(['draft', 'submitted', 'approved', 'rejected']),
    divisionCode: z.string(),
    revision: z.number().int(),
    factsRevision: z.number().int().openapi({ description: 'the revision a determination must be based on' }),
    members: z.array(
      z.object({
        personRef: z.string(),
        role: z.enum(SPOUSE_ROLES),
        birthDate: z.string(),
        name: z.string().nullable().openapi({ description: 'null once the personal data was erased' }),
        residentIdMasked: z.string().nullable().openapi({ example: '330402********0022' }),
        erased: z.boolean(),
      }),
    ),
    family: z.object({ familyType: z.enum(FAMILY_TYPES), childEventDate: z.string(), evidenceRefs: z.array(z.string()) }),
    determinations: z.array(RecordDeterminationSchema),
    currentDeterminationId: z.string().nullable(),
    decision: z.record(z.string(), z.unknown()).nullable(),
    timeline: z.array(TimelineEntrySchema),
  })
  .openapi('TefuCase');
