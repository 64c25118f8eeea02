import { defineError } from '@benefits/kernel';

/** Errors of 疑点 scans, findings and the relatives register. Codes are stable; messages may be refined. */
export const AnomalyErrors = {
  ANOMALY_RULE_UNKNOWN: defineError('ANOMALY_RULE_UNKNOWN', 400, '未知的疑点规则', 'no such anomaly rule'),
  ANOMALY_RULES_CONFIG_INVALID: defineError(
    'ANOMALY_RULES_CONFIG_INVALID',
    500,
    '疑点规则配置文件（anomaly-rules.json）有误，请联系系统管理员',
    'the anomaly rule configuration (anomaly-rules.json) is not valid',
  ),
  ANOMALY_SCAN_NOT_FOUND: defineError('ANOMALY_SCAN_NOT_FOUND', 404, '未找到该疑点筛查', 'no such anomaly scan'),
  ANOMALY_SCAN_COMPLETED: defineError('ANOMALY_SCAN_COMPLETED', 409, '该疑点筛查已完成，不能再次续跑', 'this anomaly scan has completed and cannot be resumed'),
  ANOMALY_SCAN_MISMATCH: defineError(
    'ANOMALY_SCAN_MISMATCH',
    409,
    '续跑的筛查与原筛查的区划、规则或日期不一致',
    'a resumed scan must have the division, rules and date it was started with',
  ),
  FINDING_NOT_FOUND: defineError('FINDING_NOT_FOUND', 404, '未找到该疑点', 'no such finding'),
  FINDING_TRANSITION_INVALID: defineError(
    'FINDING_TRANSITION_INVALID',
    409,
    '该疑点当前状态不允许此操作',
    'the finding is not in a state that allows this step',
  ),
  FINDING_CLOSED: defineError('FINDING_CLOSED', 409, '该疑点已办结', 'the finding has an outcome already'),
  RELATIVE_ALREADY_DECLARED: defineError('RELATIVE_ALREADY_DECLARED', 409, '该近亲属已登记备案', 'this relative is already declared'),
  RELATIVE_NOT_DECLARED: defineError('RELATIVE_NOT_DECLARED', 409, '未登记该近亲属，无法撤回', 'no such declared relative to withdraw'),
} as const;

/** A rule reported something the engine cannot record (a fault of the rule, not of the caller). */
export const ANOMALY_CANDIDATE_INVALID = defineError(
  'ANOMALY_CANDIDATE_INVALID',
  500,
  '疑点规则输出的结果不合规，请联系系统管理员',
  'an anomaly rule reported a candidate the engine cannot record',
);
