import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { RadarChartOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { StartScanSchema } from '../../../../audit/src/anomalies/anomalies.schemas';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useActor, useSession } from '../../auth/session';
import { useLang } from '../../i18n';
import { enc, POLL_MS, rulesQuery, type Finding, type FindingList, type Rule, type ScanView } from './api';
import { beijing } from './format';
import { JobProgress, JobStatusTag, Section } from './shared';

export const FINDING_STATUS: Record<string, { zh: string; en: string; color: string }> = {
  open: { zh: '待分派', en: 'Open', color: 'orange' },
  assigned: { zh: '核查中', en: 'Assigned', color: 'processing' },
  checked: { zh: '已核查', en: 'Checked', color: 'cyan' },
  cleared: { zh: '已排除', en: 'Cleared', color: 'default' },
  confirmed: { zh: '已确认', en: 'Confirmed', color: 'red' },
};

export function FindingStatusTag({ status }: { status: string }) {
  const { lang } = useLang();
  const s = FINDING_STATUS[status];
  return (
    <Tag color={s?.color} data-status={status}>
      {s ? s[lang] : status}
    </Tag>
  );
}

export function useRuleTitles(): (ruleId: string) => string {
  const { lang } = useLang();
  const rules = useQuery(rulesQuery);
  return (id) => {
    const rule = rules.data?.rules.find((r) => r.id === id);
    return rule ? `${rule.title[lang]}` : id;
  };
}

/** 疑点 list: filters (rule, status, division, scan) in the URL, newest first, paged by cursor. */
export function AnomaliesPage() {
  const { lang, t } = useLang();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = { ruleId: params.get('ruleId') ?? undefined, status: params.get('status') ?? undefined, divisionCode: params.get('divisionCode') ?? undefined, scanId: params.get('scanId') ?? undefined };
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const [division, setDivision] = useState(filters.divisionCode ?? '');
  const [scanOpen, setScanOpen] = useState(false);
  const rules = useQuery(rulesQuery);
  const title = useRuleTitles();
  const list = useQuery({
    queryKey: ['audit', 'anomalies', filters, cursor],
    queryFn: async ({ signal }) => (await api<FindingList>('audit', '/audit/anomalies', { query: { ...filters, cursor, limit: 20 }, signal })).data,
    placeholderData: (previous) => previous,
  });
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    setCursors([null]);
  };
  return (
    <Page
      title={t('疑点', 'Anomalies (疑点)')}
      extra={
        <Space>
          <Link to="/audit/anomaly-rules">{t('疑点规则', 'Rules')}</Link>
          {can('auditor', 'admin') ? (
            <Button type="primary" icon={<RadarChartOutlined />} onClick={() => setScanOpen(true)}>
              {t('运行疑点筛查', 'Run a scan')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <ScanModal open={scanOpen} onClose={() => setScanOpen(false)} />
      <Card size="small" aria-label={t('筛选', 'Filters')}>
        <Space wrap size={16}>
          <Space>
            <Typography.Text>{t('规则', 'Rule')}</Typography.Text>
            <Select
              aria-label={t('规则', 'Rule')}
              allowClear
              value={filters.ruleId}
              onChange={(v) => setFilter('ruleId', v)}
              placeholder={t('全部规则', 'All rules')}
              style={{ width: 280 }}
              loading={rules.isPending}
              options={(rules.data?.rules ?? []).map((r) => ({ value: r.id, label: `${r.id} ${r.title[lang]}` }))}
            />
          </Space>
          <Space>
            <Typography.Text>{t('状态', 'Status')}</Typography.Text>
            <Select
              aria-label={t('状态', 'Status')}
              allowClear
              value={filters.status}
              onChange={(v) => setFilter('status', v)}
              placeholder={t('全部状态', 'All')}
              style={{ width: 140 }}
              options={Object.entries(FINDING_STATUS).map(([value, s]) => ({ value, label: s[lang] }))}
            />
          </Space>
          <Space>
            <Typography.Text>{t('行政区划', 'Division')}</Typography.Text>
            <Input.Search
              aria-label={t('行政区划', 'Division')}
              value={division}
              onChange={(e) => setDivision(e.target.value)}
              onSearch={(v) => setFilter('divisionCode', /^\d{6}$/.test(v.trim()) ? v.trim() : undefined)}
              placeholder={t('6 位代码，可空', '6 digits, optional')}
              enterButton={t('筛选', 'Filter')}
              style={{ width: 220 }}
            />
          </Space>
          {filters.scanId ? (
            <Tag closable onClose={() => setFilter('scanId', undefined)}>
              {t('本次筛查', 'This scan')} {filters.scanId.slice(0, 8)}…
            </Tag>
          ) : null}
        </Space>
      </Card>
      <div style={{ marginTop: 12 }}>
        <QueryState query={list}>
          {(page) => (
            <>
              <Table<Finding>
                size="small"
                aria-label={t('疑点列表', 'Findings')}
                rowKey="findingId"
                pagination={false}
                scroll={{ x: 1000 }}
                dataSource={page.items}
                locale={{ emptyText: t('没有符合条件的疑点', 'No findings match') }}
                columns={[
                  {
                    title: t('规则', 'Rule'),
                    dataIndex: 'ruleId',
                    width: 220,
                    render: (v: string) => (
                      <Space orientation="vertical" size={0}>
                        <span>{title(v)}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v}</Typography.Text>
                      </Space>
                    ),
                  },
                  { title: t('摘要', 'Summary'), dataIndex: 'summary', render: (s: Finding['summary'], f) => <Link to={`/audit/anomalies/${f.findingId}`}>{s[lang]}</Link> },
                  { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: string) => <FindingStatusTag status={s} /> },
                  { title: t('金额', 'Amount'), dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number | null) => yuan(v) },
                  { title: t('区划', 'Divisions'), dataIndex: 'divisionCodes', width: 110, render: (v: string[]) => v.join(', ') },
                  { title: t('案件数', 'Cases'), key: 'cases', width: 80, render: (_: unknown, f) => f.cases.length + (f.otherDivisions?.cases ?? 0) },
                  { title: t('发现于（北京时间）', 'Raised (Beijing)'), dataIndex: 'raisedAt', width: 170, render: (v: string) => beijing(v) },
                ]}
              />
              <Space style={{ marginTop: 12 }}>
                <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                  {t('上一页', 'Previous page')}
                </Button>
                <Button disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}>
                  {t('下一页', 'Next page')}
                </Button>
              </Space>
            </>
          )}
        </QueryState>
      </div>
    </Page>
  );
}

