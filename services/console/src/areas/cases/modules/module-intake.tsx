import { useState } from 'react';
import { App, Button, Form, Result } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../../api/client';
import { useActor } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { useLang } from '../../../i18n';
import type { CaseBenefitDescriptor } from './descriptors';
import { bodyOf, prefillFrom, SchemaFields } from './schema-form';

/**
 * 受理申请 for a benefit registered as a module: the form of its application's body (JSON Schema from
 * applications), the officer's division filled in, `POST /cases/<benefit>`; on 201 the case page opens.
 * A refusal is shown with its code and nothing is written.
 */
export function ModuleIntakeForm({ descriptor }: { descriptor: CaseBenefitDescriptor }) {
  const { t } = useLang();
  const actor = useActor();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const schema = descriptor.create.schema;

  const submit = async (values: Record<string, unknown>) => {
    setError(null);
    setBusy(true);
    try {
      const res = await api<{ caseId: string }>('applications', `/cases/${descriptor.benefit}`, { method: 'POST', body: bodyOf(schema, values) });
      message.success(t('申请已登记', 'Application registered'));
      navigate(`/cases/${descriptor.benefit}/${res.data.caseId}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!schema.properties) return <Result status="warning" title={t('此救助类别的申请无表单说明', 'This benefit does not describe its application')} />;
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 720 }} aria-label={t(`${descriptor.nameZh}申请`, `${descriptor.nameZh} application`)} initialValues={prefillFrom(schema, { divisionCode: actor.divisionCode })} onFinish={(v) => void submit(v)}>
      <SchemaFields schema={schema} t={t} />
      {error ? <ErrorAlert error={error} /> : null}
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
        {t('登记申请', 'Register the application')}
      </Button>
    </Form>
  );
}
