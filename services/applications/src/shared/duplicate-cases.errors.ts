import { defineError } from '@benefits/kernel';

/** Refusals of the one-open-case-per-person rule (重复享受), shared by 计生特扶 and 临时救助. */
export const DuplicateCaseErrors = {
  PERSON_HAS_OPEN_CASE: defineError(
    'PERSON_HAS_OPEN_CASE',
    409,
    '申请人员中有人已在同一待遇的另一个未办结或正在享受的案件中，同一人不能重复享受；确有法定依据的，须由审批人员登记例外决定及理由',
    'a member already belongs to another open case of the same benefit; one person may be in one open case of a benefit at a time unless an approver records an override with its legal basis',
  ),
  DUPLICATE_OVERRIDE_REASON_REQUIRED: defineError(
    'DUPLICATE_OVERRIDE_REASON_REQUIRED',
    400,
    '登记重复享受例外决定须写明理由及所依据的法律法规或政策条款',
    'an override of the one-open-case rule needs a reason citing its legal basis',
  ),
  DUPLICATE_OVERRIDE_NOT_NEEDED: defineError(
    'DUPLICATE_OVERRIDE_NOT_NEEDED',
    409,
    '申请人员均无同一待遇的其他未办结案件，无需登记例外决定；请由经办人员正常受理',
    'no member is in another open case of this benefit: there is nothing to override; register the case normally',
  ),
};
