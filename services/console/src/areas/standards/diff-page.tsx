import { Alert, Card, Flex, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { bookTitle, standardTitle, useStandardDetail, type StandardDetail, type StandardDiff } from './api';

/** 条目比较: the items two editions add, remove and change, field by field (GET /standards/{id}/diff). */
export function DiffPage() {
  const { standardId = '' } = useParams();
  const { t } = useLang();
  const detail = useStandardDetail(standardId);
  return (
    <QueryState query={detail}>
      {(s) => (
        <Page title={`${t('条目比较', 'Item comparison')} · ${bookTitle(standardTitle(s)) ?? s.standardId}`} extra={<Link to={`/standards/${s.standardId}`}>{t('返回标准', 'Back to the standard')}</Link>}>
          <DiffBody standard={s} />
        </Page>
      )}
    </QueryState>
  );
}

function DiffBody({ standard }: { standard: StandardDetail }) {
  const { t } = useLang();
  const [params, setParams] = useSearchParams();
  const versions = standard.versions;
  const from = params.get('from') ?? versions[Math.max(0, versions.length - 2)]?.versionId ?? '';
  const to = params.get('to') ?? versions[versions.length - 1]?.versionId ?? '';
  const diff = useQuery({
    queryKey: ['eligibility', 'standard-diff', standard.standardId, from, to],
    enabled: !!from && !!to,
    queryFn: async () => (await api<StandardDiff>('eligibility', `/standards/${standard.standardId}/diff`, { query: { from, to } })).data,
  });
  const options = versions.map((v) => ({ value: v.versionId, label: `${v.versionId} · ${v.effectiveFrom ?? t('未注明日期', 'undated')}${v.docNo ? ` · ${v.docNo}` : ''}` }));
  const set = (key: 'from' | 'to', value: string) => setParams({ from, to, [key]: value }, { replace: true });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex gap={8} wrap align="center">
        <span>{t('从', 'From')}</span>
        <Select id="compare-from" aria-label={t('比较起始版本', 'From version')} style={{ minWidth: 280 }} value={from || undefined} onChange={(v) => set('from', v)} options={options} />
        <span>{t('到', 'to')}</span>
        <Select id="compare-to" aria-label={t('比较目标版本', 'To version')} style={{ minWidth: 280 }} value={to || undefined} onChange={(v) => set('to', v)} options={options} />
      </Flex>
      {versions.length < 2 ? <Alert type="info" showIcon title={t('此标准只有一个版本，可导入新版次后比较。', 'This standard has one version; import another edition to compare.')} /> : null}
      <QueryState query={diff}>
        {(d) => (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Flex gap={32} wrap>
              <Statistic title={t('新增条目', 'Added')} value={d.added.length} />
              <Statistic title={t('删除条目', 'Removed')} value={d.removed.length} />
              <Statistic title={t('修改条目', 'Changed')} value={d.changed.length} />
              <Statistic title={t('未变条目', 'Unchanged')} value={d.unchanged} />
            </Flex>
            <Card size="small" title={t('修改的条目', 'Changed items')}>
              {d.changed.length === 0 ? (
                <Typography.Text type="secondary">{t('无', 'None')}</Typography.Text>
              ) : (
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  {d.changed.map((c) => (
                    <Card
                      key={`${c.name}-${c.to.number}`}
                      size="small"
                      type="inner"
                      aria-label={`${t('修改的条目', 'Changed item')} ${c.name}`}
                      title={
                        <Flex gap={8} wrap align="center">
                          <span>{c.name}</span>
                          <Tag>{c.from.number === c.to.number ? t(`第 ${c.to.number} 项`, `item ${c.to.number}`) : t(`第 ${c.from.number} 项 → 第 ${c.to.number} 项`, `item ${c.from.number} → ${c.to.number}`)}</Tag>
                          {c.to.category ? <Typography.Text type="secondary">{c.to.category}</Typography.Text> : null}
                        </Flex>
                      }
                    >
                      <Table
                        size="small"
                        pagination={false}
                        rowKey="field"
                        dataSource={c.changes}
                        columns={[
                          { title: t('字段', 'Field'), dataIndex: 'field', width: 110 },
                          { title: t('原文', 'Before'), dataIndex: 'from', render: (v: string | null, row) => <ChangedText text={v} other={row.to} kind="del" /> },
                          { title: t('新文', 'After'), dataIndex: 'to', render: (v: string | null, row) => <ChangedText text={v} other={row.from} kind="ins" /> },
                        ]}
                      />
                    </Card>
                  ))}
                </Space>
              )}
            </Card>
            <Card size="small" title={t('新增与删除的条目', 'Added and removed items')}>
              <Table
                size="small"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                rowKey={(r) => `${r.change}-${r.number}-${r.contentHash}`}
                locale={{ emptyText: t('无', 'None') }}
                dataSource={[...d.added.map((i) => ({ ...i, change: 'added' as const })), ...d.removed.map((i) => ({ ...i, change: 'removed' as const }))]}
                columns={[
                  { title: t('变化', 'Change'), dataIndex: 'change', width: 90, render: (c: string) => (c === 'added' ? <Tag color="green">{t('新增', 'added')}</Tag> : <Tag color="red">{t('删除', 'removed')}</Tag>) },
                  { title: t('序号', 'No.'), dataIndex: 'number', width: 80 },
                  { title: t('服务项目', 'Item'), dataIndex: 'name' },
                  { title: t('类别', 'Category'), dataIndex: 'category', render: (c: string | null) => c ?? '—' },
                ]}
              />
            </Card>
          </Space>
        )}
      </QueryState>
    </Space>
  );
}

/** The part of a field that differs from the other edition's, between the common start and end. */
export function changedSpan(text: string, other: string | null): [number, number] {
  if (other === null) return [0, text.length];
  let start = 0;
  while (start < text.length && start < other.length && text[start] === other[start]) start++;
  let end = 0;
  while (end < text.length - start && end < other.length - start && text[text.length - 1 - end] === other[other.length - 1 - end]) end++;
  return [start, text.length - end];
}

function ChangedText({ text, other, kind }: { text: string | null; other: string | null; kind: 'del' | 'ins' }) {
  const { t } = useLang();
  if (text === null) return <Typography.Text type="secondary">{t('（无）', '(none)')}</Typography.Text>;
  const [start, end] = changedSpan(text, other);
  return (
    <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
      {text.slice(0, start)}
      {end > start ? (
        <mark style={{ background: kind === 'del' ? '#ffccc7' : '#d9f7be', padding: 0 }} aria-label={kind === 'del' ? t('删去', 'removed') : t('新增', 'added')}>
          {kind === 'del' ? <del>{text.slice(start, end)}</del> : <ins style={{ textDecoration: 'none' }}>{text.slice(start, end)}</ins>}
        </mark>
      ) : null}
      {text.slice(end)}
    </Typography.Paragraph>
  );
}
