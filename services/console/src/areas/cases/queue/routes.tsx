import { UnorderedListOutlined } from '@ant-design/icons';
import type { AreaMenuItem, AreaRoute } from '../../types';
import { QueuePage } from './queue-page';

export const routes: AreaRoute[] = [{ path: '/cases', element: <QueuePage /> }];
export const menu: AreaMenuItem[] = [
  {
    path: '/cases',
    label: { zh: '案件列表', en: 'Case list' },
    roles: ['intake_officer', 'case_officer', 'approver', 'admin', 'auditor'],
    icon: <UnorderedListOutlined />,
  },
];
