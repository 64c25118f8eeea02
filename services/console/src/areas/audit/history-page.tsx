import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CalculatorOutlined, DownloadOutlined, HistoryOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { CaseIdSchema, HistoryQuerySchema } from '../../../../audit/src/history/history.schemas';
import { api, download } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useSession } from '../../auth/session';
import { useLang } from '../../i18n';
import { enc, fetchHistory, type CaseHistory, type CaseState, type DeterminationEntry, type PaymentEntry, type RecomputationReport, type TimelineEntry } from './api';
import { ChainCard } from './chain-card';
import { beijing, beijingWallClock, benefitText, caseStatusText, eventName, instantFromWallClock, looksLikeInstant, shortId } from './format';
import { ChainTag, Section, StandardRefText, TraceList, valueText } from './shared';

/** 案件回放 — enter a case id. */
export function CaseSearchPage() {
  const { t } = useLang();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = (raw: string) => {
    const parsed = CaseIdSchema.safeParse(raw.trim().toLowerCase());
    if (!parsed.success) {
      setError(t('案件编号应为小写 UUID，例如 0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b', 'A case id is a lowercase UUID, e.g. 0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b'));
      return;
    }
    setError(null);
    navigate(`/audit/cases/${parsed.data}/history`);
  };
  return (
    <Page title={t('案件回放', 'Case history')}>
      <Card style={{ maxWidth: 720 }}>
        <Typography.Paragraph type="secondary">
          {t(
            '输入案件编号，按“已知截至”（当时已记录的内容）和“生效日期”（业务上适用的内容）两个时间轴回放案件：事件、每步之后的案件状态、认定及其依据条款、每笔发放及其追溯。',
            'Enter a case id to replay the case on two axes — as known at (what had been recorded) and as effective on (what applied on a business date): events, the state after each, determinations with their clause, and every payment with its trace.',
          )}
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={() => open(value)}>
          <Form.Item label={t('案件编号', 'Case id')} htmlFor="audit-case-id" validateStatus={error ? 'error' : undefined} help={error ?? undefined}>
            <Input id="audit-case-id" value={value} onChange={(e) => setValue(e.target.value)} placeholder="0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b" allowClear autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('回放', 'Replay')}
          </Button>
        </Form>
      </Card>
    </Page>
  );
}

type KnownMode = 'now' | 'instant' | 'position';

/** 案件回放 on both time axes; the axes live in the URL (?asKnownAt=&asEffectiveOn=), so a view can be cited and reloaded. */
export function CaseHistoryPage() {
  const { t } = useLang();
  const { caseId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asKnownAt = params.get('asKnownAt');
  const asEffectiveOn = params.get('asEffectiveOn');
  const validCase = CaseIdSchema.safeParse(caseId).success;
  const validQuery = HistoryQuerySchema.safeParse({ ...(asKnownAt ? { asKnownAt } : {}), ...(asEffectiveOn ? { asEffectiveOn } : {}) });

  const setAxes = (next: { asKnownAt?: string | null; asEffectiveOn?: string | null }) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) continue;
      if (v === null || v === '') merged.delete(k);
      else merged.set(k, v);
    }
    setParams(merged);
  };

  const history = useQuery({
    queryKey: ['audit', 'history', caseId, asKnownAt, asEffectiveOn],
    queryFn: ({ signal }) => fetchHistory(caseId, asKnownAt, asEffectiveOn, signal),
    enabled: validCase && validQuery.success,
    placeholderData: (previous) => (previous?.caseId === caseId ? previous : undefined),
  });

  return (
    <Page title={t('案件回放', 'Case history')} extra={validCase ? <CaseActions caseId={caseId} /> : null}>
      {!validCase ? (
        <Alert type="error" showIcon title={t('案件编号无效', 'Not a valid case id')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('案件', 'Case')} <Typography.Text code copyable>{caseId}</Typography.Text>
          </Typography.Text>
          <AxesControls key={`${asKnownAt}|${asEffectiveOn}`} asKnownAt={asKnownAt} asEffectiveOn={asEffectiveOn} onChange={setAxes} />
          {!validQuery.success ? (
            <Alert type="error" showIcon title={t('时间轴参数无效', 'The time axes are not valid')} description={validQuery.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} />
          ) : (
            <QueryState query={history}>
              {(data) => (
                <div aria-busy={history.isFetching} data-known-at={data.asKnownAt ?? 'now'} data-effective-on={data.asEffectiveOn ?? ''}>
                  <AxesSummary history={data} fetching={history.isFetching} />
                  <StateCard state={data.state} history={data} />
                  <TimelineSection history={data} onKnownAt={(position) => setAxes({ asKnownAt: position })} />
                  <DeterminationsSection history={data} />
                  <PaymentsSection history={data} />
                  <ChainCard history={data} />
                </div>
              )}
            </QueryState>
          )}
        </Space>
      )}
    </Page>
  );
}

