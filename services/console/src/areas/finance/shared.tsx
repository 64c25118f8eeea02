import { useState, type ReactNode } from 'react';
import { Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { api, type ServiceName } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { useLang } from '../../i18n';
import type { Page } from './api';

/** A titled section of a page (its title is its accessible name). */
export function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ marginTop: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

/**
 * A server-paged table (disbursement answers `{items, nextCursor}`): 上一页 / 下一页 walk the cursors;
 * the cursors seen are kept so 上一页 goes back without asking the server for a reverse cursor.
 */
export function CursorTable<T extends object>({
  queryKey,
  path,
  query,
  columns,
  rowKey,
  label,
  pageSize = 20,
  empty,
  service = 'disbursement',
  expandable,
}: {
  service?: ServiceName;
  expandable?: TableProps<T>['expandable'];
  queryKey: unknown[];
  path: string;
  query?: Record<string, string | number | undefined>;
  columns: ColumnsType<T>;
  rowKey: keyof T & string;
  label: string;
  pageSize?: number;
  empty?: string;
}) {
  const { t } = useLang();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: [...queryKey, pageSize, cursor],
    queryFn: async () => (await api<Page<T>>(service, path, { query: { ...query, limit: pageSize, cursor: cursor ?? undefined } })).data,
  });
  if (page.isError) return <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />;
  return (
    <div>
      <Table<T>
        size="small"
        aria-label={label}
        rowKey={rowKey}
        loading={page.isPending || page.isFetching}
        dataSource={page.data?.items ?? []}
        columns={columns}
        expandable={expandable}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: empty ?? t('暂无数据', 'Nothing here') }}
      />
      <Space style={{ marginTop: 8 }}>
        <Button size="small" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('上一页', 'Previous')}
        </Button>
        <Typography.Text type="secondary">{t(`第 ${cursors.length} 页`, `Page ${cursors.length}`)}</Typography.Text>
        <Button size="small" disabled={!page.data?.nextCursor} onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor])}>
          {t('下一页', 'Next')}
        </Button>
      </Space>
    </div>
  );
}

/** A long id in a cell: monospace, copyable. */
export function IdText({ id }: { id: string | null | undefined }) {
  if (!id) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text code copyable={{ text: id }} style={{ fontSize: 12 }}>
      {id}
    </Typography.Text>
  );
}

export function ColorTag({ color, children, data }: { color: string; children: ReactNode; data?: string }) {
  return (
    <Tag color={color} data-status={data}>
      {children}
    </Tag>
  );
}
