import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { z } from '@benefits/http';
import type { CaseListItemSchema, CaseListSchema } from '../../../../../applications/src/case-index/case-list.schemas';
import { CASE_LIST_SORTS } from '../../../../../applications/src/case-index/case-list.schemas';
import { api } from '../../../api/client';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { instant } from '../../../components/format';
import { Page } from '../../../components/page';
import { useLang } from '../../../i18n';
import { benefitName, useCaseBenefits } from '../modules/descriptors';
import { BENEFIT_COLORS, BENEFIT_LABELS, BENEFITS, daysBetween, DUE_KINDS, dueWords, statusLabel, statusOptions, type Benefit } from './labels';

type CaseList = z.infer<typeof CaseListSchema>;
type CaseListItem = z.infer<typeof CaseListItemSchema>;

/** The filters; none of them can hold personal data, so they live in the URL query (back from a case keeps them). */
interface Filters {
  /** A shipped benefit or one registered as a module. */
  benefit?: string;
  status?: string;
  division?: string;
  dueKind?: string;
  dueBefore?: string;
  overdue?: boolean;
  sort?: (typeof CASE_LIST_SORTS)[number];
}

const FILTER_KEYS = ['benefit', 'status', 'division', 'dueKind', 'dueBefore', 'overdue', 'sort'] as const;
const PAGE_SIZE = 20;

function filtersOf(params: URLSearchParams): Filters {
  const benefit = params.get('benefit');
  const sort = params.get('sort');
  return {
    benefit: benefit && /^[a-z]{2,32}$/.test(benefit) ? benefit : undefined,
    status: params.get('status') || undefined,
    division: params.get('division') || undefined,
    dueKind: params.get('dueKind') || undefined,
    dueBefore: params.get('dueBefore') || undefined,
    overdue: params.get('overdue') === 'true' || undefined,
    sort: (CASE_LIST_SORTS as readonly string[]).includes(sort ?? '') ? (sort as Filters['sort']) : undefined,
  };
}

export const caseHref = (item: Pick<CaseListItem, 'benefit' | 'caseId'>) => `/cases/${item.benefit}/${item.caseId}`;

