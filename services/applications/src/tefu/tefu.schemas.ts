import { isUuid, LocalDate } from '@benefits/kernel';
import { isDivisionCode } from '@benefits/identity';
import { ActorSchema, z } from '@benefits/http';
import { CaseIdParamsSchema, CaseIdSchema } from '../shared/case-id.schema';
import { ASSET_KINDS, CARD_TYPES, DISABILITY_CATEGORIES, EVIDENCE_KINDS, HOUSEHOLD, INCOME_SOURCES } from '../households/facts';
import { FAMILY_TYPES, SPOUSE_ROLES, TEFU_CASE_STATUSES, TERMINATION_REASONS } from './decider';

/** HTTP contract of the 计生特扶 case workflow; the OpenAPI document is generated from these schemas. */

const IsoDate = z
  .string()
  .refine((value) => LocalDate.isValid(value), { message: 'expected a calendar date YYYY-MM-DD' })
  .openapi({ type: 'string', format: 'date', example: '2024-07-22' });

export { CaseIdParamsSchema, CaseIdSchema };

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
    duplicateOverride: z
      .object({ reason: z.string().trim().min(1).max(2000) })
      .strict()
      .optional()
      .openapi({
        description:
          '重复享受 override, approver only: a member is in another open case of this benefit and the law allows it; the reason must cite the legal basis. Recorded on the new case as DuplicateCaseOverridden.',
      }),
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

const BeneficiaryAmountSchema = z
  .object({
    beneficiaryRef: z.string().min(1).max(100).openapi({ description: "a member's personRef" }),
    amountFen: z.number().int().min(0).max(100_000_000).openapi({ description: 'amount per month, integer fen', example: 100000 }),
  })
  .strict()
  .openapi('BeneficiaryAmount');

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
    amounts: z.array(BeneficiaryAmountSchema).min(1).max(2).optional().openapi({ description: 'per beneficiary; each equal to amountPerPersonPerMonthFen' }),
    standardRef: StandardRefSchema,
    effectiveFrom: IsoDate.openapi({ description: 'first day the amount applies' }),
  })
  .strict()
  .openapi('RecordDetermination');

/** A recorded determination as the case shows it: one amount for every member, or null when they differ. */
const DeterminationViewSchema = z
  .object({
    determinationId: z.string(),
    basedOnCaseRevision: z.number().int(),
    amountPerPersonPerMonthFen: z.number().int().nullable(),
    amounts: z.array(BeneficiaryAmountSchema).optional(),
    standardRef: StandardRefSchema,
    effectiveFrom: z.string().openapi({ format: 'date' }),
  })
  .openapi('TefuDetermination');

// --- household facts, evidence, lifecycle -------------------------------------------------------

const EvidenceItemSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS).openapi({ description: 'document kind (死亡证明, 残疾人证, 出生医学证明, 收养登记证, 户口簿, …)' }),
    reference: EvidenceRef,
  })
  .strict()
  .openapi('EvidenceItem');

const EvidenceList = z.array(EvidenceItemSchema).max(20);

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM')
  .openapi({ example: '2024-07' });
const Fen = z.number().int().min(0).max(100_000_000_000);

/** The facts an officer can record; `subsidyCard` carries the account number, sealed by the vault before it is stored. */
export const FactInputSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('elderlyCareSubsidy'), receiving: z.boolean().openapi({ description: '已享受政府养老服务补贴' }) }).strict(),
    z.object({ kind: z.literal('disabledOrDemented'), value: z.boolean().openapi({ description: '失能、失智等生活不能自理' }) }).strict(),
    z.object({ kind: z.literal('death') }).strict().openapi({ description: 'the member died on effectiveFrom' }),
    z
      .object({ kind: z.literal('disabilityCertificate'), grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]), category: z.enum(DISABILITY_CATEGORIES) })
      .strict()
      .openapi({ description: '残疾人证: grade 1 (most severe) to 4, category' }),
    z.object({ kind: z.literal('hukou'), divisionCode: DivisionCode }).strict().openapi({ description: '户籍 county-level division' }),
    z.object({ kind: z.literal('income'), source: z.enum(INCOME_SOURCES), month: Month, amountFen: Fen }).strict(),
    z.object({ kind: z.literal('asset'), assetKind: z.enum(ASSET_KINDS), label: z.string().trim().min(1).max(100), valueFen: Fen }).strict(),
    z
      .object({ kind: z.literal('childDisability'), grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) })
      .strict()
      .openapi({ description: "the only child's disability grade (伤残家庭)" }),
    z
      .object({
        kind: z.literal('subsidyCard'),
        cardType: z.enum(CARD_TYPES),
        bankCode: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'letters and digits only'),
        accountNumber: z.string().regex(/^\d{8,30}$/, '8 to 30 digits').openapi({ description: 'sealed in the vault, never stored in clear' }),
      })
      .strict()
      .openapi({ description: '惠民惠农 一卡通 account' }),
  ])
  .openapi('TefuFactInput');

