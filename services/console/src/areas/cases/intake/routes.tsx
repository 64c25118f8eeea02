import type { ReactNode } from 'react';
import { FormOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { Page } from '../../../components/page';
import { useLang } from '../../../i18n';
import type { AreaMenuItem, AreaRoute } from '../../types';
import { BENEFIT_LABELS, BENEFITS } from '../queue/labels';
import { DibaoIntakeForm, LinshiIntakeForm, TefuIntakeForm } from './forms';
import { Result } from 'antd';
import { benefitName, useCaseBenefit, useCaseBenefits } from '../modules/descriptors';
import { ModuleIntakeForm } from '../modules/module-intake';

/** Who may register an application: the services' CreateCase role check (intake and case officers). */
const INTAKE_ROLES = ['intake_officer', 'case_officer'] as const;

function IntakePage({ benefit, children }: { benefit: string; children: ReactNode }) {
  const { t, lang } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const registered = useCaseBenefits().data ?? [];
  const name = (b: string) => benefitName(b, BENEFIT_LABELS, registered);
  const title = t(`受理申请 · ${name(benefit)[0]}`, `New application · ${name(benefit)[1]}`);
  return (
    <Page
      title={title}
      extra={
        <Segmented
          aria-label={t('救助类别', 'Benefit')}
          value={benefit}
          onChange={(b) => navigate(`/cases/new/${b}`)}
          options={[...BENEFITS, ...registered.map((d) => d.benefit)].map((b) => ({ value: b, label: name(b)[lang === 'zh' ? 0 : 1] }))}
        />
      }
    >
      {can(...INTAKE_ROLES) ? children : <Result status="403" title={t('您的角色不能受理申请', 'Your role cannot register applications')} />}
    </Page>
  );
}

/** `/cases/new/<benefit>` of a benefit registered as a module: the form from its application's schema. */
function ModuleIntakeRoute() {
  const { t } = useLang();
  const { benefit = '' } = useParams();
  const { descriptor, query } = useCaseBenefit(benefit);
  return (
    <IntakePage benefit={benefit}>
      {descriptor ? (
        <ModuleIntakeForm descriptor={descriptor} />
      ) : query.isPending ? null : (
        <Result status="404" title={t('无此救助类别', 'No such benefit')} />
      )}
    </IntakePage>
  );
}

export const routes: AreaRoute[] = [
  { path: '/cases/new', element: <Navigate to="/cases/new/dibao" replace /> },
  { path: '/cases/new/dibao', element: <IntakePage benefit="dibao"><DibaoIntakeForm /></IntakePage> },
  { path: '/cases/new/linshi', element: <IntakePage benefit="linshi"><LinshiIntakeForm /></IntakePage> },
  { path: '/cases/new/tefu', element: <IntakePage benefit="tefu"><TefuIntakeForm /></IntakePage> },
  { path: '/cases/new/:benefit', element: <ModuleIntakeRoute /> },
];

export const menu: AreaMenuItem[] = [
  { path: '/cases/new', label: { zh: '受理申请', en: 'New application' }, roles: [...INTAKE_ROLES], icon: <FormOutlined /> },
];
