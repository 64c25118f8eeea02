import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, InputNumber, Progress, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, download } from '../../api/client';
import { useActor } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { instant, yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { CursorTable, IdText, Section } from '../finance/shared';
import type { ChangedCase, SimulationRequest, SummaryRow } from '../../../../eligibility/src/simulations/types';
import { SimulationRequestSchema } from '../../../../eligibility/src/simulations/request.schema';
import { SimpleChart } from './charts';
import { SIMULATION_RUNNERS } from './index';

/**
 * 政策测算 pages: the list and the form (admin, finance clerks), and one simulation's result —
 * totals, charts, summary rows, changed cases with the first differing step, replay and export.
 */

interface SimulationView {
  simulationId: string;
  status: 'running' | 'completed' | 'failed';
  request: SimulationRequest;
  requestedBy: { id: string; role: string; divisionCode: string };
  requestedAt: string;
  completedAt: string | null;
  progress: { pagesDone: number; casesDone: number };
  totals: Record<string, number> | null;
  resultHash: string | null;
  durationMs: number | null;
  replayOf: string | null;
  sameHashAsOriginal: boolean | null;
  failures: { caseId: string; code: string; message: string }[];
  scheduleMismatches: { caseId: string; periodKey: string; scheduleFen: number; evaluatedFen: number }[];
  error: { code: string; message: string } | null;
}

const toFen = (yuanText: number | null | undefined) => (yuanText === null || yuanText === undefined ? NaN : Math.round(yuanText * 100));

export function SimulationsPage() {
  const { t } = useLang();
  const actor = useActor();
  const mayRun = SIMULATION_RUNNERS.includes(actor.role);
  return (
    <Page title={t('政策测算', 'Policy simulation')}>
      {mayRun ? <NewSimulation /> : null}
      <Section title={t('已记录的测算', 'Recorded simulations')}>
        <CursorTable<SimulationView>
          service="eligibility"
          queryKey={['eligibility', 'simulations']}
          path="/eligibility/simulations"
          label={t('已记录的测算', 'Recorded simulations')}
          rowKey="simulationId"
          columns={[
            { title: t('测算', 'Simulation'), dataIndex: 'simulationId', render: (id: string) => <Link to={`/simulations/${id}`}>{id.slice(0, 8)}</Link> },
            { title: t('情景', 'Scenario'), render: (_: unknown, v) => v.request.scenario.title },
            { title: t('范围', 'Scope'), render: (_: unknown, v) => `${v.request.scope.divisionCode} ${v.request.scope.months.from}–${v.request.scope.months.to}` },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'completed' ? 'green' : s === 'failed' ? 'red' : 'blue'}>{s}</Tag> },
            { title: t('发起', 'Requested'), render: (_: unknown, v) => `${v.requestedBy.id} ${instant(v.requestedAt)}` },
          ]}
        />
      </Section>
    </Page>
  );
}