export type FactInput = z.infer<typeof FactInputSchema>;

export const RecordFactSchema = z
  .object({
    subject: z.string().min(1).max(100).openapi({ description: `a member's personRef, or "${HOUSEHOLD}"` }),
    fact: FactInputSchema,
    effectiveFrom: IsoDate.openapi({ description: 'the date the fact holds from (for a death: the date of death)' }),
    supersedes: z.string().refine(isUuid, { message: 'expected a fact id (lowercase UUID)' }).optional().openapi({ description: 'the factId of the record this one corrects' }),
    evidence: EvidenceList.default([]),
  })
  .strict()
  .openapi('RecordTefuFact');

export const EvidenceBodySchema = z.object({ evidence: EvidenceList }).strict().openapi('TefuEvidence');

export const TerminateCaseSchema = z
  .object({
    reason: z.enum(TERMINATION_REASONS).openapi({ description: '再生育 newBirth / 收养 adoption / 独生子女康复 childRecovered (a death: record the death fact)' }),
    eventDate: IsoDate.openapi({ description: 'the date of the birth, adoption or recovery; no entitlement from this date on' }),
    evidence: EvidenceList,
  })
  .strict()
  .openapi('TerminateTefuCase');

export const AnnualReviewTickSchema = z
  .object({ today: IsoDate.optional().openapi({ description: "the tick's date (default: today in Asia/Shanghai); not after today" }) })
  .strict()
  .openapi('AnnualReviewTick');

export const AnnualReviewTickResultSchema = z
  .object({
    today: z.string(),
    examined: z.number().int().openapi({ description: 'active cases of your division (and below) with a 年审 due on or before today, looked at' }),
    markedOverdue: z.array(z.object({ caseId: z.string(), dueOn: z.string(), revision: z.number().int() })),
  })
  .openapi('AnnualReviewTickResult');

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
    status: z.enum(TEFU_CASE_STATUSES),
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

const FactRecordViewSchema = z.object({
  factId: z.string(),
  subject: z.string(),
  fact: z.record(z.string(), z.unknown()).openapi({ description: 'kind and value; a 一卡通 account number is shown masked' }),
  effectiveFrom: z.string(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  evidence: z.array(EvidenceItemSchema),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});

export const CaseViewSchema = z
  .object({
    caseId: z.string(),
    benefit: z.literal('tefu'),
    status: z.enum(TEFU_CASE_STATUSES),
    divisionCode: z.string(),
    revision: z.number().int(),
    factsRevision: z.number().int().openapi({ description: 'the revision a determination must be based on' }),
    members: z.array(
      z.object({
        personRef: z.string(),
        role: z.enum(SPOUSE_ROLES),
        birthDate: z.string().nullable().openapi({ format: 'date', description: 'the exact birth date for intake_officer, case_officer and approver; null for other roles (docs/operations/masking.md)' }),
        ageYears: z.number().int().nullable().openapi({ description: 'completed years today' }),
        name: z.string().nullable().openapi({ description: 'null once the personal data was erased' }),
        residentIdMasked: z.string().nullable().openapi({ example: '330402************', description: 'the division of first registration only; birth digits, sequence and check character hidden' }),
        erased: z.boolean(),
      }),
    ),
    family: z.object({ familyType: z.enum(FAMILY_TYPES), childEventDate: z.string(), evidenceRefs: z.array(z.string()) }),
    determinations: z.array(DeterminationViewSchema),
    currentDeterminationId: z.string().nullable(),
    decision: z.record(z.string(), z.unknown()).nullable(),
    asOf: z.string().openapi({ format: 'date', description: 'today in Asia/Shanghai: the date facts and entitlement are shown as of' }),
    facts: z.array(FactRecordViewSchema).openapi({ description: 'household and person facts in effect on asOf' }),
    factHistory: z.array(FactRecordViewSchema).openapi({ description: 'every fact record, corrections and corrected ones included' }),
    evidence: z.array(
      z.object({ kind: z.string(), reference: z.string(), step: z.string(), recordedBy: z.string().nullable(), recordedAt: z.string() }),
    ),
    eligibilityConfirmation: z.record(z.string(), z.unknown()).nullable().openapi({ description: '资格确认, when recorded' }),
    entitlement: z
      .object({ determinationId: z.string(), amounts: z.array(BeneficiaryAmountSchema), effectiveFrom: z.string() })
      .nullable()
      .openapi({ description: 'the determination in force on asOf for an active case; null before approval and from the termination date' }),
    due: z.array(z.object({ kind: z.string(), dueOn: z.string(), overdue: z.boolean(), overdueRecordedOn: z.string().nullable() })),
    annualReviews: z.array(z.record(z.string(), z.unknown())),
    termination: z.record(z.string(), z.unknown()).nullable(),
    timeline: z.array(TimelineEntrySchema),
  })
  .openapi('TefuCase');
