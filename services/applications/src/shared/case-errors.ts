import { defineError } from '@benefits/kernel';

/**
 * Refusals shared by the case workflows of this service (计生特扶, 低保, 临时救助): one code, one
 * message for the same situation, so clients match one vocabulary across benefits.
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
  EFFECTIVE_DATE_BEFORE_APPROVAL: defineError('EFFECTIVE_DATE_BEFORE_APPROVAL', 400, '生效日期不能早于审核确认日期', 'the effective date cannot be before the approval date'),
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