function NewSimulation() {
  const { t } = useLang();
  const actor = useActor();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const [form, setForm] = useState({
    title: '',
    bDivision: actor.divisionCode,
    bFrom: '',
    bYuan: null as number | null,
    age60: '' as '' | 'nextMonth' | 'sameMonth',
    changesJson: '',
    scopeDivision: actor.divisionCode,
    benefits: ['dibao', 'tefu'] as ('dibao' | 'tefu')[],
    from: '',
    to: '',
    shares: { central: null as number | null, provincial: null as number | null, city: null as number | null, county: null as number | null },
  });
  const start = useMutation({
    mutationFn: async (body: unknown) => (await api<{ simulationId: string }>('eligibility', '/eligibility/simulations', { method: 'POST', body })).data,
    onSuccess: (data) => navigate(`/simulations/${data.simulationId}`),
  });
  const submit = () => {
    const changes: unknown[] = [];
    if (form.bYuan !== null || form.bFrom) changes.push({ kind: 'dibaoStandard', divisionCode: form.bDivision.trim(), from: form.bFrom.trim(), fenPerMonth: toFen(form.bYuan) });
    if (form.age60) changes.push({ kind: 'policy', choices: { 'tefu.age60': form.age60 } });
    if (form.changesJson.trim()) {
      try {
        const extra = JSON.parse(form.changesJson);
        changes.push(...(Array.isArray(extra) ? extra : [extra]));
      } catch (error) {
        setProblem(`${t('其他变更不是有效的 JSON', 'Other changes are not valid JSON')}: ${(error as Error).message}`);
        return;
      }
    }
    const s = form.shares;
    const withShares = s.central !== null || s.provincial !== null || s.city !== null || s.county !== null;
    const body = {
      scenario: { title: form.title.trim(), changes },
      scope: { divisionCode: form.scopeDivision.trim(), benefits: form.benefits, months: { from: form.from.trim(), to: form.to.trim() } },
      ...(withShares ? { fundingShares: form.benefits.map((benefit) => ({ benefit, divisionCode: form.scopeDivision.trim(), shares: { central: s.central ?? 0, provincial: s.provincial ?? 0, city: s.city ?? 0, county: s.county ?? 0 } })) } : {}),
    };
    const parsed = SimulationRequestSchema.safeParse(body);
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
      return;
    }
    setProblem(null);
    start.mutate(body);
  };
  return (
    <Card title={t('新建测算', 'New simulation')} size="small" style={{ marginBottom: 16 }}>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('情景名称', 'Scenario title')} htmlFor="sim-title">
          <Input id="sim-title" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} placeholder={t('如：低保标准提高方案（拟议）', 'e.g. proposed 低保标准 rise')} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label={t('拟议低保标准：区划', 'Proposed B: division')} htmlFor="sim-b-division">
            <Input id="sim-b-division" value={form.bDivision} onChange={(e) => setForm({ ...form, bDivision: e.target.value })} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label={t('自月份', 'from month')} htmlFor="sim-b-from">
            <Input id="sim-b-from" value={form.bFrom} placeholder="2026-07" onChange={(e) => setForm({ ...form, bFrom: e.target.value })} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label={t('元/人·月', 'yuan per person-month')} htmlFor="sim-b-yuan">
            <InputNumber id="sim-b-yuan" min={0.01} step={10} value={form.bYuan} onChange={(v) => setForm({ ...form, bYuan: v })} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label={t('年满60周岁当月（特扶）', 'Turning 60 (特扶)')}>
            <Select
              aria-label={t('年满60周岁当月（特扶）', 'Turning 60 (特扶)')}
              value={form.age60}
              onChange={(age60) => setForm({ ...form, age60 })}
              style={{ width: 200 }}
              options={[
                { value: '', label: t('不变（现行解读）', 'unchanged (product reading)') },
                { value: 'nextMonth', label: t('次月起按高档', 'next month') },
                { value: 'sameMonth', label: t('当月起按高档', 'same month') },
              ]}
            />
          </Form.Item>
        </Flex>
        <Form.Item label={t('其他变更（JSON，如未启用的标准版本）', 'Other changes (JSON, e.g. a standard edition not in force)')} htmlFor="sim-changes">
          <Input.TextArea id="sim-changes" rows={2} value={form.changesJson} onChange={(e) => setForm({ ...form, changesJson: e.target.value })} placeholder='{"kind":"standardEdition","standardId":"…","versionId":"…","divisionCode":"330400","effectiveFrom":"2026-07-01","rulePack":{…}}' />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label={t('测算范围：区划', 'Scope: division')} htmlFor="sim-scope">
            <Input id="sim-scope" value={form.scopeDivision} onChange={(e) => setForm({ ...form, scopeDivision: e.target.value })} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label={t('救助类别', 'Benefits')}>
            <Checkbox.Group
              value={form.benefits}
              onChange={(benefits) => setForm({ ...form, benefits: benefits as ('dibao' | 'tefu')[] })}
              options={[
                { value: 'dibao', label: t('低保', '低保') },
                { value: 'tefu', label: t('计生特扶', '特扶') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('起始月', 'From')} htmlFor="sim-from">
            <Input id="sim-from" value={form.from} placeholder="2026-01" onChange={(e) => setForm({ ...form, from: e.target.value })} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label={t('截止月', 'To')} htmlFor="sim-to">
            <Input id="sim-to" value={form.to} placeholder="2026-12" onChange={(e) => setForm({ ...form, to: e.target.value })} style={{ width: 100 }} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap align="end">
          {(['central', 'provincial', 'city', 'county'] as const).map((level) => (
            <Form.Item key={level} label={`${t({ central: '中央', provincial: '省级', city: '市级', county: '县级' }[level], level)} ${t('（基点）', '(bp)')}`} htmlFor={`sim-share-${level}`}>
              <InputNumber id={`sim-share-${level}`} min={0} max={10000} precision={0} value={form.shares[level]} onChange={(v) => setForm({ ...form, shares: { ...form.shares, [level]: v } })} style={{ width: 110 }} />
            </Form.Item>
          ))}
          <Typography.Text type="secondary" style={{ marginBottom: 24 }}>
            {t('支出责任比例可不填（计为未分配）；填写时四级合计须为10000', 'Funding shares are optional (else unallocated); the four must sum to 10000')}
          </Typography.Text>
        </Flex>
        {problem ? <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} /> : null}
        {start.isError ? <ErrorAlert error={start.error} /> : null}
        <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={start.isPending}>
          {t('开始测算', 'Run simulation')}
        </Button>
      </Form>
    </Card>
  );
}

