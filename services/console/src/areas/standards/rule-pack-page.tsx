import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, List, Space, Table, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isDivisionCode } from '@benefits/identity';
import { api } from '../../api/client';
import { useActor } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatValue } from '../../components/explanation';
import { benefitText, instant, todayInChina } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { isIsoDate, useRulePack, useRulePacks, type LoadedRulePack, type RulePackSummary } from './api';
import { SourceTag } from './rule-packs';

/**
 * A rule pack: where it comes from (shipped, or published by whom and when), whether its standard
 * version needs an activation, each parameter with its value and the words of the standard it quotes
 * (item, field, line), the named readings it applies, and 适用检查 — whether a division's cases use it
 * on a date (GET /rule-packs/{id}?division&date).
 */
export function RulePackPage() {
  const { packId = '' } = useParams();
  const { t } = useLang();
  const pack = useRulePack(packId);
  const packs = useRulePacks({ staleTime: 0 });
  const summary = packs.data?.find((p) => p.id === packId) ?? null;
  return (
    <Page title={t(`规则包 ${packId}`, `Rule pack ${packId}`)} extra={<Link to="/rule-packs">{t('返回规则包列表', 'Back to the rule packs')}</Link>}>
      <QueryState query={pack}>
        {(p) => (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <PackFacts pack={p} summary={summary} />
            <Card size="small" title={t('参数', 'Parameters')}>
              <ParametersTable pack={p} />
            </Card>
            <Card size="small" title={t('解读', 'Readings')}>
              <ReadingsList readings={p.readings} />
            </Card>
            <UsageCheck packId={p.id} />
          </Space>
        )}
      </QueryState>
    </Page>
  );
}