function CaseActions({ caseId }: { caseId: string }) {
  const { t } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const recompute = useMutation({
    mutationFn: async () => (await api<RecomputationReport>('audit', '/audit/recomputations', { method: 'POST', body: { scope: { caseId } } })).data,
    onSuccess: (report) => navigate(`/audit/recomputations/${enc(report.recomputationId)}`),
  });
  const pack = useMutation({
    mutationFn: () => download('audit', `/audit/cases/${enc(caseId)}/evidence-package`, {}, `evidence-case-${caseId}.json`),
    onSuccess: (file) => void message.success(t(`已下载证据包 ${file.name}`, `Evidence package ${file.name} downloaded`)),
  });
  if (!can('auditor', 'admin')) return null;
  return (
    <Space orientation="vertical" align="end" size={4}>
      <Space wrap>
        <Button icon={<CalculatorOutlined />} loading={recompute.isPending} onClick={() => recompute.mutate()}>
          {t('重算此案件', 'Recompute this case')}
        </Button>
        <Button icon={<DownloadOutlined />} loading={pack.isPending} onClick={() => pack.mutate()}>
          {t('下载证据包', 'Evidence package')}
        </Button>
      </Space>
      {recompute.isError ? <ErrorAlert error={recompute.error} /> : null}
      {pack.isError ? <ErrorAlert error={pack.error} /> : null}
    </Space>
  );
}

