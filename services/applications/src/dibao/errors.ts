import { defineError } from '@benefits/kernel';

/**
 * Refusals shared by the 低保 and 临时救助 case workflows. The codes are the same strings the
 * 计生特扶 workflow uses for the same situations, so clients match one vocabulary across benefits.
 */
export const CaseErrors = {
  CASE_NOT_FOUND: defineError('CASE_NOT_FOUND', 404, '未找到该案件，请核对案件编号', 'no such case'),
  CASE_ALREADY_EXISTS: defineError('CASE_ALREADY_EXISTS', 409, '该案件已存在', 'the case already exists'),
  CASE_ALREADY_DECIDED: defineError(
    'CASE_ALREADY_DECIDED',
    409,
    '该案件已审核确认（批准或不予批准），不能再办理此步骤',
    'the case has already been approved or rejected',
  ),
  STEP_NOT_ALLOWED: defineError(
    'STEP_NOT_ALLOWED',
    409,
    '案件当前所处环节不能办理此步骤，请按流程顺序办理',
    'this step cannot be done in the case’s current status; follow the order of the process',
  ),
  DETERMINATION_STALE: defineError(
    'DETERMINATION_STALE',
    409,
    '资格认定所依据的案件版本已不是最新版本，需要重新认定',
    'the determination is based on an outdated case revision; a new determination is needed',
  ),
  DETERMINATION_NOT_FOUND: defineError(
    'DETERMINATION_NOT_FOUND',
    409,
    '该案件没有所引用的资格认定结果，请先完成资格认定',
    'the case has no determination with this id; a determination must be recorded first',
  ),
  DETERMINATION_NOT_CURRENT: defineError(
    'DETERMINATION_NOT_CURRENT',
    409,
    '所引用的资格认定结果已被更新的认定取代，请引用最新的认定结果',
    'the cited determination has been superseded by a later one; cite the current determination',
  ),
  DETERMINATION_ID_REUSED: defineError(
    'DETERMINATION_ID_REUSED',
    409,
    '该资格认定编号已用于另一份不同的认定结果',
    'this determination id was already recorded with different content',
  ),
  DETERMINATION_NOT_ELIGIBLE: defineError(
    'DETERMINATION_NOT_ELIGIBLE',
    409,
    '资格认定结果为不符合条件，不能据此批准；如不予批准请填写理由',
    'the cited determination found the household not eligible; it cannot be approved on it',
  ),
  MAKER_CHECKER_VIOLATION: defineError(
    'MAKER_CHECKER_VIOLATION',
    403,
    '您曾经办过本案件的步骤，不能再对本案件审核确认，请由其他审核人员办理',
    'you recorded a step of this case, so you cannot decide it (maker-checker); another approver must do it',
  ),
  APPROVER_ROLE_REQUIRED: defineError(
    'APPROVER_ROLE_REQUIRED',
    403,
    '审核确认须由具有审核确认权限的人员办理',
    'approving or rejecting a case requires the approver role',
  ),
  ROLE_NOT_ALLOWED: defineError('ROLE_NOT_ALLOWED', 403, '您的角色不能办理此步骤', 'your role may not perform this step'),
  DIVISION_NOT_ALLOWED: defineError(
    'DIVISION_NOT_ALLOWED',
    403,
    '该案件不属于您所在的行政区划（或其下级区划），不能办理',
    "the case is outside your division (your division must be the case's division or a parent of it)",
  ),
  DUPLICATE_MEMBER: defineError('DUPLICATE_MEMBER', 400, '同一人在家庭成员中出现了两次', 'the same person appears twice in the household'),
  DATE_IN_FUTURE: defineError('DATE_IN_FUTURE', 400, '日期不能晚于今天', 'the date cannot be later than today'),
  DATE_OUT_OF_ORDER: defineError('DATE_OUT_OF_ORDER', 400, '日期早于前一环节的日期，请核对', 'the date is earlier than the date of the previous step'),
  REJECTION_REASON_REQUIRED: defineError('REJECTION_REASON_REQUIRED', 400, '不予批准时必须填写理由', 'a rejection needs at least one reason'),
} as const;

