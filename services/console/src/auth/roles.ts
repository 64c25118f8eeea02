import { ROLE_LABELS_ZH, ROLES, type Role } from '@benefits/identity';

export { ROLES, type Role };

export const ROLE_LABELS_EN: Readonly<Record<Role, string>> = {
  intake_officer: 'Intake officer',
  case_officer: 'Case officer',
  approver: 'Approver',
  finance_clerk: 'Finance clerk',
  auditor: 'Auditor',
  admin: 'Administrator',
};

export function roleLabel(role: string, lang: 'zh' | 'en'): string {
  return (lang === 'zh' ? (ROLE_LABELS_ZH as Record<string, string>) : (ROLE_LABELS_EN as Record<string, string>))[role] ?? role;
}

/** Officer roles of 民政 (the case workflows). */
export const OFFICER_ROLES: readonly Role[] = ['intake_officer', 'case_officer', 'approver'];
