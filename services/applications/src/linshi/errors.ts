import { defineError } from '@benefits/kernel';

/** Refusals of the 临时救助 workflow (the shared ones are in ../shared/case-errors.ts CaseErrors). */
export const LinshiErrors = {
  EXPENDITURE_EVIDENCE_REQUIRED: defineError(
    'EXPENDITURE_EVIDENCE_REQUIRED',
    400,
    '支出型临时救助须提供生活必需支出金额及支出凭证',
    'expenditure-type aid needs the necessary expenditure and its evidence',
  ),
  SAME_CAUSE_WITHIN_PERIOD: defineError(
    'SAME_CAUSE_WITHIN_PERIOD',
    409,
    '该家庭成员在规定期限内已因同一事由申请过临时救助（一事一救）；确有正当理由的，须填写理由后办理',
    'a member of the household already applied for temporary assistance for the same cause within the configured period; an override needs a reason',
  ),
  ADVANCE_AID_ONLY_FOR_EMERGENCY: defineError(
    'ADVANCE_AID_ONLY_FOR_EMERGENCY',
    409,
    '先行救助仅适用于急难型临时救助',
    'advance aid (先行救助) is for emergency-type cases only',
  ),
  ADVANCE_AID_NOT_AUTHORISED: defineError(
    'ADVANCE_AID_NOT_AUTHORISED',
    403,
    '您的角色未被授权实施先行救助',
    'your role is not authorised to grant advance aid',
  ),
  AMOUNT_ABOVE_CAP: defineError('AMOUNT_ABOVE_CAP', 409, '救助金额超过资格认定的救助上限', 'the amount is above the cap of the determination'),
  NO_CAP_DETERMINED: defineError(
    'NO_CAP_DETERMINED',
    409,
    '资格认定未给出急难型救助上限，不能先行救助',
    'the determination gives no cap for emergency aid; advance aid cannot be granted on it',
  ),
  OVERRIDE_REASON_REQUIRED: defineError(
    'OVERRIDE_REASON_REQUIRED',
    400,
    '批准金额与资格认定金额不一致时，须填写调整原因代码及理由',
    'an approved amount different from the determined one needs an override reason code and a reason',
  ),
  INSTALMENTS_DO_NOT_ADD_UP: defineError(
    'INSTALMENTS_DO_NOT_ADD_UP',
    400,
    '分阶段救助各期金额之和须等于批准金额，且每期金额大于零',
    'the instalments must each be positive and add up to the approved amount',
  ),
  INSTALMENT_OUT_OF_ORDER: defineError(
    'INSTALMENT_OUT_OF_ORDER',
    409,
    '请按顺序发放下一期救助',
    'instalments are released in order; this is not the next one',
  ),
  INSTALMENT_ABOVE_APPROVED: defineError(
    'INSTALMENT_ABOVE_APPROVED',
    409,
    '已发放金额将超过批准的救助总额',
    'releasing this instalment would exceed the approved total',
  ),
  PAPERWORK_ALREADY_COMPLETED: defineError('PAPERWORK_ALREADY_COMPLETED', 409, '先行救助的补办手续已办结', 'the advance aid paperwork has already been completed'),
} as const;
