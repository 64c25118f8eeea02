/**
 * The roles a token can carry. A role says what kind of work the person does; what a role may do
 * on which endpoint is decided by each service.
 *
 * - `intake_officer` 窗口受理: receives applications at the service window and registers them.
 * - `case_officer`   经办: works a case through 核对, 入户调查, 民主评议 and 公示.
 * - `approver`       审核确认: the county officer who approves or rejects.
 * - `finance_clerk`  财政: finance bureau staff who reconcile payment runs and bank returns.
 * - `auditor`        审计: reads and replays case histories; never changes them.
 * - `admin`          system administration (standards activation, key destruction on request).
 */
export const ROLES = ['intake_officer', 'case_officer', 'approver', 'finance_clerk', 'auditor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS_ZH: Readonly<Record<Role, string>> = {
  intake_officer: '窗口受理',
  case_officer: '经办',
  approver: '审核确认',
  finance_clerk: '财政',
  auditor: '审计',
  admin: '系统管理',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