/** Refusals of the 低保 workflow. */
export const DibaoErrors = {
  APPLICANT_REQUIRED: defineError(
    'APPLICANT_REQUIRED',
    400,
    '家庭成员中须有且仅有一名申请人',
    'the household needs exactly one member with relation applicant',
  ),
  FINANCIAL_CHECK_FAILED: defineError(
    'FINANCIAL_CHECK_FAILED',
    409,
    '家庭经济状况核对未通过，不能入户调查；请核对后重新记录核对结果，或不予批准',
    'the household financial check did not pass; record a new check or reject the application',
  ),
  INCOME_OUTSIDE_CHECK_PERIOD: defineError(
    'INCOME_OUTSIDE_CHECK_PERIOD',
    400,
    '收入所属月份不在核对期间内，或收入对应的人员不是本户成员',
    'an income is for a month outside the check period or for a person who is not a member',
  ),
  TOO_FEW_INVESTIGATORS: defineError(
    'TOO_FEW_INVESTIGATORS',
    400,
    '入户调查须由两名以上不同的工作人员进行',
    'a home visit needs at least two distinct investigators',
  ),
  INVALID_VOTES: defineError('INVALID_VOTES', 400, '民主评议的同意票数不能多于出席人数', 'votes for cannot exceed attendance'),
  PUBLIC_NOTICE_NOT_OVER: defineError(
    'PUBLIC_NOTICE_NOT_OVER',
    409,
    '公示期未满，不能审核确认',
    'the public notice period is not over yet; the case cannot be approved',
  ),
  OBJECTION_OPEN: defineError(
    'OBJECTION_OPEN',
    409,
    '公示期间的异议尚未处理完毕，不能审核确认',
    'an objection raised during the public notice is still open',
  ),
  OBJECTION_NOT_FOUND: defineError('OBJECTION_NOT_FOUND', 404, '未找到该异议', 'no such objection on this case'),
  OBJECTION_ALREADY_RESOLVED: defineError('OBJECTION_ALREADY_RESOLVED', 409, '该异议已处理', 'the objection has already been resolved'),
  NOTICE_ALREADY_DELIVERED: defineError(
    'NOTICE_ALREADY_DELIVERED',
    409,
    '不予批准通知书已送达',
    'the written rejection notice has already been delivered',
  ),
  EFFECTIVE_DATE_BEFORE_APPROVAL: defineError(
    'EFFECTIVE_DATE_BEFORE_APPROVAL',
    400,
    '生效日期不能早于审核确认日期',
    'the effective date cannot be before the approval date',
  ),
  NO_PENDING_CHANGE: defineError(
    'NO_PENDING_CHANGE',
    409,
    '没有待确认的家庭情况变化，请先登记变化',
    'there is no recorded change of circumstances to confirm',
  ),
  MEMBER_NOT_IN_HOUSEHOLD: defineError('MEMBER_NOT_IN_HOUSEHOLD', 400, '该人员不是本户成员', 'the person is not a member of the household'),
  HOUSEHOLD_WOULD_BE_EMPTY: defineError(
    'HOUSEHOLD_WOULD_BE_EMPTY',
    400,
    '减少成员后家庭将无成员，请办理退出',
    'removing these members would leave nobody; record an exit instead',
  ),
  PERSON_HAS_OPEN_DIBAO_CASE: defineError(
    'PERSON_HAS_OPEN_DIBAO_CASE',
    409,
    '家庭成员中有人已在其他低保案件中（申请中或正在享受），同一人不能同时在两个低保案件中',
    'a member already belongs to another open or active 低保 case; one person may be in one 低保 case at a time',
  ),
} as const;
