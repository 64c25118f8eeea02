import { AccountBookOutlined, AuditOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import type { Role } from '../../auth/roles';
import type { ConsoleArea } from '../types';
import { EnvelopePage, EnvelopesPage } from './envelopes-page';
import { HoldsPage } from './holds-page';
import { ReconciliationPage } from './reconciliation-page';
import { RunPage, RunStartPage } from './runs-page';

/**
 * Who disbursement lets in (services/disbursement/src/access.ts): runs — finance clerks (民政 case
 * officers and approvers may too, from their own pages); envelopes — read by finance, audit and
 * administration, approved/exported/returned/closed by finance clerks; reconciliation — finance,
 * audit, administration; holds — also the 民政 approver, who decides duplicates.
 */
const RUNNERS: readonly Role[] = ['finance_clerk'];
const READERS: readonly Role[] = ['finance_clerk', 'auditor', 'admin'];
const HOLD_READERS: readonly Role[] = ['finance_clerk', 'approver', 'auditor', 'admin'];

/** 财政: runs, envelopes, bank files, returns, reconciliation, holds. */
export const financeArea: ConsoleArea = {
  key: 'finance',
  label: { zh: '资金发放', en: 'Finance' },
  routes: [
    { path: '/finance/runs', element: <RunStartPage /> },
    { path: '/finance/runs/:runId', element: <RunPage /> },
    { path: '/finance/envelopes', element: <EnvelopesPage /> },
    { path: '/finance/envelopes/:envelopeId', element: <EnvelopePage /> },
    { path: '/finance/reconciliation', element: <ReconciliationPage /> },
    { path: '/finance/holds', element: <HoldsPage /> },
  ],
  menu: [
    { path: '/finance/envelopes', label: { zh: '发放批次', en: 'Envelopes' }, roles: READERS, icon: <AccountBookOutlined /> },
    { path: '/finance/runs', label: { zh: '发起发放', en: 'Start a run' }, roles: RUNNERS, icon: <PlayCircleOutlined /> },
    { path: '/finance/reconciliation', label: { zh: '对账', en: 'Reconciliation' }, roles: READERS, icon: <AuditOutlined /> },
    { path: '/finance/holds', label: { zh: '暂缓发放', en: 'Held payments' }, roles: HOLD_READERS, icon: <PauseCircleOutlined /> },
  ],
};
