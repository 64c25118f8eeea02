import { isUuid, LocalDate } from '@benefits/kernel';
import { isDivisionCode } from '@benefits/identity';
import { ActorSchema, z } from '@benefits/http';
import { CaseIdParamsSchema, CaseIdSchema } from '../shared/case-id.schema';
import { HOUSEHOLD_CATEGORIES } from './policy';
import { CHECK_SOURCES, DIBAO_STATUSES, EXIT_REASONS, EXTRA_NEEDS, INCOME_SOURCES, MEMBER_RELATIONS } from './decider';

/** HTTP contract of the 低保 case workflow (and pieces the 临时救助 one shares). */

export const IsoDate = z
  .string()
  .refine((value) => LocalDate.isValid(value), { message: 'expected a calendar date YYYY-MM-DD' })
  .openapi({ type: 'string', format: 'date', example: '2026-03-02' });

const YearMonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM').openapi({ example: '2026-01' });

export { CaseIdParamsSchema, CaseIdSchema };

export const PersonRefSchema = z
  .string()
  .refine(isUuid, { message: 'expected a personRef (UUID)' })
  .openapi({ type: 'string', format: 'uuid', description: 'a member’s personRef, as the case view shows it' });

export const DivisionCode = z
  .string()
  .refine(isDivisionCode, { message: 'expected a 6-digit GB/T 2260 division code' })
  .openapi({ type: 'string', pattern: '^\\d{6}$', example: '330402', description: '行政区划代码 (GB/T 2260)' });

/** References name documents in an evidence store; they must not carry personal data themselves. */
export const DocumentRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/, 'letters, digits and . _ : / - only')
  .openapi({ example: 'evidence:report-0304' });

export const Text = (max: number) => z.string().trim().min(1).max(max);

export const Fen = z.number().int().min(0).max(10_000_000_000).openapi({ description: 'integer fen' });

export const PersonInputFields = {
  name: z.string().trim().min(1).max(50).openapi({ description: '姓名 (sealed in the vault, never stored in clear)', example: '张三' }),
  residentId: z.string().max(40).openapi({ description: '身份证号, 18 characters, GB 11643 check character (sealed in the vault)' }),
  birthDate: IsoDate.openapi({ description: 'date of birth; must match the one in the 身份证号' }),
};

const DibaoMemberInputSchema = z
  .object({
    relation: z.enum(MEMBER_RELATIONS).openapi({ description: '与申请人关系: exactly one applicant' }),
    ...PersonInputFields,
    extraNeed: z.enum(EXTRA_NEEDS).optional().openapi({ description: '老年人、未成年人、重度残疾人、重病患者' }),
  })
  .strict()
  .openapi('DibaoMemberInput');

export type DibaoMemberInput = z.infer<typeof DibaoMemberInputSchema>;

export const CreateDibaoCaseSchema = z
  .object({
    divisionCode: DivisionCode.openapi({ description: '户籍 division of the household; the case belongs to it' }),
    householdCategory: z.enum(HOUSEHOLD_CATEGORIES).openapi({ description: '分类管理: stable (yearly 复核) / unstable (half-yearly)' }),
    members: z.array(DibaoMemberInputSchema).min(1).max(20).openapi({ description: '共同生活家庭成员' }),
    singlePerson: z
      .object({
        memberIndex: z.number().int().min(0).max(19).openapi({ description: 'index in members of the person applying as 单人户' }),
        adult: z.boolean(),
        severeDisability: z.boolean(),
        dependsOnFamily: z.boolean().optional(),
        noEmployment: z.boolean().optional(),
        supportedBySiblingsOrElders60: z.boolean().optional(),
      })
      .strict()
      .optional(),
    reApplicationOf: CaseIdSchema.optional().openapi({ description: 'the household’s earlier case (after an exit or a rejection)' }),
  })
  .strict()
  .openapi('CreateDibaoCase');

export const EmptySchema = z.object({}).strict().openapi('EmptyBody');

