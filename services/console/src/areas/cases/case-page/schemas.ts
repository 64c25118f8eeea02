/**
 * The request schemas the controllers parse with, bundled as they are (their `@benefits/http`
 * import resolves to the schema kit). The account form is the exception: disbursement's
 * accounts.schemas.ts imports account.ts, which needs the vault's isSealedPersonalData (not in the
 * browser build of identity), so its request shape is restated here with the same bounds.
 */
import { z } from '@benefits/http';
export {
  CommunityReviewSchema,
  EffectiveDatedSchema,
  EmptySchema,
  ExitSchema,
  ReviewSchema,
  FinancialCheckSchema,
  HomeVisitSchema,
  ObjectionResolutionSchema,
  ObjectionSchema,
  PublicNoticeSchema,
  CiteDeterminationSchema,
  RejectSchema,
  RejectionNoticeSchema,
} from '../../../../../applications/src/dibao/dibao.schemas';
export { AdvanceAidSchema, LinshiApproveSchema, PaperworkSchema, ReferralSchema } from '../../../../../applications/src/linshi/linshi.schemas';
export { ApproveCaseSchema as TefuApproveSchema, RejectCaseSchema as TefuRejectSchema, SubmitApplicationSchema } from '../../../../../applications/src/tefu/tefu.schemas';

/** Mirrors services/disbursement/src/accounts/accounts.schemas.ts PutAccountSchema. */
export const PutAccountSchema = z
  .object({
    divisionCode: z.string().regex(/^\d{6}$/, '6-digit GB/T 2260 division code (行政区划代码)'),
    account: z
      .object({
        bankCode: z.string().max(40),
        bankName: z.string().max(200),
        accountNumber: z.string().max(60),
        holderName: z.string().max(200),
        cardType: z.string().max(10),
      })
      .strict(),
    evidence: z.object({ kind: z.string().max(20), reference: z.string().max(200), note: z.string().max(1000).optional() }).strict().optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict();

export const CARD_TYPES = ['社保卡', '银行卡'] as const;
export const ACCOUNT_EVIDENCE_KINDS = ['银行开户回执', '社保卡', '本人申请', '银行销户回执', '其他书面材料'] as const;
