/**
 * The request schemas the controllers parse with, bundled as they are (their `@benefits/http`
 * import resolves to the schema kit), disbursement's account schema included.
 */
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

export { PutAccountSchema } from '../../../../../disbursement/src/accounts/accounts.schemas';
export { CARD_TYPES, EVIDENCE_KINDS as ACCOUNT_EVIDENCE_KINDS } from '../../../../../disbursement/src/accounts/account';
