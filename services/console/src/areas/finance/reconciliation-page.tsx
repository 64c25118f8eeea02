import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { PeriodReconciliationQuerySchema } from '../../../../disbursement/src/envelopes/envelopes.schemas';
import { api, download } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useActor } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { BENEFITS, benefitText, FUNDING_SOURCES, lineText, monthsUpTo, sourceText, type Benefit, type FundingSharesView, type ReconciliationReport } from './api';
import type { MonthFunding } from './funding-chart';

// echarts is a sixth of the bundle and only this chart needs it: loaded when the chart is shown.
const FundingChart = lazy(() => import('./funding-chart').then((m) => ({ default: m.FundingChart })));
import { IdText, Section } from './shared';

const CHART_MONTHS = 6;

/** 对账: a period's reconciliation (balanced or not, every line, the checks, the differences), the funding split by month, xlsx/csv. */
export function ReconciliationPage() {
  const { t } = useLang();
  const actor = useActor();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState({
    benefit: (params.get('benefit') as Benefit | null) ?? undefined,
    divisionCode: params.get('divisionCode') ?? actor.divisionCode,
    period: params.get('period') ?? '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const current = PeriodReconciliationQuerySchema.safeParse({ benefit: params.get('benefit') ?? undefined, divisionCode: params.get('divisionCode') ?? undefined, period: params.get('period') ?? undefined });
  const submit = () => {
    const parsed = PeriodReconciliationQuerySchema.safeParse({ benefit: form.benefit, divisionCode: form.divisionCode.trim(), period: form.period.trim() });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
      return;
    }
    setProblem(null);
    setParams({ benefit: parsed.data.benefit, divisionCode: parsed.data.divisionCode, period: parsed.data.period });
  };
  return (
    <Page title={t('对账', 'Reconciliation')}>
      <Form layout="inline" onFinish={submit} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('救助类别', 'Benefit')} required>
          <Select
            aria-label={t('救助类别', 'Benefit')}
            placeholder={t('请选择', 'Choose')}
            value={form.benefit}
            onChange={(benefit) => setForm({ ...form, benefit })}
            style={{ width: 140 }}
            options={BENEFITS.map((b) => ({ value: b, label: benefitText(b, t) }))}
          />
        </Form.Item>
        <Form.Item label={t('行政区划代码', 'Division code')} htmlFor="rec-division" required>
          <Input id="rec-division" value={form.divisionCode} onChange={(e) => setForm({ ...form, divisionCode: e.target.value })} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('发放期间', 'Period')} htmlFor="rec-period" required>
          <Input id="rec-period" value={form.period} placeholder="2026-04" onChange={(e) => setForm({ ...form, period: e.target.value })} style={{ width: 110 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('对账', 'Reconcile')}
        </Button>
      </Form>
      {problem ? <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} /> : null}
      {current.success ? (
        <PeriodReport key={`${current.data.benefit}-${current.data.divisionCode}-${current.data.period}`} benefit={current.data.benefit} divisionCode={current.data.divisionCode} period={current.data.period} />
      ) : (
        <Typography.Text type="secondary">{t('请选择救助类别、行政区划和发放期间。', 'Choose a benefit, division and period.')}</Typography.Text>
      )}
    </Page>
  );
}