export function SimulationPage() {
  const { simulationId = '' } = useParams();
  const { t } = useLang();
  const view = useQuery({
    queryKey: ['eligibility', 'simulation', simulationId],
    queryFn: async () => (await api<SimulationView>('eligibility', `/eligibility/simulations/${simulationId}`)).data,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  return (
    <Page title={`${t('政策测算', 'Policy simulation')} ${simulationId.slice(0, 8)}`}>
      <QueryState query={view}>{(v) => <SimulationResult view={v} />}</QueryState>
    </Page>
  );
}

function SimulationResult({ view }: { view: SimulationView }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const replay = useMutation({
    mutationFn: async () => (await api<{ simulationId: string }>('eligibility', `/eligibility/simulations/${view.simulationId}/replays`, { method: 'POST', body: {} })).data,
    onSuccess: (data) => navigate(`/simulations/${data.simulationId}`),
  });
  const t0 = view.totals;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" bordered column={2} aria-label={t('测算信息', 'Simulation')}>
        <Descriptions.Item label={t('情景', 'Scenario')}>{view.request.scenario.title}</Descriptions.Item>
        <Descriptions.Item label={t('状态', 'Status')}>
          <Tag data-testid="simulation-status" color={view.status === 'completed' ? 'green' : view.status === 'failed' ? 'red' : 'blue'}>
            {view.status}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('范围', 'Scope')}>{`${view.request.scope.divisionCode} · ${view.request.scope.benefits.join(', ')} · ${view.request.scope.months.from}–${view.request.scope.months.to}`}</Descriptions.Item>
        <Descriptions.Item label={t('发起人', 'Requested by')}>{`${view.requestedBy.id} (${view.requestedBy.role}) ${instant(view.requestedAt)}`}</Descriptions.Item>
        <Descriptions.Item label={t('结果哈希', 'Result hash')} span={2}>
          <IdText id={view.resultHash} />
        </Descriptions.Item>
        {view.replayOf ? (
          <Descriptions.Item label={t('重放自', 'Replay of')} span={2}>
            <Link to={`/simulations/${view.replayOf}`}>{view.replayOf.slice(0, 8)}</Link>{' '}
            {view.sameHashAsOriginal === null ? null : (
              <Tag data-testid="replay-verdict" color={view.sameHashAsOriginal ? 'green' : 'red'}>
                {view.sameHashAsOriginal ? t('哈希一致', 'same hash') : t('哈希不一致', 'different hash')}
              </Tag>
            )}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {view.status === 'running' ? <Progress percent={99} status="active" format={() => t(`已测算 ${view.progress.casesDone} 件`, `${view.progress.casesDone} cases done`)} /> : null}
      {view.error ? <Alert type="error" showIcon title={`${view.error.code}: ${view.error.message}`} /> : null}
      {t0 ? (
        <>
          <Flex gap={24} wrap>
            <Statistic title={t('案件', 'Cases')} value={t0.cases} />
            <Statistic title={t('变化案件', 'Changed cases')} value={t0.changedCases} />
            <Statistic title={t('新增符合', 'Newly eligible')} value={t0.newlyEligible} />
            <Statistic title={t('不再符合', 'No longer eligible')} value={t0.noLongerEligible} />
            <Statistic title={t('金额（前）元', 'Before (yuan)')} value={yuan(t0.amountBeforeFen)} />
            <Statistic title={t('金额（后）元', 'After (yuan)')} value={yuan(t0.amountAfterFen)} />
            <Statistic title={t('差额 元', 'Difference (yuan)')} value={yuan(t0.differenceFen)} />
          </Flex>
          {t0.failures > 0 || t0.scheduleMismatches > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t(`未能测算 ${t0.failures} 件；与现行发放计划不一致 ${t0.scheduleMismatches} 期`, `${t0.failures} cases not evaluated; ${t0.scheduleMismatches} periods differ from the schedule in force`)}
              description={[...view.failures.slice(0, 5).map((f) => `${f.caseId}: ${f.code}`), ...view.scheduleMismatches.slice(0, 5).map((m) => `${m.caseId} ${m.periodKey}: ${yuan(m.scheduleFen)} ≠ ${yuan(m.evaluatedFen)}`)].join('；')}
            />
          ) : null}
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => void download('eligibility', `/eligibility/simulations/${view.simulationId}/export.xlsx`, {}, `simulation-${view.simulationId}.xlsx`).catch((e: Error) => message.error(e.message))}>
              {t('导出 xlsx', 'Export xlsx')}
            </Button>
            <Button icon={<RedoOutlined />} loading={replay.isPending} onClick={() => replay.mutate()}>
              {t('重放核验', 'Replay')}
            </Button>
          </Space>
          {replay.isError ? <ErrorAlert error={replay.error} /> : null}
          <Rows simulationId={view.simulationId} />
          <Changes simulationId={view.simulationId} />
        </>
      ) : null}
    </Space>
  );
}

