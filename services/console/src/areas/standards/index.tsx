import { BookOutlined, CalculatorOutlined, ImportOutlined, ProfileOutlined } from '@ant-design/icons';
import type { ConsoleArea } from '../types';
import { CalculatorPage } from './calculator';
import { CatalogPage } from './catalog';
import { DiffPage } from './diff-page';
import { ImportPage } from './import-page';
import { RulePackPage } from './rule-pack-page';
import { RulePacksPage } from './rule-packs';
import { StandardPage } from './standard-page';

/**
 * 标准: the catalog (every role that works on cases, audits or administers), a standard's editions,
 * items, comparison and activations; import with the parse report (admin); the rule packs (every such
 * role reads them, an admin publishes); the what-if calculator.
 */
export const standardsArea: ConsoleArea = {
  key: 'standards',
  label: { zh: '标准与测算', en: 'Standards' },
  routes: [
    { path: '/standards', element: <CatalogPage /> },
    { path: '/standards/import', element: <ImportPage /> },
    { path: '/standards/:standardId', element: <StandardPage /> },
    { path: '/standards/:standardId/diff', element: <DiffPage /> },
    { path: '/rule-packs', element: <RulePacksPage /> },
    { path: '/rule-packs/:packId', element: <RulePackPage /> },
    { path: '/calculator', element: <CalculatorPage /> },
  ],
  menu: [
    { path: '/standards', label: { zh: '标准目录', en: 'Standards' }, roles: ['intake_officer', 'case_officer', 'approver', 'auditor', 'admin'], icon: <BookOutlined /> },
    { path: '/standards/import', label: { zh: '导入标准', en: 'Import' }, roles: ['admin'], icon: <ImportOutlined /> },
    { path: '/rule-packs', label: { zh: '规则包', en: 'Rule packs' }, roles: ['intake_officer', 'case_officer', 'approver', 'auditor', 'admin'], icon: <ProfileOutlined /> },
    { path: '/calculator', label: { zh: '测算', en: 'What-if' }, roles: ['intake_officer', 'case_officer', 'approver', 'auditor', 'admin'], icon: <CalculatorOutlined /> },
  ],
};