const CheckPeriodSchema = z.object({ from: YearMonthText, to: YearMonthText }).strict();
const IncomeSchema = z
  .object({ personRef: PersonRefSchema, source: z.enum(INCOME_SOURCES), month: YearMonthText, amountFen: Fen })
  .strict()
  .openapi('DibaoIncome');

const SourceDoc = z.object({ docNo: Text(200), title: z.string().max(300).nullable() }).strict();
const AssetsSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('assessed'), ruleId: Text(100), source: SourceDoc, meets: z.boolean() }).strict(),
    z
      .object({
        kind: z.literal('perCapitaLimit'),
        ruleId: Text(100),
        source: SourceDoc,
        sampleData: z.boolean().optional(),
        limitPerCapita: z.object({ fen: Fen }).strict(),
        totalAssets: z.object({ fen: Fen }).strict(),
      })
      .strict(),
  ])
  .openapi('DibaoAssetsRule', { description: 'the assets test as the rule engine takes it (a named rule and its source)' });

export const FinancialCheckSchema = z
  .object({
    checkedOn: IsoDate,
    result: z.enum(['passed', 'failed']),
    sources: z
      .array(z.object({ source: z.enum(CHECK_SOURCES), reportRef: DocumentRef }).strict())
      .min(1)
      .max(20)
      .openapi({ description: 'departments whose data were matched (公安, 人社, 住建/不动产, 市场监管, 税务, 公积金, 银行/证券/保险) and their reports' }),
    period: CheckPeriodSchema.openapi({ description: 'months the check covers; monthly income = the member’s total over these months / their number' }),
    incomes: z.array(IncomeSchema).max(500),
    assets: AssetsSchema.optional(),
  })
  .strict()
  .openapi('DibaoFinancialCheck');

export const HomeVisitSchema = z
  .object({
    visitedOn: IsoDate,
    investigators: z.array(Text(100)).min(2).max(10).openapi({ description: 'ids of the two or more staff who visited (distinct)' }),
    findings: Text(2000),
    recordRef: DocumentRef.optional(),
  })
  .strict()
  .openapi('DibaoHomeVisit');

export const CommunityReviewSchema = z
  .object({ heldOn: IsoDate, attendance: z.number().int().min(1).max(10_000), votesFor: z.number().int().min(0).max(10_000), minutesRef: DocumentRef })
  .strict()
  .openapi('DibaoCommunityReview');

export const PublicNoticeSchema = z.object({ startedOn: IsoDate, location: Text(200) }).strict().openapi('DibaoPublicNotice');
export const ObjectionSchema = z.object({ raisedOn: IsoDate, summary: Text(2000) }).strict().openapi('DibaoObjection');
export const ObjectionResolutionSchema = z
  .object({ objectionId: z.string().regex(/^objection-\d{1,4}$/), outcome: z.enum(['dismissed', 'upheld']), resolution: Text(2000) })
  .strict()
  .openapi('DibaoObjectionResolution');

const StandardRefSchema = z
  .object({
    standardId: Text(200),
    versionId: Text(200),
    itemNo: Text(50),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex'),
  })
  .strict();

export const DeterminationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'letters, digits and . _ : - only');

export const BeneficiaryAmountSchema = z
  .object({ beneficiaryRef: PersonRefSchema, periodKey: z.string().min(1).max(100), amountFen: Fen })
  .strict();

export const RecordDibaoDeterminationSchema = z
  .object({
    determinationId: DeterminationId,
    basedOnCaseRevision: z.number().int().min(0).openapi({ description: "the case's facts revision eligibility decided on" }),
    eligible: z.boolean(),
    amounts: z.array(BeneficiaryAmountSchema).max(100),
    householdAmountFen: Fen.openapi({ description: 'the household’s monthly 低保金 (B × n − Σ incomes), integer fen' }),
    standardRef: StandardRefSchema.nullable(),
    effectiveFrom: IsoDate,
  })
  .strict()
  .openapi('RecordDibaoDetermination');

export const CiteDeterminationSchema = z.object({ determinationId: DeterminationId }).strict().openapi('CiteDetermination');
export const RejectSchema = z
  .object({ reasons: z.array(Text(500)).min(1).max(20).openapi({ description: '不予批准理由 (delivered in writing)' }) })
  .strict()
  .openapi('RejectWithReasons');