/** Starts a scan over a division with chosen rules and a date, then opens its progress page. */
function ScanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { lang, t } = useLang();
  const actor = useActor();
  const navigate = useNavigate();
  const rules = useQuery(rulesQuery);
  const [divisionCode, setDivisionCode] = useState(actor.divisionCode);
  const [selected, setSelected] = useState<string[]>([]);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [issues, setIssues] = useState<string[]>([]);
  const start = useMutation({
    mutationFn: async (body: unknown) => (await api<ScanView>('audit', '/audit/anomaly-scans', { method: 'POST', body })).data,
    onSuccess: (scan) => {
      onClose();
      navigate(`/audit/anomaly-scans/${scan.scanId}`);
    },
  });
  const submit = () => {
    const parsed = StartScanSchema.safeParse({ divisionCode: divisionCode.trim(), ...(selected.length ? { rules: selected } : {}), ...(asOf ? { asOf } : {}) });
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    setIssues([]);
    start.mutate(parsed.data);
  };
  return (
    <Modal open={open} onCancel={onClose} title={t('运行疑点筛查', 'Run a scan')} okText={t('开始筛查', 'Start scan')} cancelText={t('取消', 'Cancel')} onOk={submit} confirmLoading={start.isPending} width={640} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('行政区划代码', 'Division code')} htmlFor="scan-division">
          <Input id="scan-division" value={divisionCode} onChange={(e) => setDivisionCode(e.target.value)} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('规则（不选则全部）', 'Rules (none chosen: all)')}>
          <Select
            aria-label={t('筛查规则', 'Scan rules')}
            mode="multiple"
            allowClear
            value={selected}
            onChange={setSelected}
            placeholder={t('全部规则', 'All rules')}
            loading={rules.isPending}
            options={(rules.data?.rules ?? []).map((r) => ({ value: r.id, label: `${r.id} ${r.title[lang]}` }))}
          />
        </Form.Item>
        <Form.Item label={t('判断时限的日期（不填为今天，北京时间）', 'Date time limits are judged on (default today, China time)')}>
          <DatePicker aria-label={t('筛查日期', 'Scan date')} value={asOf ? dayjs(asOf) : null} onChange={(v) => setAsOf(v ? v.format('YYYY-MM-DD') : null)} format="YYYY-MM-DD" />
        </Form.Item>
        {issues.length > 0 ? <Alert type="error" showIcon role="alert" title={t('请检查填写内容', 'Please check the form')} description={issues.join('; ')} /> : null}
        {start.isError ? <ErrorAlert error={start.error} /> : null}
      </Form>
    </Modal>
  );
}

