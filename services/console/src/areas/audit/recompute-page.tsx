import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { StartRecomputationSchema } from '../../../../audit/src/recompute/recompute.schemas';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { formatValue } from '../../components/explanation';
import { yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useActor } from '../../auth/session';
import { useLang } from '../../i18n';
import { enc, POLL_MS, type RecomputationReport, type RecomputeFinding } from './api';
import { beijing, benefitText } from './format';
import { CaseHistoryLink } from './history-page';
import { useCaseBenefits } from '../cases/modules/descriptors';
import { JobProgress, JobStatusTag, Section } from './shared';

type Issues = { path: string; message: string }[];

/** 重算: start a recomputation for a case or a division (benefit, period). */
export function RecomputeStartPage() {
  const { t } = useLang();
  const actor = useActor();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'case' | 'division'>('case');
  const [caseId, setCaseId] = useState('');
  const [divisionCode, setDivisionCode] = useState(actor.divisionCode);
  const [benefit, setBenefit] = useState<string | undefined>(undefined);
  const registered = useCaseBenefits();
  const [period, setPeriod] = useState('');
  const [issues, setIssues] = useState<Issues>([]);
  const start = useMutation({
    mutationFn: async (body: unknown) => (await api<RecomputationReport>('audit', '/audit/recomputations', { method: 'POST', body })).data,
    onSuccess: (report) => navigate(`/audit/recomputations/${enc(report.recomputationId)}`),
  });
  const submit = () => {
    const scope = kind === 'case' ? { caseId: caseId.trim().toLowerCase() } : { divisionCode: divisionCode.trim(), ...(benefit ? { benefit } : {}), ...(period.trim() ? { period: period.trim() } : {}) };
    const parsed = StartRecomputationSchema.safeParse({ scope });
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setIssues([]);
    start.mutate(parsed.data);
  };
  return (
    <Page title={t('重算', 'Recomputation')}>
      <Card style={{ maxWidth: 760 }}>
        <Typography.Paragraph type="secondary">
          {t(
            '按认定时锁定的标准版本、规则版本、参数和已记录的事实，重新计算每项认定和每笔发放，并与记录比对。结果记入审计自己的事件流，可引用。',
            'Recomputes every determination and payment from the standard version, ruleset, parameters and facts pinned when they were recorded, and compares. The result is recorded on an audit stream and can be cited.',
          )}
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label={t('范围', 'Scope')}>
            <Radio.Group aria-label={t('范围', 'Scope')} value={kind} onChange={(e) => setKind(e.target.value)} optionType="button">
              <Radio.Button value="case">{t('单个案件', 'One case')}</Radio.Button>
              <Radio.Button value="division">{t('行政区划', 'Division')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          {kind === 'case' ? (
            <Form.Item label={t('案件编号', 'Case id')} htmlFor="recompute-case-id">
              <Input id="recompute-case-id" value={caseId} onChange={(e) => setCaseId(e.target.value)} autoComplete="off" />
            </Form.Item>
          ) : (
            <Space wrap align="start" style={{ display: 'flex' }}>
              <Form.Item label={t('行政区划代码', 'Division code')} htmlFor="recompute-division">
                <Input id="recompute-division" value={divisionCode} onChange={(e) => setDivisionCode(e.target.value)} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item label={t('救助类别', 'Benefit')}>
                <Select
                  aria-label={t('救助类别', 'Benefit')}
                  allowClear
                  value={benefit}
                  onChange={setBenefit}
                  placeholder={t('全部', 'All')}
                  style={{ width: 160 }}
                  options={[
                    ...['tefu', 'dibao', 'linshi'].map((b) => ({ value: b, label: benefitText(b, 'zh') })),
                    // Benefits registered as modules (their audit reading is theirs: see docs/audit/recomputation.md).
                    ...(registered.data ?? []).map((d) => ({ value: d.benefit, label: d.nameZh })),
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('期间（yyyy-mm 或 yyyy，可空）', 'Period (yyyy-mm or yyyy, optional)')} htmlFor="recompute-period">
                <Input id="recompute-period" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="2024-09" style={{ width: 140 }} />
              </Form.Item>
            </Space>
          )}
          {issues.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 12 }}
              title={t('请检查填写内容', 'Please check the form')}
              description={<ul style={{ margin: 0 }}>{issues.map((i, n) => <li key={n}><Typography.Text code>{i.path}</Typography.Text> {i.message}</li>)}</ul>}
            />
          ) : null}
          {start.isError ? <div style={{ marginBottom: 12 }}><ErrorAlert error={start.error} /></div> : null}
          <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={start.isPending}>
            {t('开始重算', 'Start recomputation')}
          </Button>
        </Form>
      </Card>
    </Page>
  );
}

