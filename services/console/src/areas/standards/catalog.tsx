import { useState } from 'react';
import { todayInChina } from '../../components/format';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { ImportOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { isDivisionCode } from '@benefits/identity';
import { api } from '../../api/client';
import { useActor, useSession } from '../../auth/session';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { BENEFIT_LABELS, bookTitle, NOT_IN_FORCE, standardTitle, useStandards, type InForce, type StandardSummary, type VersionSummary } from './api';
import { ItemsTable } from './items-table';

/** Whether a division lies within another (330402 within 330400 and 330000). */
export function within(code: string, of: string): boolean {
  const prefix = of.replace(/(00)+$/, '');
  return code.startsWith(prefix);
}

/** 标准目录: every imported standard, and what is in force for a division, benefit and date. */
export function CatalogPage() {
  const { t } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const standards = useStandards();
  const [division, setDivision] = useState('');
  return (
    <Page
      title={t('标准目录', 'Standards catalog')}
      extra={
        can('admin') ? (
          <Button type="primary" icon={<ImportOutlined />} onClick={() => navigate('/standards/import')}>
            {t('导入标准', 'Import a standard')}
          </Button>
        ) : null
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card
          size="small"
          title={t('已导入的标准', 'Imported standards')}
          extra={
            <Input
              allowClear
              aria-label={t('按行政区划筛选', 'Filter by division')}
              placeholder={t('行政区划代码，如 330400', 'Division code, e.g. 330400')}
              value={division}
              onChange={(e) => setDivision(e.target.value.trim())}
              style={{ width: 240 }}
              maxLength={6}
            />
          }
        >
          <QueryState query={standards}>
            {(list) => {
              const shown = division ? list.filter((s) => within(s.divisionCode, division) || within(division, s.divisionCode)) : list;
              return (
                <Table<StandardSummary>
                  size="small"
                  rowKey="standardId"
                  aria-label={t('标准列表', 'Standards')}
                  dataSource={shown}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: t('暂无标准。管理员可导入标准文件。', 'No standards yet. An administrator can import one.') }}
                  columns={[
                    {
                      title: t('标准', 'Standard'),
                      key: 'title',
                      render: (_v, s) => <Link to={`/standards/${s.standardId}`}>{bookTitle(standardTitle(s)) ?? s.standardId}</Link>,
                    },
                    { title: t('行政区划', 'Division'), dataIndex: 'divisionCode', width: 110 },
                    { title: t('版本数', 'Versions'), key: 'versions', width: 90, render: (_v, s) => s.versions.length },
                    {
                      title: t('最新版本', 'Latest version'),
                      key: 'latest',
                      render: (_v, s) => <VersionState version={s.versions[s.versions.length - 1]} />,
                    },
                    { title: t('启用记录', 'Activations'), key: 'activations', width: 100, render: (_v, s) => s.activations.length },
                  ]}
                />
              );
            }}
          </QueryState>
        </Card>
        <InForceCard />
      </Space>
    </Page>
  );
}

export function VersionState({ version }: { version: VersionSummary | undefined }) {
  const { t } = useLang();
  if (!version) return <>—</>;
  return (
    <Flex gap={4} wrap align="center">
      {version.status === 'draft' ? <Tag color="orange">{t('征求意见稿', 'Draft')}</Tag> : version.status === 'final' ? <Tag color="green">{t('正式稿', 'Final')}</Tag> : <Tag>{t('未注明', 'Not stated')}</Tag>}
      {version.effectiveFrom ? (
        <span>
          {t('自', 'from')} {version.effectiveFrom} {t('施行', '')}
        </span>
      ) : null}
      {version.notInForceReason ? <Tag color="red">{t(...(NOT_IN_FORCE[version.notInForceReason] ?? [version.notInForceReason, version.notInForceReason]))}</Tag> : null}
    </Flex>
  );
}

interface InForceQuery {
  division: string;
  benefit: string;
  date: string;
}

/** GET /standards/in-force: the version a division's cases use on a date, with the items that define the benefit. */
function InForceCard() {
  const { t } = useLang();
  const actor = useActor();
  const [query, setQuery] = useState<InForceQuery | null>(null);
  const result = useQuery({
    queryKey: ['eligibility', 'in-force', query],
    enabled: query !== null,
    queryFn: async () => (await api<InForce>('eligibility', '/standards/in-force', { query: { ...query } })).data,
  });
  return (
    <Card size="small" title={t('某日在用的标准', 'In force on a date')}>
      <Form<InForceQuery>
        name="inForce"
        layout="inline"
        aria-label={t('在用标准查询', 'In-force lookup')}
        initialValues={{ division: actor.divisionCode, benefit: 'tefu', date: todayInChina() }}
        onFinish={(v) => setQuery({ division: v.division.trim(), benefit: v.benefit, date: v.date.trim() })}
        style={{ rowGap: 8 }}
      >
        <Form.Item
          name="division"
          label={t('行政区划代码', 'Division code')}
          rules={[{ required: true }, { validator: async (_r, v: string) => { if (v && !isDivisionCode(v.trim())) throw new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code')); } }]}
        >
          <Input maxLength={6} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="benefit" label={t('待遇项目', 'Benefit')} rules={[{ required: true }]}>
          <Select aria-label={t('待遇项目', 'Benefit')} style={{ width: 240 }} options={Object.entries(BENEFIT_LABELS).map(([value, [zh, en]]) => ({ value, label: t(zh, en) }))} />
        </Form.Item>
        <Form.Item name="date" label={t('日期', 'Date')} rules={[{ required: true }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
          <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />}>
            {t('查询', 'Look up')}
          </Button>
        </Form.Item>
      </Form>
      {query ? (
        <div style={{ marginTop: 16 }}>
          <QueryState query={result}>
            {(r) => (
              <section aria-label={t('在用标准结果', 'In-force result')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                  <Descriptions.Item label={t('标准', 'Standard')}>
                    <Link to={`/standards/${r.standardId}`}>{bookTitle(r.title) ?? r.standardId}</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('版本', 'Version')}>
                    <Typography.Text code>{r.versionId}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('生效依据', 'Basis')}>
                    {r.basis === 'document' ? t('文件注明施行日期', 'Dated in the document') : t('经授权启用', 'Activated')} · {t('自', 'from')} {r.effectiveFrom}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('适用区划', 'Resolved at')}>
                    {r.resolvedAt}
                    {r.inherited ? <Tag style={{ marginInlineStart: 8 }}>{t(`沿用上级 ${r.standardDivisionCode}`, `inherited from ${r.standardDivisionCode}`)}</Tag> : null}
                  </Descriptions.Item>
                  {r.activation ? (
                    <Descriptions.Item label={t('启用说明', 'Activation')} span={2}>
                      <Tag color="orange">{r.activation.labelZh}</Tag> {r.activation.reason}
                    </Descriptions.Item>
                  ) : null}
                </Descriptions>
                {r.items.length === 0 ? <Alert type="info" showIcon title={t('此版本没有规定该待遇的条目', 'No item of this version defines the benefit')} /> : null}
                <ItemsTable items={r.items.map((i) => i.item)} />
              </Space>
              </section>
            )}
          </QueryState>
        </div>
      ) : null}
    </Card>
  );
}

