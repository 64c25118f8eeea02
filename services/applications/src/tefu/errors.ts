import { defineError } from '@benefits/kernel';

/**
 * Refusals of the 计生特扶 case workflow. Codes are stable (clients and tests match on them); the
 * Chinese message is what the officer sees and says what to do next.
 */
export const TefuErrors = {
  CASE_NOT_FOUND: defineError('CASE_NOT_FOUND', 404, '未找到该案件，请核对案件编号', 'no such case'),
  CASE_ALREADY_EXISTS: defineError('CASE_ALREADY_EXISTS', 409, '该案件已存在', 'the case already exists'),
  CASE_ALREADY_SUBMITTED: defineError('CASE_ALREADY_SUBMITTED', 409, '该申请已提交，无需重复提交', 'the application has already been submitted'),
  CASE_NOT_SUBMITTED: defineError(
    'CASE_NOT_SUBMITTED',
    409,
    '申请尚未提交，请先提交申请再办理此步骤',
    'the application has not been submitted yet; submit it first',
  ),
  CASE_ALREADY_DECIDED: defineError(
    'CASE_ALREADY_DECIDED',
    409,
    '该案件已审核确认（批准或不予批准），不能再办理此步骤',
    'the case has already been approved or rejected',
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
  DUPLICATE_MEMBER_ROLE: defineError(
    'DUPLICATE_MEMBER_ROLE',
    400,
    '家庭成员中夫妻身份重复：男方、女方各最多一人',
    'each of wife and husband may appear at most once in the household',
  ),
  DUPLICATE_MEMBER: defineError('DUPLICATE_MEMBER', 400, '同一人在家庭成员中出现了两次', 'the same person appears twice in the household'),
  DATE_IN_FUTURE: defineError('DATE_IN_FUTURE', 400, '日期不能晚于今天', 'the date cannot be later than today'),
  REJECTION_REASON_REQUIRED: defineError(
    'REJECTION_REASON_REQUIRED',
    400,
    '不予批准时必须填写理由',
    'a rejection needs at least one reason',
  ),
} as const;

/** Intake refusals raised before anything reaches the vault or the store. */
export const IntakeErrors = {
  BIRTH_DATE_MISMATCH: defineError(
    'BIRTH_DATE_MISMATCH',
    400,
    '出生日期与身份证号中的出生日期不一致，请核对',
    'the date of birth does not match the one in the resident id number',
  ),
  DUPLICATE_RESIDENT_ID: defineError(
    'DUPLICATE_RESIDENT_ID',
    400,
    '同一身份证号在家庭成员中出现了两次',
    'the same resident id number appears twice in the household',
  ),
} as const;