export const RejectionNoticeSchema = z
  .object({ deliveredOn: IsoDate, method: z.enum(['inPerson', 'post', 'electronic']), receiptRef: DocumentRef })
  .strict()
  .openapi('DibaoRejectionNotice');
export const ReviewSchema = z
  .object({ reviewedOn: IsoDate, householdCategory: z.enum(HOUSEHOLD_CATEGORIES), findings: Text(2000) })
  .strict()
  .openapi('DibaoReview');
export const ChangeSchema = z
  .object({
    effectiveFrom: IsoDate.openapi({ description: 'the date the change holds from' }),
    reason: Text(500),
    period: CheckPeriodSchema,
    incomes: z.array(IncomeSchema).max(500),
    removedMembers: z.array(PersonRefSchema).max(20),
    addedMembers: z.array(DibaoMemberInputSchema).max(10).default([]).openapi({ description: 'members who joined (name and 身份证号 go to the vault)' }),
  })
  .strict()
  .openapi('DibaoChangeOfCircumstances');
export const EffectiveDatedSchema = z.object({ effectiveFrom: IsoDate, reason: Text(500) }).strict().openapi('DibaoEffectiveDatedStep');
export const ExitSchema = z.object({ effectiveFrom: IsoDate, reason: z.enum(EXIT_REASONS), note: z.string().max(2000) }).strict().openapi('DibaoExit');

// --- responses ---------------------------------------------------------------------------------

export const DibaoCommandResultSchema = z
  .object({ caseId: z.string(), revision: z.number().int().openapi({ description: 'stream revision; also the ETag' }), status: z.enum(DIBAO_STATUSES) })
  .openapi('DibaoCommandResult');

export const TimelineEntrySchema = z.object({
  eventId: z.string(),
  revision: z.number().int(),
  type: z.string(),
  recordedAt: z.string().openapi({ format: 'date-time' }),
  effectiveFrom: z.string().nullable().openapi({ format: 'date' }),
  actor: ActorSchema.nullable(),
  correlationId: z.string(),
});

export const OpenedMemberSchema = z.object({
  personRef: z.string(),
  birthDate: z.string().nullable().openapi({ format: 'date', description: 'the exact birth date for intake_officer, case_officer and approver; null for other roles (docs/operations/masking.md)' }),
  ageYears: z.number().int().nullable().openapi({ description: 'completed years today' }),
  name: z.string().nullable().openapi({ description: 'null once the personal data was erased' }),
  residentIdMasked: z.string().nullable().openapi({ example: '330402************', description: 'the division of first registration only; birth digits, sequence and check character hidden' }),
  erased: z.boolean(),
});

export const DueItemSchema = z.object({ kind: z.string().openapi({ example: 'dibao.publicNotice' }), dueOn: z.string().openapi({ format: 'date' }) });

export const DibaoCaseViewSchema = z
  .object({
    caseId: z.string(),
    benefit: z.literal('dibao'),
    status: z.enum(DIBAO_STATUSES),
    divisionCode: z.string(),
    revision: z.number().int(),
    factsRevision: z.number().int().openapi({ description: 'the revision a determination must be based on' }),
    members: z.array(OpenedMemberSchema.extend({ relation: z.enum(MEMBER_RELATIONS), extraNeed: z.enum(EXTRA_NEEDS).nullable() })),
    householdCategory: z.enum(HOUSEHOLD_CATEGORIES),
    state: z.record(z.string(), z.unknown()).openapi({ description: 'the steps recorded so far (核对, 入户调查, 民主评议, 公示, objections, decision, …)' }),
    determinations: z.array(z.record(z.string(), z.unknown())),
    currentDeterminationId: z.string().nullable(),
    due: z.array(DueItemSchema).openapi({ description: 'open deadlines; overdue when dueOn is before today' }),
    timeline: z.array(TimelineEntrySchema),
  })
  .openapi('DibaoCase');