/** The two axes: as known at (now, an instant picked in Beijing time, or a log position) and as effective on (a date). */
function AxesControls({ asKnownAt, asEffectiveOn, onChange }: { asKnownAt: string | null; asEffectiveOn: string | null; onChange: (next: { asKnownAt?: string | null; asEffectiveOn?: string | null }) => void }) {
  const { t } = useLang();
  const initialMode: KnownMode = !asKnownAt ? 'now' : looksLikeInstant(asKnownAt) ? 'instant' : 'position';
  const [mode, setMode] = useState<KnownMode>(initialMode);
  const [position, setPosition] = useState(initialMode === 'position' ? (asKnownAt ?? '') : '');
  const wall = asKnownAt && initialMode === 'instant' ? beijingWallClock(asKnownAt) : null;
  const picked: Dayjs | null = wall ? dayjs(wall) : null;
  return (
    <Card size="small" title={t('时间轴', 'Time axes')} aria-label={t('时间轴', 'Time axes')}>
      <Row gutter={[24, 12]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <Typography.Text strong id="known-at-label">
              {t('已知截至（记录时间轴）', 'As known at (recorded time)')}
            </Typography.Text>
            <Segmented
              aria-label={t('已知截至方式', 'As known at: kind')}
              value={mode}
              onChange={(v) => {
                const next = v as KnownMode;
                setMode(next);
                if (next === 'now') onChange({ asKnownAt: null });
              }}
              options={[
                { value: 'now', label: t('现在', 'Now') },
                { value: 'instant', label: t('时间点', 'Instant') },
                { value: 'position', label: t('日志位置', 'Log position') },
              ]}
            />
            {mode === 'instant' ? (
              <Space wrap>
                <DatePicker
                  showTime
                  format="YYYY-MM-DD HH:mm:ss"
                  value={picked}
                  aria-label={t('已知截至时间（北京时间）', 'As known at (Beijing time)')}
                  placeholder={t('选择时间（北京时间）', 'Pick a time (Beijing time)')}
                  onChange={(value) => onChange({ asKnownAt: value ? instantFromWallClock(value.format('YYYY-MM-DDTHH:mm:ss')) : null })}
                  style={{ minWidth: 220 }}
                />
                <Typography.Text type="secondary">{t('北京时间（UTC+8），按秒', 'Beijing time (UTC+8), to the second')}</Typography.Text>
              </Space>
            ) : null}
            {mode === 'position' ? (
              <Input.Search
                aria-label={t('日志位置', 'Log position')}
                value={position}
                onChange={(e) => setPosition(e.target.value)}
                onSearch={(v) => onChange({ asKnownAt: v.trim() || null })}
                enterButton={t('应用', 'Apply')}
                placeholder={t('事件的日志位置，见下方事件列表', "an event's log position, see the events below")}
                style={{ maxWidth: 420 }}
              />
            ) : null}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <Typography.Text strong>{t('生效日期（业务时间轴）', 'As effective on (business date)')}</Typography.Text>
            <DatePicker
              aria-label={t('生效日期', 'As effective on')}
              value={asEffectiveOn ? dayjs(asEffectiveOn) : null}
              format="YYYY-MM-DD"
              allowClear
              placeholder={t('不限（全部已知事件均计入）', 'Any (every known event counts)')}
              onChange={(value) => onChange({ asEffectiveOn: value ? value.format('YYYY-MM-DD') : null })}
              style={{ minWidth: 220 }}
            />
          </Space>
        </Col>
      </Row>
    </Card>
  );
}

/** Says plainly which axes the view is on. */
function AxesSummary({ history, fetching }: { history: CaseHistory; fetching: boolean }) {
  const { t } = useLang();
  const known =
    history.knownAt.kind === 'now'
      ? t('现在（已记录的全部事件）', 'now (everything recorded)')
      : history.knownAt.kind === 'instant'
        ? t(`${beijing(history.asKnownAt)}（北京时间）时已记录的事件`, `events recorded by ${beijing(history.asKnownAt)} (Beijing time)`)
        : t(`日志位置 ${history.asKnownAt} 及之前的事件`, `events at or before log position ${history.asKnownAt}`);
  const effective = history.asEffectiveOn
    ? t(`${history.asEffectiveOn} 当日适用的内容（生效日期晚于该日的事件不计入状态）`, `what applied on ${history.asEffectiveOn} (events effective later do not count)`)
    : t('未设置（全部已知事件均计入）', 'not set (every known event counts)');
  return (
    <Alert
      type={history.knownAt.kind === 'now' && !history.asEffectiveOn ? 'info' : 'warning'}
      showIcon
      icon={<HistoryOutlined />}
      aria-label={t('当前时间轴', 'Current axes')}
      data-testid="axes-summary"
      title={
        <Space orientation="vertical" size={0}>
          <span>
            {t('已知截至', 'As known at')}: <Typography.Text strong>{known}</Typography.Text>
          </span>
          <span>
            {t('生效日期', 'As effective on')}: <Typography.Text strong>{effective}</Typography.Text>
          </span>
        </Space>
      }
      action={fetching ? <Tag color="processing">{t('更新中…', 'Updating…')}</Tag> : undefined}
    />
  );
}

function StateCard({ state, history }: { state: CaseState; history: CaseHistory }) {
  const { lang, t } = useLang();
  return (
    <Section title={t('案件状态（按所选时间轴）', 'Case state (on the axes chosen)')}>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('救助类别', 'Benefit')}>{benefitText(state.benefit, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('行政区划', 'Division')}>{state.divisionCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('状态', 'Status')}>
            <Tag color="blue" data-testid="case-status">
              {caseStatusText(state.status, lang)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('状态起始', 'Status since')}>{beijing(state.statusSince)}</Descriptions.Item>
          <Descriptions.Item label={t('暂停发放', 'Payment suspended')}>{state.paymentSuspended ? t('是', 'yes') : t('否', 'no')}</Descriptions.Item>
          <Descriptions.Item label={t('批准的认定', 'Approved determination')}>
            <Typography.Text code>{shortId(state.approvedDeterminationId)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('案件链', 'Case chain')}>
            <ChainTag intact={history.chain.intact} brokenAt={history.chain.intact ? undefined : history.chain.brokenAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('事件数', 'Events')}>{history.timeline.length}</Descriptions.Item>
        </Descriptions>
        <FactsTable facts={state.facts} label={t('事实（按所选时间轴）', 'Facts (on the axes chosen)')} />
      </Card>
    </Section>
  );
}

function FactsTable({ facts, label }: { facts: CaseState['facts']; label: string }) {
  const { t } = useLang();
  return (
    <Table
      size="small"
      aria-label={label}
      data-testid="facts"
      rowKey="key"
      pagination={false}
      dataSource={facts}
      locale={{ emptyText: t('无已记录的事实', 'No facts recorded') }}
      columns={[
        { title: t('对象', 'Subject'), dataIndex: 'subject', width: 110, render: (s: string) => <Tooltip title={s}><Typography.Text code>{shortId(s)}</Typography.Text></Tooltip> },
        { title: t('类别', 'Kind'), dataIndex: 'kind', width: 150 },
        { title: t('内容', 'Value'), dataIndex: 'value', render: (v: unknown) => valueText(v, t) },
        { title: t('生效自', 'Effective from'), dataIndex: 'effectiveFrom', width: 110 },
        { title: t('记录于（北京时间）', 'Recorded (Beijing)'), dataIndex: 'recordedAt', width: 170, render: (v: string) => beijing(v) },
      ]}
    />
  );
}

function TimelineSection({ history, onKnownAt }: { history: CaseHistory; onKnownAt: (position: string) => void }) {
  const { lang, t } = useLang();
  return (
    <Section title={t('事件（按记录顺序）', 'Events (in recorded order)')}>
      <Table<TimelineEntry>
        size="small"
        aria-label={t('事件', 'Events')}
        rowKey="eventId"
        pagination={false}
        scroll={{ x: 1200 }}
        dataSource={history.timeline}
        rowClassName={(e) => (e.effective ? '' : 'audit-not-effective')}
        expandable={{
          expandedRowRender: (e) => (
            <div aria-label={t(`第 ${e.revision} 号事件之后的状态`, `State after event ${e.revision}`)}>
              <Typography.Text>
                {t('此事件之后的状态', 'State after this event')}: <Tag color="blue">{caseStatusText(e.state.status, lang)}</Tag>
              </Typography.Text>
              <FactsTable facts={e.state.facts} label={t(`第 ${e.revision} 号事件之后的事实`, `Facts after event ${e.revision}`)} />
            </div>
          ),
          expandRowByClick: false,
        }}
        columns={[
          { title: '#', dataIndex: 'revision', width: 48 },
          { title: t('事件', 'Event'), dataIndex: 'type', width: 250, render: (v: string) => <Typography.Text code style={{ wordBreak: 'break-word' }}>{eventName(v)}</Typography.Text> },
          { title: t('记录于（北京时间）', 'Recorded (Beijing)'), dataIndex: 'recordedAt', width: 160, render: (v: string) => beijing(v) },
          { title: t('记录人', 'By'), dataIndex: 'actor', width: 150, render: (a: TimelineEntry['actor']) => (a ? `${a.id} (${a.role})` : '—') },
          { title: t('生效自', 'Effective from'), dataIndex: 'effectiveFrom', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: t('计入', 'Counts'),
            dataIndex: 'effective',
            width: 90,
            render: (v: boolean) => (v ? <Tag color="green">{t('计入', 'counts')}</Tag> : <Tag>{t('尚未生效', 'not yet')}</Tag>),
          },
          { title: t('之后状态', 'Status after'), key: 'status', width: 120, render: (_: unknown, e) => caseStatusText(e.state.status, lang) },
          { title: t('链', 'Chain'), dataIndex: 'chainIntact', width: 100, render: (v: boolean) => <ChainTag intact={v} /> },
          { title: t('日志位置', 'Position'), dataIndex: 'position', width: 110, render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
          {
            title: t('回放', 'Replay'),
            key: 'knownAt',
            width: 110,
            render: (_: unknown, e) => (
              <Button size="small" type="link" aria-label={t(`按第 ${e.revision} 号事件时的已知回放`, `Replay as known at event ${e.revision}`)} onClick={() => onKnownAt(e.position)}>
                {t('当时所知', 'As known then')}
              </Button>
            ),
          },
        ]}
      />
    </Section>
  );
}

function AppliesTag({ applies }: { applies: boolean | null }) {
  const { t } = useLang();
  if (applies === null) return <Typography.Text type="secondary">{t('未设生效日期', 'no date set')}</Typography.Text>;
  return applies ? <Tag color="green" data-applies="true">{t('当日适用', 'In force')}</Tag> : <Tag data-applies="false">{t('当日不适用', 'Not in force')}</Tag>;
}

function DeterminationsSection({ history }: { history: CaseHistory }) {
  const { t } = useLang();
  return (
    <Section title={t('认定（资格与金额）', 'Determinations')}>
      <Table<DeterminationEntry>
        size="small"
        aria-label={t('认定', 'Determinations')}
        rowKey="determinationId"
        pagination={false}
        scroll={{ x: 1000 }}
        dataSource={history.determinations}
        locale={{ emptyText: t('尚无认定', 'No determinations') }}
        expandable={{ expandedRowRender: (d) => <TraceList trace={d.trace} /> }}
        columns={[
          { title: t('认定', 'Determination'), dataIndex: 'determinationId', width: 110, render: (v: string) => <Tooltip title={v}><Typography.Text code>{shortId(v)}</Typography.Text></Tooltip> },
          { title: t('记录于（北京时间）', 'Recorded (Beijing)'), dataIndex: 'recordedAt', width: 170, render: (v: string) => beijing(v) },
          {
            title: t('有效期', 'Effective period'),
            key: 'period',
            width: 200,
            render: (_: unknown, d) => `${d.effectiveFrom ?? '—'} ～ ${d.effectiveTo ?? t('至今', 'open')}`,
          },
          { title: t('资格', 'Eligible'), dataIndex: 'eligible', width: 80, render: (v: boolean | null) => (v === null ? '—' : v ? t('符合', 'yes') : t('不符合', 'no')) },
          { title: t('依据条款', 'Clause'), dataIndex: 'standardRef', render: (v: DeterminationEntry['standardRef']) => <StandardRefText standardRef={v} /> },
          { title: t('规则版本', 'Ruleset'), dataIndex: 'rulesetVersion', width: 100, render: (v: string | null) => v ?? '—' },
          { title: t('被替代', 'Replaced by'), dataIndex: 'replacedBy', width: 100, render: (v: string | null) => (v ? <Typography.Text code>{shortId(v)}</Typography.Text> : '—') },
          { title: t('生效日期当日', 'On the date'), dataIndex: 'appliesOn', width: 110, render: (v: boolean | null) => <AppliesTag applies={v} /> },
          { title: t('链', 'Chain'), dataIndex: 'chainIntact', width: 100, render: (v: boolean) => <ChainTag intact={v} /> },
        ]}
      />
    </Section>
  );
}

function PaymentsSection({ history }: { history: CaseHistory }) {
  const { t } = useLang();
  return (
    <Section title={t('发放及其追溯', 'Payments and their trace')}>
      <Table<PaymentEntry>
        size="small"
        aria-label={t('发放', 'Payments')}
        rowKey="paymentStreamId"
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        scroll={{ x: 1100 }}
        dataSource={history.payments}
        locale={{ emptyText: t('尚无发放', 'No payments') }}
        expandable={{
          expandedRowRender: (p) => (
            <Descriptions size="small" column={1} aria-label={t('发放追溯', 'Payment trace')}>
              <Descriptions.Item label={t('发放流', 'Payment stream')}>
                <Typography.Text code>{p.paymentStreamId}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('待遇计划', 'Schedule')}>
                {p.trace.schedule ? `${p.trace.schedule.streamId} · ${t('版本', 'version')} ${p.trace.schedule.version} · ${t('生效自', 'from')} ${p.trace.schedule.effectiveFrom ?? '—'}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('认定', 'Determination')}>
                {p.trace.determination ? `${p.trace.determination.streamId}@${p.trace.determination.revision} · ${t('规则版本', 'ruleset')} ${p.trace.determination.rulesetVersion ?? '—'}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('计算过程', 'Trace')}>{p.trace.determination ? <TraceList trace={p.trace.determination.trace} /> : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('事件', 'Events')}>{p.events.map((e) => `${e.revision}: ${eventName(e.type)}`).join(' · ')}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('期间', 'Period'), dataIndex: 'periodKey', width: 90, render: (v: string | null) => v ?? '—' },
          { title: t('对象', 'Person'), dataIndex: 'personRef', width: 110, render: (v: string | null) => <Tooltip title={v}><Typography.Text code>{shortId(v)}</Typography.Text></Tooltip> },
          { title: t('金额', 'Amount'), dataIndex: 'amount', width: 110, align: 'right', render: (v: PaymentEntry['amount']) => yuan(v?.fen) },
          { title: t('生成于（北京时间）', 'Created (Beijing)'), dataIndex: 'createdAt', width: 170, render: (v: string) => beijing(v) },
          { title: t('依据条款', 'Clause'), key: 'ref', render: (_: unknown, p) => <StandardRefText standardRef={p.trace.standardRef} /> },
          { title: t('认定', 'Determination'), key: 'det', width: 100, render: (_: unknown, p) => <Typography.Text code>{shortId(p.trace.determinationId)}</Typography.Text> },
          {
            title: t('追溯一致', 'Trace consistent'),
            key: 'consistent',
            width: 100,
            render: (_: unknown, p) => (p.trace.consistent === null ? '—' : p.trace.consistent ? <Tag color="green">{t('一致', 'yes')}</Tag> : <Tag color="red">{t('不一致', 'no')}</Tag>),
          },
          { title: t('生效日期当日', 'On the date'), dataIndex: 'appliesOn', width: 110, render: (v: boolean | null) => <AppliesTag applies={v} /> },
          { title: t('链', 'Chain'), key: 'chain', width: 100, render: (_: unknown, p) => <ChainTag intact={p.chain.intact} /> },
        ]}
      />
    </Section>
  );
}

/** A link to a case's history (used by recomputation and 疑点 pages). */
export function CaseHistoryLink({ caseId }: { caseId: string }) {
  const { can } = useSession();
  if (!can('auditor', 'admin') || !CaseIdSchema.safeParse(caseId).success) return <Typography.Text code>{caseId}</Typography.Text>;
  return (
    <Link to={`/audit/cases/${caseId}/history`}>
      <Typography.Text code>{caseId}</Typography.Text>
    </Link>
  );
}