/** One scan: each rule's state (polled while running), the counts, and a link to its findings. */
export function ScanPage() {
  const { t } = useLang();
  const { scanId = '' } = useParams();
  const navigate = useNavigate();
  const title = useRuleTitles();
  const scan = useQuery({
    queryKey: ['audit', 'anomaly-scan', scanId],
    queryFn: async ({ signal }) => (await api<ScanView>('audit', `/audit/anomaly-scans/${enc(scanId)}`, { signal })).data,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
  });
  return (
    <Page title={t('疑点筛查', 'Anomaly scan')}>
      <QueryState query={scan}>
        {(s) => {
          const done = s.progress.filter((p) => p.state === 'done').length;
          return (
            <Space orientation="vertical" size={12} style={{ width: '100%' }} data-status={s.status}>
              <Card size="small" aria-label={t('筛查概况', 'Scan summary')}>
                <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                  <Descriptions.Item label={t('编号', 'Id')}>
                    <Typography.Text code copyable>{s.scanId}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('状态', 'Status')}>
                    <JobStatusTag status={s.status} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('行政区划', 'Division')}>{s.divisionCode}</Descriptions.Item>
                  <Descriptions.Item label={t('判断日期', 'As of')}>{s.asOf}</Descriptions.Item>
                  <Descriptions.Item label={t('发起', 'Started')}>
                    {beijing(s.startedAt)} · {s.startedBy ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('完成', 'Completed')}>{beijing(s.completedAt)}</Descriptions.Item>
                </Descriptions>
                <JobProgress status={s.status} done={done} total={s.progress.length} unit={t('条规则', 'rules')} label={t('筛查进度', 'Scan progress')} />
                {s.error ? <Alert type="error" showIcon title={`${s.error.ruleId ?? ''} ${s.error.code}: ${s.error.message}`} /> : null}
                {s.counts ? (
                  <Alert
                    type={s.counts.findings > 0 ? 'warning' : 'success'}
                    showIcon
                    data-testid="scan-verdict"
                    title={t(
                      `检查 ${s.counts.examined} 项，新发现 ${s.counts.raised} 个疑点，再次发现 ${s.counts.seenAgain} 个，未变 ${s.counts.unchanged} 个（共 ${s.counts.findings} 个）`,
                      `${s.counts.examined} examined; ${s.counts.raised} new findings, ${s.counts.seenAgain} seen again, ${s.counts.unchanged} unchanged (${s.counts.findings} in all)`,
                    )}
                    action={
                      <Button size="small" onClick={() => navigate(`/audit/anomalies?scanId=${s.scanId}`)}>
                        {t('查看本次疑点', 'Its findings')}
                      </Button>
                    }
                  />
                ) : null}
              </Card>
              <Section title={t('各规则进度', 'Per rule')}>
                <Table
                  size="small"
                  aria-label={t('各规则进度', 'Per rule')}
                  rowKey="ruleId"
                  pagination={false}
                  dataSource={s.progress}
                  columns={[
                    { title: t('规则', 'Rule'), dataIndex: 'ruleId', render: (v: string) => `${v} ${title(v) !== v ? title(v) : ''}` },
                    {
                      title: t('状态', 'State'),
                      dataIndex: 'state',
                      width: 100,
                      render: (v: string) => <Tag color={v === 'done' ? 'green' : v === 'running' ? 'processing' : v === 'failed' ? 'red' : 'default'}>{{ done: t('完成', 'done'), running: t('进行中', 'running'), pending: t('等待', 'pending'), failed: t('失败', 'failed') }[v] ?? v}</Tag>,
                    },
                    { title: t('已检查', 'Examined'), dataIndex: 'examined', width: 90, align: 'right' },
                    { title: t('新发现', 'Raised'), key: 'raised', width: 90, align: 'right', render: (_: unknown, p) => p.counts?.raised ?? '—' },
                    { title: t('再次发现', 'Seen again'), key: 'seen', width: 90, align: 'right', render: (_: unknown, p) => p.counts?.seenAgain ?? '—' },
                    { title: t('未变', 'Unchanged'), key: 'unchanged', width: 90, align: 'right', render: (_: unknown, p) => p.counts?.unchanged ?? '—' },
                    { title: t('用时', 'Time'), dataIndex: 'durationMs', width: 90, align: 'right', render: (v?: number) => (v !== undefined ? `${v} ms` : '—') },
                  ]}
                />
              </Section>
            </Space>
          );
        }}
      </QueryState>
    </Page>
  );
}

/** The configured rules with their description and effective configuration. */
export function RulesPage() {
  const { lang, t } = useLang();
  const rules = useQuery(rulesQuery);
  return (
    <Page title={t('疑点规则', 'Anomaly rules')}>
      <QueryState query={rules}>
        {(list) => (
          <Table<Rule>
            size="small"
            aria-label={t('疑点规则', 'Anomaly rules')}
            rowKey="id"
            pagination={false}
            dataSource={list.rules}
            expandable={{
              expandedRowRender: (r) => (
                <Space orientation="vertical" size={4}>
                  <Typography.Paragraph style={{ margin: 0 }}>{r.description[lang]}</Typography.Paragraph>
                  <Typography.Text type="secondary">{t('生效配置', 'Effective configuration')}:</Typography.Text>
                  <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.config)}</Typography.Text>
                </Space>
              ),
            }}
            columns={[
              { title: t('编号', 'Id'), dataIndex: 'id', width: 280, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('名称', 'Title'), dataIndex: 'title', render: (v: Rule['title']) => v[lang] },
              { title: t('疑点', 'Findings'), key: 'list', width: 120, render: (_: unknown, r) => <Link to={`/audit/anomalies?ruleId=${enc(r.id)}`}>{t('查看疑点', 'Findings')}</Link> },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
