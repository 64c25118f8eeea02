import { Button, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { problemOf } from '../../api/errors';
import { useSession } from '../../auth/session';
import { useLang } from '../../i18n';
import { verifyStream, type CaseHistory, type ChainReport } from './api';
import { ChainTag, Section } from './shared';

/** Every stream the history names: the case, its determinations, its schedule and its payments. */
export function streamsOf(history: CaseHistory): { streamId: string; kind: 'case' | 'determination' | 'schedule' | 'payment' }[] {
  const seen = new Map<string, 'case' | 'determination' | 'schedule' | 'payment'>();
  seen.set(history.streamId, 'case');
  for (const d of history.determinations) if (!seen.has(d.streamId)) seen.set(d.streamId, 'determination');
  for (const p of history.payments) {
    if (p.trace.schedule && !seen.has(p.trace.schedule.streamId)) seen.set(p.trace.schedule.streamId, 'schedule');
    if (p.trace.determination && !seen.has(p.trace.determination.streamId)) seen.set(p.trace.determination.streamId, 'determination');
  }
  for (const p of history.payments) if (!seen.has(p.paymentStreamId)) seen.set(p.paymentStreamId, 'payment');
  return [...seen].map(([streamId, kind]) => ({ streamId, kind }));
}

/**
 * 链校验: each of the case's streams verified by the audit service (GET /audit/streams/{id}/verify)
 * — the stream as stored now, whatever the time axes of the history above.
 */
export function ChainCard({ history }: { history: CaseHistory }) {
  const { t } = useLang();
  const { can } = useSession();
  const streams = streamsOf(history);
  const results = useQueries({
    queries: streams.map((s) => ({
      queryKey: ['audit', 'verify', s.streamId],
      queryFn: ({ signal }: { signal: AbortSignal }) => verifyStream(s.streamId, signal),
      staleTime: 30_000,
    })),
  });
  const done = results.filter((r) => r.isSuccess).length;
  const broken = results.filter((r) => r.data && !r.data.intact).length;
  const failed = results.filter((r) => r.isError).length;
  const KIND: Record<string, string> = { case: t('案件', 'case'), determination: t('认定', 'determination'), schedule: t('待遇计划', 'schedule'), payment: t('发放', 'payment') };
  return (
    <Section
      title={t('链校验（当前存储）', 'Chain verification (as stored now)')}
      extra={
        <span>
          <Typography.Text data-testid="chain-summary" data-ok={done === streams.length && broken === 0 ? 'true' : 'false'}>
            {done < streams.length && failed === 0
              ? t(`校验中 ${done}/${streams.length}`, `Verifying ${done}/${streams.length}`)
              : broken === 0 && failed === 0
                ? t(`全部 ${streams.length} 条流完整`, `All ${streams.length} streams intact`)
                : t(`${broken} 条断裂，${failed} 条无法校验`, `${broken} broken, ${failed} could not be verified`)}
          </Typography.Text>{' '}
          <Button size="small" icon={<ReloadOutlined />} onClick={() => results.forEach((r) => void r.refetch())}>
            {t('重新校验', 'Verify again')}
          </Button>
          {can('auditor', 'admin') ? (
            <Link to="/audit/integrity" style={{ marginInlineStart: 8 }}>
              {t('全量校验与锚定', 'Verify all & anchors')}
            </Link>
          ) : null}
        </span>
      }
    >
      <Table
        size="small"
        aria-label={t('链校验', 'Chain verification')}
        rowKey="streamId"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={streams.map((s, i) => ({ ...s, result: results[i] }))}
        columns={[
          { title: t('流', 'Stream'), dataIndex: 'streamId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('类别', 'Kind'), dataIndex: 'kind', width: 100, render: (v: string) => KIND[v] ?? v },
          {
            title: t('校验结果', 'Verdict'),
            key: 'verdict',
            width: 260,
            render: (_: unknown, row) => {
              const r = row.result;
              if (r.isPending) return <Tag color="processing">{t('校验中…', 'Verifying…')}</Tag>;
              if (r.isError) {
                const p = problemOf(r.error);
                return <Tag color="warning">{`${p.code}`}</Tag>;
              }
              const v = r.data as ChainReport;
              return (
                <span>
                  <ChainTag intact={v.intact} brokenAt={v.intact ? undefined : v.brokenAt} reason={v.intact ? undefined : v.reason} />
                  <Typography.Text type="secondary">{t(`${v.length} 个事件`, `${v.length} events`)}</Typography.Text>
                </span>
              );
            },
          },
          {
            title: t('链头哈希', 'Head hash'),
            key: 'head',
            width: 160,
            render: (_: unknown, row) => (row.result.data?.intact ? <Typography.Text type="secondary" copyable={{ text: row.result.data.head }}>{row.result.data.head.slice(0, 12)}…</Typography.Text> : '—'),
          },
        ]}
      />
    </Section>
  );
}