/** One recomputation: progress while running (polled), then counts and the findings, paged. */
export function RecomputationPage() {
  const { t } = useLang();
  const { recomputationId = '' } = useParams();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const report = useQuery({
    queryKey: ['audit', 'recomputation', recomputationId, cursor],
    queryFn: async ({ signal }) => (await api<RecomputationReport>('audit', `/audit/recomputations/${enc(recomputationId)}`, { query: { cursor, limit: 50 }, signal })).data,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
    placeholderData: (previous) => previous,
  });
  return (
    <Page title={t('重算结果', 'Recomputation')}>
      <QueryState query={report}>
        {(r) => (
          <Space orientation="vertical" size={12} style={{ width: '100%' }} data-status={r.status}>
            <Card size="small" aria-label={t('重算概况', 'Recomputation summary')}>
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                <Descriptions.Item label={t('编号', 'Id')}>
                  <Typography.Text code copyable>{r.recomputationId}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('状态', 'Status')}>
                  <JobStatusTag status={r.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('范围', 'Scope')}>
                  <ScopeText scope={r.scope} />
                </Descriptions.Item>
                <Descriptions.Item label={t('发起', 'Started')}>
                  {beijing(r.startedAt)} · {r.startedBy?.id ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('完成', 'Completed')}>{beijing(r.completedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('审计流', 'Audit stream')}>
                  <Typography.Text code>{r.streamId}</Typography.Text>
                </Descriptions.Item>
                {r.resultHash ? (
                  <Descriptions.Item label={t('结果哈希', 'Result hash')}>
                    <Typography.Text code copyable={{ text: r.resultHash }}>{r.resultHash.slice(0, 16)}…</Typography.Text>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
              <JobProgress status={r.status} done={r.progress.casesExamined} total={r.progress.casesInScope} unit={t('个案件', 'cases')} label={t('重算进度', 'Recomputation progress')} />
              {r.failure ? <Alert type="error" showIcon title={`${r.failure.code}: ${r.failure.message}`} /> : null}
            </Card>
            <CountsCard report={r} />
            <FindingsSection report={r} />
            <Space>
              <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                {t('上一页', 'Previous page')}
              </Button>
              <Button disabled={!r.nextCursor} onClick={() => r.nextCursor && setCursors([...cursors, r.nextCursor])}>
                {t('下一页', 'Next page')}
              </Button>
            </Space>
          </Space>
        )}
      </QueryState>
    </Page>
  );
}

function ScopeText({ scope }: { scope: Record<string, unknown> }) {
  const { lang, t } = useLang();
  if (typeof scope.caseId === 'string') return <span>{t('案件', 'Case')} <CaseHistoryLink caseId={scope.caseId} /></span>;
  return (
    <span>
      {t('区划', 'Division')} {String(scope.divisionCode ?? '—')}
      {scope.benefit ? ` · ${benefitText(String(scope.benefit), lang)}` : ''}
      {scope.period ? ` · ${String(scope.period)}` : ''}
    </span>
  );
}

function CountsCard({ report }: { report: RecomputationReport }) {
  const { t } = useLang();
  const c = report.counts;
  const mismatches = c.determinations.mismatch + c.determinationRecords.mismatch + c.payments.mismatch;
  const notRecomputable = c.determinations.notRecomputable + c.determinationRecords.notRecomputable + c.payments.notRecomputable;
  const rows = [
    { key: 'determinations', label: t('认定（资格与金额）', 'Determinations'), ...c.determinations },
    { key: 'determinationRecords', label: t('案件上记录的认定', 'Determinations recorded on the case'), ...c.determinationRecords },
    { key: 'payments', label: t('发放', 'Payments'), ...c.payments },
  ];
  return (
    <Card size="small" title={t('计数', 'Counts')} aria-label={t('计数', 'Counts')}>
      <Space size={32} wrap style={{ marginBottom: 12 }}>
        <Statistic title={t('案件', 'Cases')} value={c.cases} />
        <Statistic title={t('不一致', 'Mismatches')} value={mismatches} styles={{ content: { color: mismatches > 0 ? '#cf1322' : undefined } }} />
        <Statistic title={t('无法重算', 'Not recomputable')} value={notRecomputable} />
      </Space>
      {report.status === 'completed' ? (
        mismatches === 0 && notRecomputable === 0 ? (
          <Alert type="success" showIcon data-testid="recompute-verdict" title={t('全部一致：每项认定和每笔发放的重算结果与记录相同', 'All match: every determination and payment recomputes to what was recorded')} />
        ) : (
          <Alert
            type={mismatches > 0 ? 'error' : 'warning'}
            showIcon
            data-testid="recompute-verdict"
            title={t(`发现 ${mismatches} 处不一致，${notRecomputable} 项无法重算`, `${mismatches} mismatches, ${notRecomputable} not recomputable`)}
          />
        )
      ) : null}
      <Table
        size="small"
        style={{ marginTop: 12 }}
        aria-label={t('按类别计数', 'Counts by subject')}
        rowKey="key"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('类别', 'Subject'), dataIndex: 'label' },
          { title: t('一致', 'Match'), dataIndex: 'match', align: 'right' },
          { title: t('不一致', 'Mismatch'), dataIndex: 'mismatch', align: 'right', render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : v) },
          { title: t('无法重算', 'Not recomputable'), dataIndex: 'notRecomputable', align: 'right', render: (v: number) => (v > 0 ? <Tag color="orange">{v}</Tag> : v) },
        ]}
      />
    </Card>
  );
}