function Rows({ simulationId }: { simulationId: string }) {
  const { t } = useLang();
  const rows = useQuery({
    queryKey: ['eligibility', 'simulation', simulationId, 'rows'],
    queryFn: async () => (await api<{ rows: SummaryRow[] }>('eligibility', `/eligibility/simulations/${simulationId}/rows`)).data.rows,
  });
  const byMonth = useMemo(() => {
    const months = new Map<string, { before: number; after: number }>();
    for (const r of rows.data ?? []) {
      const m = months.get(r.month) ?? { before: 0, after: 0 };
      m.before += r.amountBeforeFen;
      m.after += r.amountAfterFen;
      months.set(r.month, m);
    }
    return [...months.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [rows.data]);
  const byDivision = useMemo(() => {
    const divisions = new Map<string, number>();
    for (const r of rows.data ?? []) divisions.set(r.divisionCode, (divisions.get(r.divisionCode) ?? 0) + r.differenceFen);
    return [...divisions.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [rows.data]);
  if (rows.isError) return <ErrorAlert error={rows.error} />;
  return (
    <Section title={t('按月、区划汇总', 'By month and division')}>
      <SimpleChart
        testId="simulation-month-chart"
        label={t('每月金额：现行与测算', 'Amount per month: in force and simulated')}
        unit={t('元', 'yuan')}
        categories={byMonth.map(([m]) => m)}
        series={[
          { name: t('现行', 'In force'), values: byMonth.map(([, v]) => v.before / 100) },
          { name: t('测算', 'Simulated'), values: byMonth.map(([, v]) => v.after / 100) },
        ]}
      />
      <SimpleChart
        testId="simulation-division-chart"
        label={t('各区划差额', 'Difference by division')}
        unit={t('元', 'yuan')}
        categories={byDivision.map(([d]) => d)}
        series={[{ name: t('差额', 'Difference'), values: byDivision.map(([, v]) => v / 100) }]}
      />
      <Table<SummaryRow>
        size="small"
        aria-label={t('汇总表', 'Summary rows')}
        rowKey={(r) => `${r.month}|${r.divisionCode}|${r.benefit}`}
        loading={rows.isPending}
        dataSource={rows.data ?? []}
        pagination={{ pageSize: 24 }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('月份', 'Month'), dataIndex: 'month' },
          { title: t('区划', 'Division'), dataIndex: 'divisionCode' },
          { title: t('类别', 'Benefit'), dataIndex: 'benefit' },
          { title: t('户数 前/后', 'Households'), render: (_: unknown, r) => `${r.householdsBefore} / ${r.householdsAfter}` },
          { title: t('人数 前/后', 'Persons'), render: (_: unknown, r) => `${r.personsBefore} / ${r.personsAfter}` },
          { title: t('新增/不再', 'New / gone'), render: (_: unknown, r) => `${r.newlyEligible} / ${r.noLongerEligible}` },
          { title: t('金额 前', 'Before'), render: (_: unknown, r) => yuan(r.amountBeforeFen) },
          { title: t('金额 后', 'After'), render: (_: unknown, r) => yuan(r.amountAfterFen) },
          { title: t('差额', 'Difference'), render: (_: unknown, r) => yuan(r.differenceFen) },
          { title: t('中央 后', 'Central after'), render: (_: unknown, r) => yuan(r.byFunding.central.afterFen) },
          { title: t('省 后', 'Province after'), render: (_: unknown, r) => yuan(r.byFunding.provincial.afterFen) },
          { title: t('市 后', 'City after'), render: (_: unknown, r) => yuan(r.byFunding.city.afterFen) },
          { title: t('县 后', 'County after'), render: (_: unknown, r) => yuan(r.byFunding.county.afterFen) },
          { title: t('未分配 后', 'Unallocated after'), render: (_: unknown, r) => yuan(r.byFunding.unallocated.afterFen) },
        ]}
      />
    </Section>
  );
}

/** Per-case differences of the first 1,000 changed cases, in bands of 100 yuan: the distribution chart says what it covers. */
function Distribution({ simulationId }: { simulationId: string }) {
  const { t } = useLang();
  const first = useQuery({
    queryKey: ['eligibility', 'simulation', simulationId, 'distribution'],
    queryFn: async () => (await api<{ items: ChangedCase[] }>('eligibility', `/eligibility/simulations/${simulationId}/changes`, { query: { limit: 1000 } })).data.items,
  });
  const bands = useMemo(() => {
    const counts = new Map<number, number>();
    for (const c of first.data ?? []) {
      const band = Math.floor(c.differenceFen / 10_000) * 100;
      counts.set(band, (counts.get(band) ?? 0) + 1);
    }
    return [...counts.entries()].sort(([a], [b]) => a - b);
  }, [first.data]);
  if (first.isError) return <ErrorAlert error={first.error} />;
  return (
    <SimpleChart
      testId="simulation-distribution-chart"
      label={t(`前 ${first.data?.length ?? 0} 个变化案件的差额分布（每档100元）`, `Difference per case, first ${first.data?.length ?? 0} changed cases (100-yuan bands)`)}
      unit={t('件', 'cases')}
      categories={bands.map(([b]) => `${b}`)}
      series={[{ name: t('案件数', 'Cases'), values: bands.map(([, n]) => n) }]}
    />
  );
}

function Changes({ simulationId }: { simulationId: string }) {
  const { t } = useLang();
  const [change, setChange] = useState<string | undefined>(undefined);
  return (
    <Section
      title={t('变化案件', 'Changed cases')}
      extra={
        <Select
          aria-label={t('变化类型', 'Change')}
          allowClear
          placeholder={t('全部', 'All')}
          value={change}
          onChange={setChange}
          style={{ width: 160 }}
          options={['newlyEligible', 'noLongerEligible', 'increase', 'decrease', 'mixed'].map((c) => ({ value: c, label: c }))}
        />
      }
    >
      <Distribution simulationId={simulationId} />
      <CursorTable<ChangedCase>
        key={change ?? 'all'}
        service="eligibility"
        queryKey={['eligibility', 'simulation', simulationId, 'changes', change]}
        path={`/eligibility/simulations/${simulationId}/changes`}
        query={{ change }}
        label={t('变化案件', 'Changed cases')}
        rowKey="caseId"
        expandable={{
          expandedRowRender: (c) => (
            <Space direction="vertical" data-testid="changed-case-detail">
              {c.firstDifference ? (
                <Card size="small" title={`${t('首个不同的步骤', 'First differing step')}: ${c.firstDifference.stepId} ${c.firstDifference.titleZh} (${c.firstDifference.month})`}>
                  {c.firstDifference.after.clause?.quote ?? c.firstDifference.before.clause?.quote ? (
                    <Typography.Paragraph>
                      {t('条款原文', 'Clause')}: 「{c.firstDifference.after.clause?.quote ?? c.firstDifference.before.clause?.quote}」
                    </Typography.Paragraph>
                  ) : null}
                  <Typography.Text>
                    {t('前', 'Before')}: <code>{JSON.stringify(c.firstDifference.before.result)}</code> {t('后', 'After')}: <code>{JSON.stringify(c.firstDifference.after.result)}</code>
                  </Typography.Text>
                </Card>
              ) : null}
              <Typography.Text>{c.months.map((m) => `${m.month}: ${yuan(m.beforeFen)} → ${yuan(m.afterFen)}`).join('；')}</Typography.Text>
            </Space>
          ),
        }}
        columns={[
          { title: t('案件', 'Case'), dataIndex: 'caseId', render: (id: string) => <IdText id={id} /> },
          { title: t('类别', 'Benefit'), dataIndex: 'benefit' },
          { title: t('区划', 'Division'), dataIndex: 'divisionCode' },
          { title: t('变化', 'Change'), dataIndex: 'change', render: (c: string) => <Tag>{c}</Tag> },
          { title: t('金额 前', 'Before'), render: (_: unknown, c) => yuan(c.beforeFen) },
          { title: t('金额 后', 'After'), render: (_: unknown, c) => yuan(c.afterFen) },
          { title: t('差额', 'Difference'), render: (_: unknown, c) => yuan(c.differenceFen) },
        ]}
      />
    </Section>
  );
}
