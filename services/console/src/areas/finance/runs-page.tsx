import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Select, Space, Tag, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { PeriodReconciliationQuerySchema } from '../../../../disbursement/src/envelopes/envelopes.schemas';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useActor } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { instant, yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { BENEFITS, benefitText, enc, kindText, POLL_MS, type Benefit, type Page as ApiPage, type LedgerEnvelope, type RunPayment, type RunSummary } from './api';
import { CursorTable, IdText, Section } from './shared';

type Issues = { path: string; message: string }[];
const RunRequestSchema = PeriodReconciliationQuerySchema.omit({ format: true });

/**
 * The run id a new request will get: `<benefit>-<division>-<period>-<n>`, n = the runs recorded so far
 * + 1 — or the unfinished one it will continue. Found before the request so its progress can be polled
 * (GET /disbursement/runs/{runId}) while the request works; every completed run has an envelope.
 */
async function expectedRunId(benefit: string, divisionCode: string, period: string): Promise<string> {
  const prefix = `${benefit}-${divisionCode}-${period}`;
  const { data } = await api<ApiPage<LedgerEnvelope>>('disbursement', '/disbursement/envelopes', { query: { divisionCode, benefit, period, limit: 1000 } });
  let seq = data.items.filter((e) => e.envelopeId.startsWith(`${prefix}-`)).length + 1;
  // An unfinished run (no envelope yet) is continued under its own id; probe the next ones.
  for (;;) {
    try {
      const { data: run } = await api<RunSummary>('disbursement', `/disbursement/runs/${enc(`${prefix}-${seq}`)}`);
      if (run.status === 'running') return run.runId;
      seq += 1;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return `${prefix}-${seq}`;
      throw error;
    }
  }
}

/** Where a run stands, as a percentage: the phases carry → adjustments → regular, then the envelope. */
function runPercent(run: RunSummary | null | undefined): number {
  if (!run) return 2;
  if (run.status === 'completed') return 100;
  const phase = run.progress?.phase;
  const base = phase === 'regular' ? 50 : phase === 'adjustments' ? 25 : 5;
  return Math.min(95, base + Math.min(20, run.pages * 2));
}

/** 发起发放: start a payment run (发放批次) for a benefit, division and period; its progress while it works. */
export function RunStartPage() {
  const { t } = useLang();
  const actor = useActor();
  const [benefit, setBenefit] = useState<Benefit | undefined>(undefined);
  const [divisionCode, setDivisionCode] = useState(actor.divisionCode);
  const [period, setPeriod] = useState('');
  const [issues, setIssues] = useState<Issues>([]);
  const [watchId, setWatchId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: async (body: { benefit: string; divisionCode: string; period: string }) => {
      setWatchId(null);
      try {
        setWatchId(await expectedRunId(body.benefit, body.divisionCode, body.period));
      } catch {
        // progress is a courtesy: the run itself still starts
      }
      return (await api<RunSummary>('disbursement', '/disbursement/runs', { method: 'POST', body })).data;
    },
  });
  const polled = useQuery({
    queryKey: ['disbursement', 'run-progress', watchId],
    enabled: !!watchId && start.isPending,
    refetchInterval: POLL_MS,
    retry: false,
    queryFn: async () => {
      try {
        return (await api<RunSummary>('disbursement', `/disbursement/runs/${enc(watchId!)}`)).data;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  const run = start.data ?? polled.data ?? null;

  const submit = () => {
    const parsed = RunRequestSchema.safeParse({ benefit, divisionCode: divisionCode.trim(), period: period.trim() });
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setIssues([]);
    start.mutate(parsed.data);
  };

  return (
    <Page title={t('发起发放', 'Start a payment run')}>
      <Card style={{ maxWidth: 900 }}>
        <Typography.Paragraph type="secondary">
          {t(
            '按救助类别、行政区划和发放期间生成应发放的每一笔，并形成一个发放批次（待财政另一名经办人审核）。同一期间再次发放不会重复生成。',
            'Creates every payment due for the benefit, division and period and prepares one envelope (to be approved by another finance clerk). Running the same period again creates nothing twice.',
          )}
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={submit}>
          <Space wrap align="start">
            <Form.Item label={t('救助类别', 'Benefit')} required>
              <Select
                aria-label={t('救助类别', 'Benefit')}
                value={benefit}
                onChange={setBenefit}
                placeholder={t('请选择', 'Choose')}
                style={{ width: 160 }}
                options={BENEFITS.map((b) => ({ value: b, label: benefitText(b, t) }))}
              />
            </Form.Item>
            <Form.Item label={t('行政区划代码', 'Division code')} htmlFor="run-division" required>
              <Input id="run-division" value={divisionCode} onChange={(e) => setDivisionCode(e.target.value)} style={{ width: 140 }} autoComplete="off" />
            </Form.Item>
            <Form.Item label={t('发放期间', 'Period')} htmlFor="run-period" required extra={t('月份 yyyy-mm，或年度 yyyy（北京特扶）', 'yyyy-mm, or a year yyyy (Beijing 特扶)')}>
              <Input id="run-period" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="2026-04" style={{ width: 140 }} autoComplete="off" />
            </Form.Item>
          </Space>
          {issues.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 12 }}
              title={t('请更正以下内容', 'Please correct the following')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {issues.map((i) => (
                    <li key={i.path}>
                      <Typography.Text code>{i.path}</Typography.Text> {i.message}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={start.isPending}>
            {t('开始发放', 'Start run')}
          </Button>
        </Form>
      </Card>
      {start.isPending || run ? (
        <Section title={t('发放进度', 'Run progress')}>
          <Card>
            <Progress
              aria-label={t('发放进度', 'Run progress')}
              percent={start.isPending ? Math.min(runPercent(polled.data), 95) : runPercent(run)}
              status={start.isPending ? 'active' : start.isError ? 'exception' : 'success'}
            />
            <Typography.Text type="secondary" data-testid="run-progress-text">
              {start.isPending
                ? polled.data
                  ? t(`进行中：已处理 ${polled.data.pages} 页，已生成 ${polled.data.counts.created} 笔`, `Running: ${polled.data.pages} pages, ${polled.data.counts.created} payments so far`)
                  : t('正在开始…', 'Starting…')
                : run
                  ? t('已完成', 'Completed')
                  : ''}
            </Typography.Text>
          </Card>
        </Section>
      ) : null}
      {start.isError ? <div style={{ marginTop: 16 }}><ErrorAlert error={start.error} onRetry={submit} /></div> : null}
      {start.data ? <RunView run={start.data} /> : null}
    </Page>
  );
}

/** One run: status, control totals, its envelope and its payments. */
export function RunPage() {
  const { t } = useLang();
  const { runId = '' } = useParams();
  const run = useQuery({ queryKey: ['disbursement', 'run', runId], queryFn: async () => (await api<RunSummary>('disbursement', `/disbursement/runs/${enc(runId)}`)).data });
  return (
    <Page title={`${t('发放运行', 'Payment run')} ${runId}`}>
      <QueryState query={run}>{(data) => <RunView run={data} />}</QueryState>
    </Page>
  );
}

function RunView({ run }: { run: RunSummary }) {
  const { t } = useLang();
  return (
    <>
      <Section title={t('发放结果', 'Run result')}>
        <Card>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
            <Descriptions.Item label={t('发放编号', 'Run id')}>
              <Typography.Text code data-testid="run-id">{run.runId}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('状态', 'Status')}>
              <Tag color={run.status === 'completed' ? 'success' : 'processing'} data-status={run.status}>
                {run.status === 'completed' ? t('已完成', 'Completed') : t('进行中', 'Running')}
              </Tag>
              {run.resumed ? <Tag color="orange">{t('续跑', 'Resumed')}</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('救助类别 · 区划 · 期间', 'Benefit · division · period')}>
              {benefitText(run.run.benefit, t)} · {run.run.divisionCode} · {run.run.period}
            </Descriptions.Item>
            <Descriptions.Item label={t('新生成', 'Created')}>
              <span data-testid="run-created">{run.counts.created}</span> {t('笔', 'payments')} · {yuan(run.counts.createdFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('已存在（未重复生成）', 'Already existed')}>{run.counts.alreadyExisted}</Descriptions.Item>
            <Descriptions.Item label={t('补发 / 追缴', 'Arrears / recovery')}>
              {yuan(run.counts.arrearsFen)} / {yuan(run.counts.recoveryFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('开始', 'Started')}>
              {instant(run.startedAt)} {run.startedBy ? `· ${run.startedBy.id}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('完成', 'Completed')}>{instant(run.completedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('发放批次', 'Envelope')}>
              {run.status === 'completed' ? (
                <Link to={`/finance/envelopes/${enc(run.runId)}`}>{t('查看发放批次', 'Open the envelope')} {run.runId}</Link>
              ) : (
                t('完成后生成', 'Prepared when the run completes')
              )}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Section>
      <Section title={t('本次生成的发放记录', 'Payments this run created')}>
        <CursorTable<RunPayment>
          queryKey={['disbursement', 'run-payments', run.runId, run.status]}
          path={`/disbursement/runs/${enc(run.runId)}/payments`}
          rowKey="paymentStreamId"
          label={t('本次生成的发放记录', 'Payments this run created')}
          columns={[
            { title: t('发放记录编号', 'Payment id'), dataIndex: 'paymentStreamId', render: (id: string) => <IdText id={id} /> },
            { title: t('待遇期间', 'Period'), dataIndex: 'periodKey' },
            { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k?: string) => kindText(k, t) },
            { title: t('金额', 'Amount'), dataIndex: ['amount', 'fen'], align: 'right', render: (fen: number) => yuan(fen) },
            {
              title: t('案件', 'Case'),
              dataIndex: 'caseId',
              render: (id: string) => <IdText id={id} />,
            },
          ]}
        />
      </Section>
    </>
  );
}

