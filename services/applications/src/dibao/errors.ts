import { defineError } from '@benefits/kernel';

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