/** 案件列表: every benefit's cases of the officer's division, filtered, with their deadlines; a row opens the case. */
export function QueuePage() {
  const { lang, t } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  // Cursors of the pages before the current one (the first page has none).
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const [form] = Form.useForm<Filters>();
  // The URL is the filters' truth (the menu, back and forward change it): the form and the pages follow.
  const paramsKey = params.toString();
  useEffect(() => {
    form.setFieldsValue({ benefit: undefined, status: undefined, division: undefined, dueKind: undefined, dueBefore: undefined, overdue: false, sort: undefined, ...filters });
    setCursors([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paramsKey]);

  const query = useQuery({
    queryKey: ['applications', 'cases', filters, cursor ?? null],
    queryFn: async ({ signal }) =>
      (
        await api<CaseList>('applications', '/cases', {
          query: { ...filters, overdue: filters.overdue ? 'true' : undefined, limit: PAGE_SIZE, cursor },
          signal,
        })
      ).data,
    placeholderData: keepPreviousData,
  });

  const apply = (values: Filters) => {
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const v = values[key];
      if (v !== undefined && v !== null && v !== '' && v !== false) next.set(key, String(v));
    }
    setCursors([]);
    // 查询 with the same filters asks again (the officer wants the latest).
    if (next.toString() === params.toString()) void query.refetch();
    else setParams(next);
  };

  const benefit = Form.useWatch('benefit', form) as string | undefined;
  // Benefits registered as modules: their names and status words come from applications.
  const registered = useCaseBenefits().data ?? [];
  const moduleOf = (b: string) => registered.find((d) => d.benefit === b);
  const dueKindOptions = Object.entries(DUE_KINDS)
    .filter(([, k]) => !benefit || k.benefit === benefit)
    .map(([value, k]) => ({ value, label: `${BENEFIT_LABELS[k.benefit][lang === 'zh' ? 0 : 1].split(' (')[0]} · ${k.label[lang === 'zh' ? 0 : 1]}` }));

  const data = query.data;
  return (
    <Page
      title={t('案件列表', 'Case list')}
      extra={
        can('intake_officer', 'case_officer') ? (
          <Link to="/cases/new/dibao">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('受理申请', 'New application')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          form={form}
          layout="inline"
          initialValues={filters}
          onFinish={apply}
          aria-label={t('筛选条件', 'Filters')}
          style={{ rowGap: 8 }}
          onValuesChange={(changed: Partial<Filters>) => {
            // A status or due kind of another benefit would find nothing.
            if ('benefit' in changed) form.setFieldsValue({ status: undefined, dueKind: undefined });
          }}
        >
          <Form.Item label={t('救助类别', 'Benefit')} name="benefit">
            <Select
              allowClear
              aria-label={t('救助类别', 'Benefit')}
              placeholder={t('全部', 'All')}
              style={{ width: lang === 'zh' ? 140 : 230 }}
              options={[
                ...BENEFITS.map((b) => ({ value: b, label: BENEFIT_LABELS[b][lang === 'zh' ? 0 : 1] })),
                ...registered.map((d) => ({ value: d.benefit, label: d.nameZh })),
              ]}
            />
          </Form.Item>
          <Form.Item label={t('状态', 'Status')} name="status">
            <Select allowClear aria-label={t('状态', 'Status')} placeholder={t('全部', 'All')} style={{ width: 170 }} options={
                benefit && !BENEFITS.includes(benefit as Benefit)
                  ? Object.entries(moduleOf(benefit)?.statusLabelsZh ?? {}).map(([value, label]) => ({ value, label }))
                  : statusOptions(benefit as Benefit | undefined, lang)
              }
            />
          </Form.Item>
          <Form.Item
            label={t('行政区划', 'Division')}
            name="division"
            rules={[{ pattern: /^\d{6}$/, message: t('请输入 6 位行政区划代码', 'Enter a 6-digit division code') }]}
            tooltip={t('留空为本区划及下级区划', 'Empty: your division and those under it')}
          >
            <Input aria-label={t('行政区划', 'Division')} placeholder={t('本区划', 'Yours')} style={{ width: 110 }} maxLength={6} inputMode="numeric" />
          </Form.Item>
          <Form.Item label={t('时限类型', 'Deadline')} name="dueKind">
            <Select allowClear aria-label={t('时限类型', 'Deadline')} placeholder={t('全部', 'All')} style={{ width: 210 }} options={dueKindOptions} />
          </Form.Item>
          <Form.Item
            label={t('到期早于', 'Due before')}
            name="dueBefore"
            rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('格式 YYYY-MM-DD', 'Format YYYY-MM-DD') }]}
          >
            <Input aria-label={t('到期早于', 'Due before')} placeholder="YYYY-MM-DD" style={{ width: 120 }} maxLength={10} />
          </Form.Item>
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>{t('仅看已逾期', 'Overdue only')}</Checkbox>
          </Form.Item>
          <Form.Item label={t('排序', 'Sort')} name="sort">
            <Select
              aria-label={t('排序', 'Sort')}
              placeholder={t('最近更新在前', 'Recently changed first')}
              allowClear
              style={{ width: lang === 'zh' ? 150 : 230 }}
              options={[
                { value: '-updatedAt', label: t('最近更新在前', 'Recently changed first') },
                { value: 'updatedAt', label: t('最早更新在前', 'Least recently changed first') },
                { value: '-openedOn', label: t('最新申请在前', 'Newest application first') },
                { value: 'openedOn', label: t('最早申请在前', 'Oldest application first') },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('查询', 'Search')}
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({ benefit: undefined, status: undefined, division: undefined, dueKind: undefined, dueBefore: undefined, overdue: false, sort: undefined });
                  apply({});
                }}
              >
                {t('重置', 'Reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      {query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {data && !data.caughtUp ? (
            <Alert
              type="warning"
              showIcon
              title={t('列表正在更新，最近的变动可能尚未显示', 'The list is catching up; the latest changes may not show yet')}
              action={
                <Button size="small" icon={<ReloadOutlined />} onClick={() => void query.refetch()}>
                  {t('刷新', 'Refresh')}
                </Button>
              }
            />
          ) : null}
          <Table<CaseListItem>
            size="middle"
            rowKey="caseId"
            aria-label={t('案件', 'Cases')}
            loading={query.isFetching}
            dataSource={data?.items ?? []}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: query.isPending ? t('加载中…', 'Loading…') : t('没有符合条件的案件', 'No cases match') }}
            onRow={(item) => ({
              onClick: (event) => {
                if ((event.target as HTMLElement).closest('a,button')) return;
                navigate(caseHref(item));
              },
              style: { cursor: 'pointer' },
            })}
            columns={[
              {
                title: t('案件编号', 'Case'),
                dataIndex: 'caseId',
                width: 150,
                render: (caseId: string, item) => (
                  <Link to={caseHref(item)} aria-label={`${t('打开案件', 'Open case')} ${caseId}`} style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
                    {caseId}
                  </Link>
                ),
              },
              {
                title: t('救助类别', 'Benefit'),
                dataIndex: 'benefit',
                width: 110,
                render: (b: Benefit) => <Tag color={BENEFIT_COLORS[b]}>{benefitName(b, BENEFIT_LABELS, registered)[lang === 'zh' ? 0 : 1]}</Tag>,
              },
              { title: t('行政区划', 'Division'), dataIndex: 'divisionCode', width: 90 },
              {
                title: t('状态', 'Status'),
                dataIndex: 'status',
                width: 150,
                render: (status: string, item) => <span data-status={status}>{moduleOf(item.benefit)?.statusLabelsZh[status] ?? statusLabel(item.benefit, status, lang)}</span>,
              },
              { title: t('申请日期', 'Applied on'), dataIndex: 'openedOn', width: 110 },
              {
                title: t('办理时限', 'Deadlines'),
                dataIndex: 'due',
                render: (_: unknown, item) => <DueList item={item} today={data?.today ?? ''} />,
              },
              { title: t('最近更新', 'Last change'), dataIndex: 'updatedAt', width: 140, render: (v: string) => instant(v) },
            ]}
          />
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text type="secondary">
              {t(`第 ${cursors.length + 1} 页，本页 ${data?.items.length ?? 0} 件`, `Page ${cursors.length + 1}, ${data?.items.length ?? 0} on this page`)}
              {data ? ` · ${t('今日', 'Today')} ${data.today}` : ''}
            </Typography.Text>
            <Space>
              <Button icon={<LeftOutlined />} disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t('上一页', 'Previous')}
              </Button>
              <Button
                disabled={!data?.nextCursor || query.isPlaceholderData}
                onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor as string])}
              >
                {t('下一页', 'Next')} <RightOutlined />
              </Button>
            </Space>
          </Flex>
        </Space>
      )}
    </Page>
  );
}

