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
  CASE_TERMINATED: defineError(
    'CASE_TERMINATED',
    409,
    '该案件已终止扶助，不能再办理此步骤',
    'the case has been terminated; no further steps can be recorded',
  ),
  CASE_NOT_ACTIVE: defineError(
    'CASE_NOT_ACTIVE',
    409,
    '该案件尚未审核确认（未进入享受扶助状态），不能办理此步骤',
    'the case is not active (not yet approved)',
  ),
  ELIGIBILITY_NOT_CONFIRMED: defineError(
    'ELIGIBILITY_NOT_CONFIRMED',
    409,
    '尚未就当前案件信息完成资格确认，请先办理资格确认',
    'eligibility has not been confirmed on the current facts; record the 资格确认 first',
  ),
  EVIDENCE_REQUIRED: defineError('EVIDENCE_REQUIRED', 400, '此步骤须附证明材料', 'this step needs at least one evidence document'),
  FACT_SUBJECT_UNKNOWN: defineError(
    'FACT_SUBJECT_UNKNOWN',
    400,
    '所登记的信息对象不是本户家庭成员',
    'the subject of the fact is neither a member of the household nor the household',
  ),
  FACT_SUBJECT_INVALID: defineError(
    'FACT_SUBJECT_INVALID',
    400,
    '该类信息不能登记在此对象上（个人信息登记到成员，家庭信息登记到本户）',
    'this kind of fact cannot be recorded for this subject (person facts on members, household facts on the household)',
  ),
  FACT_ID_REUSED: defineError('FACT_ID_REUSED', 409, '该信息记录编号已被使用', 'this fact id was already recorded'),
  FACT_BEFORE_BIRTH: defineError('FACT_BEFORE_BIRTH', 400, '生效日期不能早于出生日期', 'the effective date cannot be before the date of birth'),
  FACT_NOT_FOUND: defineError('FACT_NOT_FOUND', 409, '要更正的信息记录不存在', 'the fact record to correct does not exist on this case'),
  FACT_ALREADY_SUPERSEDED: defineError(
    'FACT_ALREADY_SUPERSEDED',
    409,
    '该信息记录已被更正，请更正最新的记录',
    'this fact record has already been corrected; correct the latest record',
  ),
  CORRECTION_MISMATCH: defineError(
    'CORRECTION_MISMATCH',
    400,
    '更正记录须与被更正记录的对象和类型一致',
    'a correction must be about the same subject and kind of fact as the record it supersedes',
  ),
  MEMBER_ALREADY_DECEASED: defineError(
    'MEMBER_ALREADY_DECEASED',
    409,
    '该成员已登记死亡；如需修改死亡日期，请更正原记录',
    'the member is already recorded as deceased; correct the existing record instead',
  ),
  FACT_NOT_APPLICABLE: defineError(
    'FACT_NOT_APPLICABLE',
    400,
    '该信息不适用于本户的扶助类型（如子女康复、伤残等级仅适用于独生子女伤残家庭）',
    "this fact does not apply to the household's family type (child disability and recovery apply to 伤残 families only)",
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