const SUBJECT: Record<string, [string, string]> = { determination: ['认定', 'determination'], determinationRecord: ['案件上记录的认定', 'recorded determination'], payment: ['发放', 'payment'] };
const STAGE: Record<string, [string, string]> = { schedule: ['待遇计划', 'schedule'], issuedSchedule: ['签发的计划', 'issued schedule'], engine: ['规则引擎', 'engine'] };

function FindingsSection({ report }: { report: RecomputationReport }) {
  const { t } = useLang();
  const subject = (v: string) => (SUBJECT[v] ? t(SUBJECT[v][0], SUBJECT[v][1]) : v);
  return (
    <>
      <Section title={t('不一致', 'Mismatches')}>
        <Table<RecomputeFinding>
          size="small"
          aria-label={t('不一致', 'Mismatches')}
          rowKey={(f) => `${f.subject}-${f.subjectId}`}
          pagination={false}
          scroll={{ x: 1000 }}
          dataSource={report.mismatches}
          locale={{ emptyText: t('无不一致', 'No mismatches') }}
          expandable={{ expandedRowRender: (f) => <FindingDetail finding={f} />, rowExpandable: (f) => Boolean(f.firstDifferingStep || f.chain || f.differences || f.parameterDifference || f.engineError) }}
          columns={[
            { title: t('类别', 'Subject'), dataIndex: 'subject', width: 130, render: subject },
            { title: t('对象', 'Id'), dataIndex: 'subjectId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('案件', 'Case'), dataIndex: 'caseId', render: (v: string) => <CaseHistoryLink caseId={v} /> },
            { title: t('记录金额', 'Recorded'), dataIndex: 'recordedFen', width: 110, align: 'right', render: (v: number | null) => yuan(v) },
            { title: t('重算金额', 'Recomputed'), dataIndex: 'recomputedFen', width: 110, align: 'right', render: (v: number | null) => yuan(v) },
            {
              title: t('首个不同的计算步骤', 'First differing step'),
              key: 'step',
              render: (_: unknown, f) =>
                f.firstDifferingStep ? (
                  <span>
                    #{f.firstDifferingStep.index + 1} <Typography.Text code>{f.firstDifferingStep.stepId ?? '—'}</Typography.Text>
                  </span>
                ) : f.stage ? (
                  <Tag>{t(`环节：${STAGE[f.stage]?.[0] ?? f.stage}`, `stage: ${STAGE[f.stage]?.[1] ?? f.stage}`)}</Tag>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Section>
      <Section title={t('无法重算', 'Not recomputable')}>
        <Table<RecomputeFinding>
          size="small"
          aria-label={t('无法重算', 'Not recomputable')}
          rowKey={(f) => `${f.subject}-${f.subjectId}`}
          pagination={false}
          dataSource={report.notRecomputable}
          locale={{ emptyText: t('无', 'None') }}
          columns={[
            { title: t('类别', 'Subject'), dataIndex: 'subject', width: 130, render: subject },
            { title: t('对象', 'Id'), dataIndex: 'subjectId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('案件', 'Case'), dataIndex: 'caseId', render: (v: string) => <CaseHistoryLink caseId={v} /> },
            { title: t('原因代码', 'Reason'), key: 'reason', render: (_: unknown, f) => <Tag color="orange">{f.reason?.code ?? '—'}</Tag> },
            { title: t('说明', 'Detail'), key: 'detail', render: (_: unknown, f) => (f.reason ? formatValue(f.reason.detail, t) : '—') },
          ]}
        />
      </Section>
    </>
  );
}

function FindingDetail({ finding }: { finding: RecomputeFinding }) {
  const { t } = useLang();
  return (
    <Descriptions size="small" column={1} aria-label={t('不一致详情', 'Mismatch detail')}>
      {finding.differences?.length ? <Descriptions.Item label={t('不同的字段', 'Differing fields')}>{finding.differences.join(', ')}</Descriptions.Item> : null}
      {finding.firstDifferingStep ? (
        <>
          <Descriptions.Item label={t('首个不同步骤', 'First differing step')}>
            #{finding.firstDifferingStep.index + 1} {finding.firstDifferingStep.stepId ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('记录的结果', 'Recorded')}>
            <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>{stepText(finding.firstDifferingStep.recorded, t)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('重算的结果', 'Recomputed')}>
            <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>{stepText(finding.firstDifferingStep.recomputed, t)}</Typography.Text>
          </Descriptions.Item>
        </>
      ) : null}
      {finding.chain ? (
        <Descriptions.Item label={t('发放链', 'Payment chain')}>
          {t('计划', 'schedule')} {yuan(finding.chain.scheduleFen)} · {t('签发计划', 'issued')} {yuan(finding.chain.issuedFen)} · {t('引擎', 'engine')} {yuan(finding.chain.engineFen)}
        </Descriptions.Item>
      ) : null}
      {finding.parameterDifference ? (
        <Descriptions.Item label={t('低保标准 B', '低保 standard B')}>
          {t('锁定', 'pinned')} {yuan(finding.parameterDifference.recorded.fen)} ({finding.parameterDifference.recorded.effectiveFrom}) · {t('公布', 'published')}{' '}
          {finding.parameterDifference.published ? `${yuan(finding.parameterDifference.published.fen)} (${finding.parameterDifference.published.effectiveFrom})` : '—'}
        </Descriptions.Item>
      ) : null}
      {finding.engineError ? <Descriptions.Item label={t('引擎拒绝', 'Engine refused')}>{finding.engineError}</Descriptions.Item> : null}
      <Descriptions.Item label={t('依据事件', 'Evidence')}>{finding.evidence.map((e) => `${e.streamId}@${e.revision}`).join(' · ') || '—'}</Descriptions.Item>
    </Descriptions>
  );
}

function stepText(step: unknown, t: (zh: string, en: string) => string): string {
  if (step && typeof step === 'object' && 'result' in (step as Record<string, unknown>)) {
    const s = step as { titleZh?: string; operation?: string; result?: unknown };
    return `${s.titleZh ?? ''} ${s.operation ?? ''} → ${formatValue(s.result, t)}`.trim();
  }
  return formatValue(step, t);
}