/** Open due items, earliest first: what, until when (the limit it comes from on hover), and days left or overdue. */
function DueList({ item, today }: { item: CaseListItem; today: string }) {
  const { lang, t } = useLang();
  if (item.due.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      {item.due.map((d) => {
        const days = today ? daysBetween(today, d.dueOn) : null;
        const overdue = days !== null && days < 0;
        const { label, limit } = dueWords(d.kind, item.status, lang);
        return (
          <span key={`${d.kind}-${d.dueOn}`} data-due-kind={d.kind} data-overdue={overdue ? 'true' : 'false'} style={{ display: 'block', color: overdue ? '#cf1322' : undefined, fontWeight: overdue ? 600 : undefined }}>
            {label}
            {limit ? <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', color: overdue ? '#cf1322' : undefined }}>（{limit}）</Typography.Text> : null}
            ：{d.dueOn}{' '}
            {days === null ? null : overdue ? (
              <Tag color="error">{t(`逾期 ${-days} 天`, `${-days} days overdue`)}</Tag>
            ) : days === 0 ? (
              <Tag color="warning">{t('今日到期', 'due today')}</Tag>
            ) : (
              <Tag color={days <= 3 ? 'warning' : 'default'}>{t(`剩 ${days} 天`, `${days} days left`)}</Tag>
            )}
          </span>
        );
      })}
    </Space>
  );
}