function PackFacts({ pack, summary }: { pack: LoadedRulePack; summary: RulePackSummary | null }) {
  const { t } = useLang();
  const standard = summary?.standard ?? (pack.parameters[0] ? { standardId: pack.parameters[0].standardRef.standardId, versionId: pack.parameters[0].standardRef.versionId } : null);
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} aria-label={t('规则包概况', 'About the pack')}>
      <Descriptions.Item label={t('编号', 'Id')}>
        <Typography.Text code>{pack.id}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('待遇', 'Benefit')}>{benefitText(pack.benefit, t)}</Descriptions.Item>
      {summary ? (
        <Descriptions.Item label={t('区划', 'Jurisdiction')}>
          {summary.jurisdiction.nameZh} <Typography.Text type="secondary">{summary.jurisdiction.divisionCode}</Typography.Text>
        </Descriptions.Item>
      ) : null}
      {standard ? (
        <Descriptions.Item label={t('标准', 'Standard')}>
          <Link to={`/standards/${encodeURIComponent(standard.standardId)}`}>{standard.standardId}</Link> <Typography.Text code>{standard.versionId}</Typography.Text>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('来源', 'Source')}>
        <SourceTag source={pack.source} />
        {summary ? summary.inUse ? <Tag color="green">{t('在用', 'In use')}</Tag> : <Tag>{t('未在用（已被取代）', 'Not in use (replaced)')}</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('启用要求', 'Activation')}>
        {pack.requiresActivation ? (
          <Tag color="orange">{t('标准版本未注明施行日期或为征求意见稿：须为区划启用后才会被使用', 'The version is undated or a draft: used only once activated for a division')}</Tag>
        ) : (
          <span>{t('标准版本载明施行日期，无需启用', 'The version is dated; no activation needed')}</span>
        )}
      </Descriptions.Item>
      {pack.published ? (
        <>
          <Descriptions.Item label={t('发布人', 'Published by')}>
            {pack.published.publishedBy.id} <Typography.Text type="secondary">{[pack.published.publishedBy.role, pack.published.publishedBy.divisionCode].filter(Boolean).join(' · ')}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('发布时间', 'Published at')}>{instant(pack.published.recordedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('内容摘要', 'Pack hash')} span={2}>
            <Typography.Text code copyable>
              {pack.published.packHash}
            </Typography.Text>
          </Descriptions.Item>
          {pack.published.supersedes ? (
            <Descriptions.Item label={t('取代', 'Supersedes')} span={2}>
              <Link to={`/rule-packs/${encodeURIComponent(pack.published.supersedes)}`}>{pack.published.supersedes}</Link>
            </Descriptions.Item>
          ) : null}
        </>
      ) : null}
      {summary?.note ? (
        <Descriptions.Item label={t('说明', 'Note')} span={2}>
          {summary.note}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

type Parameter = LoadedRulePack['parameters'][number];

function ParametersTable({ pack }: { pack: LoadedRulePack }) {
  const { t } = useLang();
  return (
    <Table<Parameter>
      size="small"
      rowKey="key"
      aria-label={t('参数', 'Parameters')}
      dataSource={pack.parameters}
      pagination={false}
      scroll={{ x: 1150 }}
      columns={[
        {
          title: t('参数', 'Key'),
          dataIndex: 'key',
          width: 250,
          render: (k: string) => (
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {k}
            </Typography.Text>
          ),
        },
        { title: t('说明', 'Description'), dataIndex: 'descriptionZh', width: 220 },
        { title: t('值', 'Value'), key: 'value', width: 170, render: (_v, p) => formatValue(p.value, t) },
        { title: t('条目', 'Item'), key: 'itemNo', width: 70, render: (_v, p) => p.citation.itemNo },
        { title: t('字段', 'Field'), key: 'field', width: 90, render: (_v, p) => p.citation.field },
        { title: t('原文', 'Quote'), key: 'quote', render: (_v, p) => p.citation.quote },
        { title: t('行', 'Line'), key: 'line', width: 60, render: (_v, p) => p.citation.line },
      ]}
    />
  );
}

function ReadingsList({ readings }: { readings: LoadedRulePack['readings'] }) {
  const { t } = useLang();
  return (
    <List
      size="small"
      aria-label={t('解读列表', 'Readings')}
      dataSource={readings}
      locale={{ emptyText: t('未列出解读', 'No readings listed') }}
      renderItem={(r) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <span>
              <Typography.Text code>{r.id}</Typography.Text> {r.questionZh}
            </span>
            <Typography.Text type="secondary">
              {t('采用', 'Reading')}: {r.defaultEn} · {t('依据', 'Source')}: {r.source}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

interface UsageQuery {
  division: string;
  date: string;
}

/** The activation labels the service puts on a use through an activation (travelling into every trace). */
const ACTIVATION_LABELS: Record<string, [string, string]> = {
  'activated-draft': ['征求意见稿，经授权启用', 'draft, activated'],
  'activated-undated': ['文件未注明施行日期，经授权启用', 'undated document, activated'],
  'activated-unconfirmed': ['文件未注明是否正式稿，经授权启用', 'status not stated, activated'],
  'activated-final': ['经授权启用', 'activated'],
};

/** 适用检查: GET /rule-packs/{id}?division&date — the basis on which a division's cases use the pack on a date, or the refusal. */
function UsageCheck({ packId }: { packId: string }) {
  const { t } = useLang();
  const actor = useActor();
  const [query, setQuery] = useState<(UsageQuery & { attempt: number }) | null>(null);
  const result = useQuery({
    // Each 检查 asks again (the attempt is in the key), so a repeated check reflects a new activation.
    queryKey: ['eligibility', 'rule-pack', packId, 'usage', query],
    enabled: query !== null,
    retry: false,
    queryFn: async () => (await api<LoadedRulePack>('eligibility', `/rule-packs/${encodeURIComponent(packId)}`, { query: { division: query?.division, date: query?.date } })).data.usage,
  });
  return (
    <Card size="small" title={t('适用检查', 'Does a division use it?')}>
      <Form<UsageQuery>
        name="packUsage"
        layout="inline"
        aria-label={t('适用检查', 'Usage check')}
        initialValues={{ division: actor.divisionCode, date: todayInChina() }}
        onFinish={(v) => setQuery((q) => ({ division: v.division.trim(), date: v.date.trim(), attempt: (q?.attempt ?? 0) + 1 }))}
        style={{ rowGap: 8 }}
      >
        <Form.Item
          name="division"
          label={t('行政区划代码', 'Division code')}
          rules={[
            { required: true, message: t('请填写区划代码', 'Enter a division code') },
            {
              validator: async (_r, v: string) => {
                if (v && !isDivisionCode(v.trim())) throw new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code'));
              },
            },
          ]}
        >
          <Input maxLength={6} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item
          name="date"
          label={t('日期', 'Date')}
          rules={[
            { required: true, message: t('请填写日期', 'Enter a date') },
            {
              validator: async (_r, v: string) => {
                if (v && !isIsoDate(v.trim())) throw new Error(t('日期格式为 YYYY-MM-DD', 'Use YYYY-MM-DD'));
              },
            },
          ]}
        >
          <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />}>
            {t('检查', 'Check')}
          </Button>
        </Form.Item>
      </Form>
      {query ? (
        <section aria-label={t('适用检查结果', 'Usage result')} style={{ marginTop: 16 }}>
          {result.isPending ? (
            <Typography.Text type="secondary">{t('查询中…', 'Checking…')}</Typography.Text>
          ) : result.isError ? (
            <ErrorAlert error={result.error} title={t(`${query.division} 在 ${query.date} 不使用此规则包`, `${query.division} does not use this pack on ${query.date}`)} />
          ) : result.data ? (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('适用', 'Used')}>
                <Tag color="green">{t(`${result.data.division} 在 ${result.data.date} 使用此规则包`, `${result.data.division} uses it on ${result.data.date}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('依据', 'Basis')}>
                {result.data.basis === 'document' ? t('文件载明施行日期', 'Dated in the document') : t('经授权启用', 'Activated')}
                {result.data.activationLabel ? (
                  <Tag color="orange" style={{ marginInlineStart: 8 }}>
                    {ACTIVATION_LABELS[result.data.activationLabel] ? t(...ACTIVATION_LABELS[result.data.activationLabel]) : result.data.activationLabel}
                  </Tag>
                ) : null}
              </Descriptions.Item>
            </Descriptions>
          ) : null}
        </section>
      ) : null}
    </Card>
  );
}
