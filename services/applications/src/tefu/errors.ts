import { defineError } from '@benefits/kernel';
import { CaseErrors, IntakeErrors } from '../shared/case-errors';

export { IntakeErrors };

/**
 * Refusals of the 计生特扶 case workflow. Codes are stable (clients and tests match on them); the
 * Chinese message is what the officer sees and says what to do next. The refusals every case
 * workflow shares are the same factories as ../shared/case-errors.ts CaseErrors.
 */
export const TefuErrors = {
  CASE_NOT_FOUND: CaseErrors.CASE_NOT_FOUND,
  CASE_ALREADY_EXISTS: CaseErrors.CASE_ALREADY_EXISTS,
  CASE_ALREADY_SUBMITTED: defineError('CASE_ALREADY_SUBMITTED', 409, '该申请已提交，无需重复提交', 'the application has already been submitted'),
  CASE_NOT_SUBMITTED: defineError(
    'CASE_NOT_SUBMITTED',
    409,
    '申请尚未提交，请先提交申请再办理此步骤',
    'the application has not been submitted yet; submit it first',
  ),
  CASE_ALREADY_DECIDED: CaseErrors.CASE_ALREADY_DECIDED,
  DETERMINATION_STALE: CaseErrors.DETERMINATION_STALE,
  DETERMINATION_NOT_FOUND: CaseErrors.DETERMINATION_NOT_FOUND,
  DETERMINATION_NOT_CURRENT: CaseErrors.DETERMINATION_NOT_CURRENT,
  DETERMINATION_ID_REUSED: CaseErrors.DETERMINATION_ID_REUSED,
  MAKER_CHECKER_VIOLATION: CaseErrors.MAKER_CHECKER_VIOLATION,
  APPROVER_ROLE_REQUIRED: CaseErrors.APPROVER_ROLE_REQUIRED,
  ROLE_NOT_ALLOWED: CaseErrors.ROLE_NOT_ALLOWED,
  DIVISION_NOT_ALLOWED: CaseErrors.DIVISION_NOT_ALLOWED,
  DUPLICATE_MEMBER_ROLE: defineError(
    'DUPLICATE_MEMBER_ROLE',
    400,
    '家庭成员中夫妻身份重复：男方、女方各最多一人',
    'each of wife and husband may appear at most once in the household',
  ),
  DUPLICATE_MEMBER: CaseErrors.DUPLICATE_MEMBER,
  DATE_IN_FUTURE: CaseErrors.DATE_IN_FUTURE,
  REJECTION_REASON_REQUIRED: CaseErrors.REJECTION_REASON_REQUIRED,
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
  CHILD_EVENT_BEFORE_PARENTHOOD: defineError(
    'CHILD_EVENT_BEFORE_PARENTHOOD',
    422,
    '独生子女死亡或伤残的日期早于夫妻任一方可能生育子女的年龄，请核对出生日期和事件日期',
    "the child's event date is before either spouse could have had a child; check the birth dates and the event date",
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
