import { AlertOutlined, CalculatorOutlined, FileSearchOutlined, HistoryOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Role } from '../../auth/roles';
import type { ConsoleArea } from '../types';
import { AnomaliesPage, RulesPage, ScanPage } from './anomalies-page';
import { FindingPage } from './finding-page';
import { CaseHistoryPage, CaseSearchPage } from './history-page';
import { IntegrityPage, VerificationPage } from './integrity-page';
import { RecomputationPage, RecomputeStartPage } from './recompute-page';

/** Who the audit service lets in (services/audit/src/access.ts): replay, verify, recompute, scan — auditor and admin; 疑点 lists and 核查 — also 民政 case officers and approvers. */
const AUDIT: readonly Role[] = ['auditor', 'admin'];
const ANOMALY_READERS: readonly Role[] = ['auditor', 'admin', 'case_officer', 'approver'];

/** 审计: case history on both time axes, chain verification and anchors, recomputation, 疑点. */
export const auditArea: ConsoleArea = {
  key: 'audit',
  label: { zh: '审计', en: 'Audit' },
  routes: [
    { path: '/audit/cases', element: <CaseSearchPage /> },
    { path: '/audit/cases/:caseId/history', element: <CaseHistoryPage /> },
    { path: '/audit/integrity', element: <IntegrityPage /> },
    { path: '/audit/integrity/verifications/:verificationId', element: <VerificationPage /> },
    { path: '/audit/recomputations', element: <RecomputeStartPage /> },
    { path: '/audit/recomputations/:recomputationId', element: <RecomputationPage /> },
    { path: '/audit/anomalies', element: <AnomaliesPage /> },
    { path: '/audit/anomalies/:findingId', element: <FindingPage /> },
    { path: '/audit/anomaly-scans/:scanId', element: <ScanPage /> },
    { path: '/audit/anomaly-rules', element: <RulesPage /> },
  ],
  menu: [
    { path: '/audit/cases', label: { zh: '案件回放', en: 'Case history' }, roles: AUDIT, icon: <HistoryOutlined /> },
    { path: '/audit/integrity', label: { zh: '链校验与锚定', en: 'Verification & anchors' }, roles: AUDIT, icon: <SafetyCertificateOutlined /> },
    { path: '/audit/recomputations', label: { zh: '重算', en: 'Recomputation' }, roles: AUDIT, icon: <CalculatorOutlined /> },
    { path: '/audit/anomalies', label: { zh: '疑点', en: 'Anomalies (疑点)' }, roles: ANOMALY_READERS, icon: <AlertOutlined /> },
    { path: '/audit/anomaly-rules', label: { zh: '疑点规则', en: 'Anomaly rules' }, roles: ANOMALY_READERS, icon: <FileSearchOutlined /> },
  ],
};
