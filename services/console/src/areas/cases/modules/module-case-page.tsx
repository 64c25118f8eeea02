import { useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { QueryState } from '../../../components/query-state';
import { useLang } from '../../../i18n';
import { useSession } from '../../../auth/session';
import { offersStep, useCaseBenefit, type CaseBenefitDescriptor, type CaseBenefitStep } from './descriptors';
import { bodyOf, prefillFrom, SchemaFields } from './schema-form';

/**
 * `/cases/<benefit>/:caseId` for a benefit registered as a module: the case as the service shows it,
 * and a button per step of the module's route table that the signed-in role may take in the case's
 * status, as the module declares its workflow (internal rows left out; a module that declares nothing
 * has every step offered). The service decides again, and its answer — 409 STEP_NOT_ALLOWED, 403
 * MAKER_CHECKER_VIOLATION, 412 when the case moved, the benefit's own refusals — is shown in the
 * step's dialog with its code, nothing written. The step is sent with the ETag of the case on screen.
 */
interface LoadedModuleCase {
  view: Record<string, unknown> & { status?: string; revision?: number };
  etag: string;
}

export function ModuleCasePage({ benefit, caseId, unknown }: { benefit: string; caseId: string; unknown: React.ReactNode }) {
  const { t } = useLang();
  const { descriptor, query } = useCaseBenefit(benefit);
  if (query.isPending) return <Page title={t('案件', 'Case')}>{null}</Page>;
  if (query.isError) return <Page title={t('案件', 'Case')}><ErrorAlert error={query.error} onRetry={() => void query.refetch()} /></Page>;
  if (!descriptor) return <>{unknown}</>;
  return <ModuleCase descriptor={descriptor} caseId={caseId} />;
}

function ModuleCase({ descriptor, caseId }: { descriptor: CaseBenefitDescriptor; caseId: string }) {
  const { t } = useLang();
  const { actor } = useSession();
  const query = useQuery({
    queryKey: ['applications', 'case', descriptor.benefit, caseId],
    queryFn: async (): Promise<LoadedModuleCase> => {
      const res = await api<LoadedModuleCase['view']>('applications', `/cases/${descriptor.benefit}/${caseId}`);
      return { view: res.data, etag: res.etag ?? String(res.data.revision) };
    },
  });
  const [step, setStep] = useState<CaseBenefitStep | null>(null);
  const title = `${descriptor.nameZh} · ${t('案件', 'case')}`;
  return (
    <QueryState query={query}>
      {(loaded) => (
        <Page
          title={title}
          extra={
            <Flex gap={8} wrap align="center" role="toolbar" aria-label={t('可执行操作', 'Available actions')}>
              {descriptor.steps
                .filter((s) => offersStep(s, actor?.role, loaded.view.status))
                .map((s) => (
                  <Button key={s.path} title={s.summary} onClick={() => setStep(s)}>
                    {s.label}
                  </Button>
                ))}
              <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} aria-label={t('重新载入案件', 'Reload the case')}>
                {t('重新载入', 'Reload')}
              </Button>
            </Flex>
          }
        >
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Alert
              type="info"
              showIcon
              title={t(
                `${descriptor.nameZh}由部署加载的模块提供：此页按模块声明列出您的角色在当前状态下可办理的环节，最终由服务判定，不能办理时在对话框中说明原因。`,
                `${descriptor.nameZh} is provided by a module the deployment loads: this page lists the steps the module lets your role take in the case's status; the service decides, and says why not in the dialog.`,
              )}
            />
            <CaseFields descriptor={descriptor} view={loaded.view} />
          </Space>
          {step ? (
            <StepModal
              key={step.path}
              descriptor={descriptor}
              step={step}
              loaded={loaded}
              onClose={() => setStep(null)}
              onDone={async () => {
                setStep(null);
                await query.refetch();
              }}
            />
          ) : null}
        </Page>
      )}
    </QueryState>
  );
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A field of the case view: a list of flat records as a table, other objects as JSON, scalars as text. */
function show(value: unknown): React.ReactNode {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value) && value.length > 0 && value.every((row) => row && typeof row === 'object' && !Array.isArray(row) && Object.values(row).every(isScalar))) {
    const keys = [...new Set(value.flatMap((row) => Object.keys(row as object)))];
    return (
      <Table
        size="small"
        pagination={false}
        rowKey={(_row, i) => String(i)}
        dataSource={value as Record<string, unknown>[]}
        columns={keys.map((key) => ({ title: key, dataIndex: key, render: (v: unknown) => (v === null || v === undefined ? '—' : String(v)) }))}
      />
    );
  }
  if (typeof value === 'object') return <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(value, null, 1)}</Typography.Text>;
  return String(value);
}

function CaseFields({ descriptor, view }: { descriptor: CaseBenefitDescriptor; view: LoadedModuleCase['view'] }) {
  const { t } = useLang();
  const status = String(view.status ?? '');
  return (
    <Descriptions bordered size="small" column={1} aria-label={t('案件信息', 'The case')}>
      <Descriptions.Item label={t('状态', 'Status')}>
        <Tag data-testid="case-status" data-status={status}>
          {descriptor.statusLabelsZh[status] ?? status}
        </Tag>
      </Descriptions.Item>
      {Object.entries(view)
        .filter(([key]) => key !== 'status')
        .map(([key, value]) => (
          <Descriptions.Item key={key} label={key}>
            <span data-testid={`case-field-${key}`}>{show(value)}</span>
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}

function StepModal({
  descriptor,
  step,
  loaded,
  onClose,
  onDone,
}: {
  descriptor: CaseBenefitDescriptor;
  step: CaseBenefitStep;
  loaded: LoadedModuleCase;
  onClose(): void;
  onDone(): Promise<void>;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const conflict = error instanceof ApiError && error.isConflict;

  const submit = async () => {
    setError(null);
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api('applications', `/cases/${descriptor.benefit}/${String(loaded.view.caseId ?? '')}/${step.path}`, { method: 'POST', body: bodyOf(step.schema, values), ifMatch: loaded.etag });
      message.success(t(`已${step.label}`, `${step.label}: done`));
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={step.label}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      maskClosable={false}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ loading: busy, disabled: conflict }}
      onOk={() => void submit()}
    >
      <Typography.Paragraph type="secondary">{step.summary}</Typography.Paragraph>
      <Form form={form} layout="vertical" aria-label={step.label} initialValues={prefillFrom(step.schema, loaded.view)} onFinish={() => void submit()}>
        <SchemaFields schema={step.schema} t={t} />
      </Form>
      {error ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <ErrorAlert error={error} />
          {conflict ? <Typography.Text>{t('案件已被他人修改：请关闭对话框、重新载入后再办理。', 'The case changed meanwhile: close the dialog, reload and try again.')}</Typography.Text> : null}
        </Space>
      ) : null}
    </Modal>
  );
}