function PeriodReport({ benefit, divisionCode, period }: { benefit: string; divisionCode: string; period: string }) {
  const { t } = useLang();
  const query = { benefit, divisionCode, period };
  const report = useQuery({
    queryKey: ['disbursement', 'reconciliation', query],
    queryFn: async () => (await api<ReconciliationReport>('disbursement', '/disbursement/reconciliation', { query })).data,
  });
  const file = useMutation({
    mutationFn: async (format: 'xlsx' | 'csv') => download('disbursement', '/disbursement/reconciliation', { query: { ...query, format } }, `reconciliation-${benefit}-${divisionCode}-${period}.${format}`),
  });
  return (
    <QueryState query={report}>
      {(data) => (
        <>
          <Card>
            <Flex gap={12} align="center" wrap justify="space-between">
              <Space wrap>
                {data.balanced ? (
                  <Tag color="success" icon={<CheckCircleOutlined />} data-testid="balanced" data-balanced="true" style={{ fontSize: 14, padding: '2px 8px' }}>
                    {t('平衡：各项勾稽关系差额为 0', 'Balanced: every identity is zero')}
                  </Tag>
                ) : (
                  <Tag color="error" icon={<CloseCircleOutlined />} data-testid="balanced" data-balanced="false" style={{ fontSize: 14, padding: '2px 8px' }}>
                    {t('不平衡：见下方差额', 'Not balanced: see the differences below')}
                  </Tag>
                )}
                <Typography.Text>
                  {benefitText(benefit, t)} · {divisionCode} · {period}
                </Typography.Text>
              </Space>
              <Space>
                <Button icon={<DownloadOutlined />} onClick={() => file.mutate('xlsx')} loading={file.isPending && file.variables === 'xlsx'}>
                  {t('下载对账单 xlsx', 'Download xlsx')}
                </Button>
                <Button icon={<DownloadOutlined />} onClick={() => file.mutate('csv')} loading={file.isPending && file.variables === 'csv'}>
                  {t('下载 CSV', 'Download CSV')}
                </Button>
              </Space>
            </Flex>
            {file.isError ? (
              <div style={{ marginTop: 12 }}>
                <ErrorAlert error={file.error} />
              </div>
            ) : null}
          </Card>
          <Flex gap={16} wrap align="start">
            <div style={{ flex: '1 1 420px', minWidth: 0 }}>
              <Section title={t('金额分项', 'Amount lines')}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="line"
                  aria-label={t('金额分项', 'Amount lines')}
                  dataSource={Object.entries(data.lines).map(([line, v]) => ({ line, ...v }))}
                  columns={[
                    { title: t('项目', 'Line'), dataIndex: 'line', render: (l: string) => `${lineText(l, t)}（${l}）` },
                    { title: t('笔数', 'Count'), dataIndex: 'count', align: 'right' },
                    { title: t('金额', 'Amount'), dataIndex: 'fen', align: 'right', render: (fen: number) => yuan(fen) },
                  ]}
                />
              </Section>
            </div>
            <div style={{ flex: '1 1 420px', minWidth: 0 }}>
              <Section title={t('勾稽关系', 'Checks')}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(c) => `${c.name}-${c.unit}`}
                  aria-label={t('勾稽关系', 'Checks')}
                  dataSource={data.checks}
                  columns={[
                    { title: t('公式', 'Formula'), dataIndex: 'formula', render: (f: string) => <Typography.Text code style={{ fontSize: 12 }}>{f}</Typography.Text> },
                    { title: t('单位', 'Unit'), dataIndex: 'unit', render: (u: string) => (u === 'fen' ? t('金额', 'fen') : t('笔数', 'count')) },
                    {
                      title: t('差额', 'Difference'),
                      dataIndex: 'difference',
                      align: 'right',
                      render: (d: number, c) => <Tag color={d === 0 ? 'success' : 'error'}>{c.unit === 'fen' ? yuan(d) : d}</Tag>,
                    },
                  ]}
                />
              </Section>
              <Section title={t('按资金来源（净成功）', 'By funding source (net settled)')}>
                <Descriptions size="small" column={2} bordered>
                  {[...FUNDING_SOURCES, 'unallocated' as const].map((s) => (
                    <Descriptions.Item key={s} label={sourceText(s, t)}>
                      {yuan(data.byFundingSource[s])}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
                <FundingShares benefit={benefit} divisionCode={divisionCode} period={period} />
              </Section>
            </div>
          </Flex>
          <MonthlyChart benefit={benefit} divisionCode={divisionCode} period={period} />
          <Section title={t('差异明细', 'Differences')}>
            <Table
              size="small"
              rowKey={(d) => `${d.bucket}-${d.paymentStreamId}`}
              aria-label={t('差异明细', 'Differences')}
              dataSource={data.differences}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('无差异：每一笔均已成功发放', 'No differences: every payment settled') }}
              columns={[
                { title: t('分项', 'Bucket'), dataIndex: 'bucket', render: (b: string) => lineText(b, t) },
                { title: t('发放记录', 'Payment'), dataIndex: 'paymentStreamId', render: (id: string) => <IdText id={id} /> },
                { title: t('金额', 'Amount'), dataIndex: 'fen', align: 'right', render: (fen: number) => yuan(fen) },
                { title: t('原因', 'Reason'), dataIndex: 'reason' },
                { title: t('重发', 'Follow-up'), dataIndex: 'followUp', render: (id: string | null) => <IdText id={id} /> },
              ]}
            />
          </Section>
        </>
      )}
    </QueryState>
  );
}

