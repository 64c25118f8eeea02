import type { ReactNode } from 'react';
import { FormOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { useSession } from '../../../auth/session';
import { Page } from '../../../components/page';
import { useLang } from '../../../i18n';
import type { AreaMenuItem, AreaRoute } from '../../types';
import { BENEFIT_LABELS, BENEFITS, type Benefit } from '../queue/labels';
import { DibaoIntakeForm, LinshiIntakeForm, TefuIntakeForm } from './forms';
import { Result } from 'antd';

/** Who may register an application: the services' CreateCase role check (intake and case officers). */
const INTAKE_ROLES = ['intake_officer', 'case_officer'] as const;

function IntakePage({ benefit, children }: { benefit: Benefit; children: ReactNode }) {
  const { t, lang } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const title = t(`受理申请 · ${BENEFIT_LABELS[benefit][0]}`, `New application · ${BENEFIT_LABELS[benefit][1]}`);
  return (
    <Page
      title={title}
      extra={
        <Segmented
          aria-label={t('救助类别', 'Benefit')}
          value={benefit}
          onChange={(b) => navigate(`/cases/new/${b}`)}
          options={BENEFITS.map((b) => ({ value: b, label: BENEFIT_LABELS[b][lang === 'zh' ? 0 : 1].split(' (')[0] }))}
        />
      }
    >
      {can(...INTAKE_ROLES) ? children : <Result status="403" title={t('您的角色不能受理申请', 'Your role cannot register applications')} />}
    </Page>
  );
}

export const routes: AreaRoute[] = [
  { path: '/cases/new', element: <Navigate to="/cases/new/dibao" replace /> },
  { path: '/cases/new/dibao', element: <IntakePage benefit="dibao"><DibaoIntakeForm /></IntakePage> },
  { path: '/cases/new/linshi', element: <IntakePage benefit="linshi"><LinshiIntakeForm /></IntakePage> },
  { path: '/cases/new/tefu', element: <IntakePage benefit="tefu"><TefuIntakeForm /></IntakePage> },
];

export const menu: AreaMenuItem[] = [
  { path: '/cases/new', label: { zh: '受理申请', en: 'New application' }, roles: [...INTAKE_ROLES], icon: <FormOutlined /> },
];
