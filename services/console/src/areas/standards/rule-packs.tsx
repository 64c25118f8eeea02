import { Flex, Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { benefitText, instant } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { useRulePacks, type RulePackSummary } from './api';
import { PublishPackCard } from './publish-pack';

/**
 * 规则包: every rule pack the eligibility service knows — shipped with the product or published on a
 * standard — with its benefit, jurisdiction, the standard version it is pinned to and whether
 * determinations use it. Administrators also get 发布规则包 (POST /rule-packs).
 */
export function RulePacksPage() {
  const { t } = useLang();
  const { can } = useSession();
  const packs = useRulePacks({ staleTime: 0 });
  return (
    <Page title={t('规则包', 'Rule packs')} extra={<Link to="/standards">{t('标准目录', 'Standards catalog')}</Link>}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {can('admin') ? <PublishPackCard /> : null}
        <Card size="small" title={t('规则包列表', 'Rule packs')}>
          <QueryState query={packs}>{(list) => <RulePackTable packs={list} />}</QueryState>
        </Card>
      </Space>
    </Page>
  );
}

export function SourceTag({ source }: { source: RulePackSummary['source'] }) {
  const { t } = useLang();
  return source === 'published' ? <Tag color="blue">{t('已发布', 'Published')}</Tag> : <Tag>{t('随产品发布', 'Shipped')}</Tag>;
}

function RulePackTable({ packs }: { packs: RulePackSummary[] }) {
  const { t } = useLang();
  return (
    <Table<RulePackSummary>
      size="small"
      rowKey="id"
      aria-label={t('规则包列表', 'Rule packs')}
      dataSource={packs}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 1000 }}
      locale={{ emptyText: t('暂无规则包', 'No rule packs') }}
      columns={[
        {
          title: t('编号', 'Id'),
          dataIndex: 'id',
          render: (id: string) => (
            <Link to={`/rule-packs/${encodeURIComponent(id)}`}>
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {id}
              </Typography.Text>
            </Link>
          ),
        },
        { title: t('待遇', 'Benefit'), dataIndex: 'benefit', width: 90, render: (b: string) => benefitText(b, t) },
        {
          title: t('区划', 'Jurisdiction'),
          key: 'jurisdiction',
          render: (_v, p) => (
            <span>
              {p.jurisdiction.nameZh} <Typography.Text type="secondary">{p.jurisdiction.divisionCode}</Typography.Text>
            </span>
          ),
        },
        {
          title: t('标准', 'Standard'),
          key: 'standard',
          render: (_v, p) => (
            <Flex gap={4} wrap align="center">
              <Link to={`/standards/${encodeURIComponent(p.standard.standardId)}`}>{p.standard.standardId}</Link>
              <Typography.Text code>{p.standard.versionId}</Typography.Text>
            </Flex>
          ),
        },
        { title: t('参数数', 'Parameters'), dataIndex: 'parameterCount', width: 80 },
        {
          title: t('来源', 'Source'),
          key: 'source',
          render: (_v, p) => (
            <Flex gap={4} wrap align="center">
              <SourceTag source={p.source} />
              {p.published ? (
                <Typography.Text type="secondary">
                  {p.published.publishedBy.id} · {instant(p.published.recordedAt)}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          title: t('在用', 'In use'),
          dataIndex: 'inUse',
          width: 80,
          render: (inUse: boolean) => (inUse ? <Tag color="green">{t('是', 'yes')}</Tag> : <Tag>{t('否', 'no')}</Tag>),
        },
      ]}
    />
  );
}
