import { z } from '@benefits/http';
import {
  BeneficiaryAmountSchema,
  DeterminationId,
  DivisionCode,
  DocumentRef,
  DueItemSchema,
  Fen,
  IsoDate,
  OpenedMemberSchema,
  PersonInputFields,
  Text,
  TimelineEntrySchema,
} from '../dibao/dibao.schemas';
import { LINSHI_CAUSES, LINSHI_STATUSES, LINSHI_TYPES } from './decider';

/** HTTP contract of the 临时救助 case workflow. */

const LinshiMemberInputSchema = z
  .object({ relation: z.enum(['applicant', 'spouse', 'child', 'parent', 'other']), ...PersonInputFields })
  .strict()
  .openapi('LinshiMemberInput');

export type LinshiMemberInput = z.infer<typeof LinshiMemberInputSchema>;

export const CreateLinshiCaseSchema = z
  .object({
    divisionCode: DivisionCode.openapi({ description: 'the division handling the case (户籍地, 居住地 or 急难发生地)' }),
    type: z.enum(LINSHI_TYPES).openapi({ description: '急难型 jinan / 支出型 zhichu' }),
    members: z
      .array(LinshiMemberInputSchema)
      .min(1)
      .max(20)
      .openapi({ description: 'the household; the first member is the applicant (relation applicant), paid the cash aid' }),
    cause: z.enum(LINSHI_CAUSES).openapi({ description: '事由 (coded for 一事一救)' }),
    causeDescription: Text(2000),
    occurredOn: IsoDate.openapi({ description: 'when the emergency happened or the expenditure arose' }),
    group: z.enum(['g1', 'g2']).optional().openapi({ description: '支出型: g1 低保、低收入、特困 / g2 others' }),
    necessaryExpenditureFen: Fen.optional().openapi({ description: '支出型: 生活必需支出 E, integer fen' }),
    expenditureEvidence: z
      .array(z.object({ kind: z.enum(['medicalBill', 'tuition', 'invoice', 'other']), ref: DocumentRef, amountFen: Fen }).strict())
      .max(50)
      .default([])
      .openapi({ description: '支出型: the bills and invoices' }),
    severeDisabilityUplift: z.boolean().optional().openapi({ description: 'the officer’s choice to apply the +10% for a household with a 重度残疾人' }),
    bandTableId: z.string().min(1).max(100).optional(),
    sameCauseOverrideReason: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: '一事一救 override: why the same cause is helped again within the period' }),
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
  .openapi('CreateLinshiCase');

const StandardRefSchema = z
  .object({ standardId: Text(200), versionId: Text(200), itemNo: Text(50), contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex') })
  .strict();

export const RecordLinshiDeterminationSchema = z
  .object({
    determinationId: DeterminationId,
    basedOnCaseRevision: z.number().int().min(0),
    eligible: z.boolean(),
    amounts: z.array(BeneficiaryAmountSchema).max(100),
    capFen: Fen.openapi({ description: '急难型: the cap the officer chooses within; 0 when not applicable' }),
    standardRef: StandardRefSchema.nullable(),
    effectiveFrom: IsoDate,
  })
  .strict()
  .openapi('RecordLinshiDetermination');

export const AdvanceAidSchema = z.object({ determinationId: DeterminationId, amountFen: Fen }).strict().openapi('LinshiAdvanceAid');
export const PaperworkSchema = z
  .object({ completedOn: IsoDate, documentRefs: z.array(DocumentRef).min(1).max(20), note: z.string().max(2000) })
  .strict()
  .openapi('LinshiPaperwork');
export const LinshiApproveSchema = z
  .object({
    determinationId: DeterminationId,
    amountFen: Fen.optional().openapi({ description: 'default: the determined amount; 急难型: within the cap' }),
    instalments: z
      .array(z.object({ amountFen: Fen, plannedOn: IsoDate }).strict())
      .min(2)
      .max(24)
      .optional()
      .openapi({ description: '一次审批、分阶段救助: the stages, adding up to the amount' }),
    overrideReasonCode: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/).optional(),
    overrideReason: Text(1000).optional(),
  })
  .strict()
  .openapi('LinshiApprove');
export const InstalmentSchema = z.object({ instalmentNo: z.number().int().min(1).max(24), releasedOn: IsoDate }).strict().openapi('LinshiInstalmentRelease');
export const InKindSchema = z
  .object({
    providedOn: IsoDate,
    items: z.array(z.object({ description: Text(200), quantity: z.number().positive().max(1_000_000), unit: Text(20) }).strict()).min(1).max(50),
    valueFen: Fen.optional(),
  })
  .strict()
  .openapi('LinshiInKindAid');
export const ReferralSchema = z.object({ referredOn: IsoDate, to: Text(200), reason: Text(1000) }).strict().openapi('LinshiReferral');

export const LinshiCommandResultSchema = z
  .object({ caseId: z.string(), revision: z.number().int(), status: z.enum(LINSHI_STATUSES) })
  .openapi('LinshiCommandResult');

export const LinshiCaseViewSchema = z
  .object({
    caseId: z.string(),
    benefit: z.literal('linshi'),
    status: z.enum(LINSHI_STATUSES),
    divisionCode: z.string(),
    revision: z.number().int(),
    factsRevision: z.number().int(),
    members: z.array(OpenedMemberSchema.extend({ relation: z.string() })),
    application: z.record(z.string(), z.unknown()),
    state: z.record(z.string(), z.unknown()).openapi({ description: 'advance aid, paperwork, approval, instalments released, in-kind aid, referrals, rejection' }),
    determinations: z.array(z.record(z.string(), z.unknown())),
    currentDeterminationId: z.string().nullable(),
    due: z.array(DueItemSchema),
    timeline: z.array(TimelineEntrySchema),
  })
  .openapi('LinshiCase');