/** The shares in force for the period (支出责任), or that none are published. */
function FundingShares({ benefit, divisionCode, period }: { benefit: string; divisionCode: string; period: string }) {
  const { t } = useLang();
  const shares = useQuery({
    queryKey: ['disbursement', 'funding-shares', benefit, divisionCode, period],
    retry: false,
    queryFn: async () => {
      try {
        return (await api<FundingSharesView>('disbursement', '/disbursement/funding-shares', { query: { benefit, divisionCode, period } })).data;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  if (shares.isPending) return null;
  if (shares.isError) return <ErrorAlert error={shares.error} onRetry={() => void shares.refetch()} />;
  if (!shares.data) return <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('本期未发布资金分担比例：净成功金额计入“未分配”。', 'No funding shares published for the period: net settled is unallocated.')}</Typography.Paragraph>;
  const pub = shares.data.inForce.publication;
  return (
    <div style={{ marginTop: 8 }} aria-label={t('资金分担比例', 'Funding shares')}>
      <Space wrap size={4}>
        <Typography.Text type="secondary">{t('分担比例', 'Shares')}:</Typography.Text>
        {FUNDING_SOURCES.map((s) => (
          <Tag key={s}>
            {sourceText(s, t)} {pub.shares[s] / 100}%
          </Tag>
        ))}
        {pub.sample ? <Tag color="orange">{t('示例数据（非官方）', 'Sample data (not official)')}</Tag> : null}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t('依据', 'Source')}: {pub.source.document} {pub.source.clause} · {t('自', 'from')} {pub.fromPeriod} · {shares.data.inForce.from.divisionCode}
      </Typography.Paragraph>
    </div>
  );
}

/** Net settled by month and funding source over the months up to the period (one reconciliation per month). */
function MonthlyChart({ benefit, divisionCode, period }: { benefit: string; divisionCode: string; period: string }) {
  const { t } = useLang();
  const months = /^\d{4}$/.test(period) ? [period] : monthsUpTo(period, CHART_MONTHS);
  const reports = useQueries({
    queries: months.map((month) => ({
      queryKey: ['disbursement', 'reconciliation', { benefit, divisionCode, period: month }],
      queryFn: async () => (await api<ReconciliationReport>('disbursement', '/disbursement/reconciliation', { query: { benefit, divisionCode, period: month } })).data,
    })),
  });
  const failed = reports.find((r) => r.isError);
  const title = t(`按月份和资金来源（近 ${months.length} 期，净成功金额）`, `By month and funding source (last ${months.length} periods, net settled)`);
  return (
    <Section title={title}>
      <Card>
        {failed ? (
          <ErrorAlert error={failed.error} onRetry={() => reports.forEach((r) => r.isError && void r.refetch())} />
        ) : reports.some((r) => r.isPending) ? (
          <Typography.Text type="secondary" aria-busy="true">
            {t('正在汇总…', 'Summing up…')}
          </Typography.Text>
        ) : (
          <Suspense fallback={<Typography.Text type="secondary" aria-busy="true">{t('正在载入图表…', 'Loading the chart…')}</Typography.Text>}>
            <FundingChart label={title} months={months.map((month, i): MonthFunding => ({ month, bySource: reports[i].data!.byFundingSource }))} />
          </Suspense>
        )}
      </Card>
    </Section>
  );
}
