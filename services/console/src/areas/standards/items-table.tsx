import { Descriptions, Table, Typography } from 'antd';
import { useLang } from '../../i18n';
import type { StandardItem } from './api';

/** A version's items: number, name, category and lines; a row opens to the fields as printed. */
export function ItemsTable({ items, pageSize = 20 }: { items: StandardItem[]; pageSize?: number }) {
  const { t } = useLang();
  return (
    <Table<StandardItem>
      size="small"
      rowKey={(i) => `${i.number}-${i.contentHash}`}
      aria-label={t('条目', 'Items')}
      dataSource={items}
      pagination={{ pageSize, hideOnSinglePage: true, showSizeChanger: false }}
      expandable={{
        expandedRowRender: (item) => (
          <Descriptions size="small" column={1} bordered>
            {Object.entries(item.fields).map(([label, text]) => (
              <Descriptions.Item key={label} label={label}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>
              </Descriptions.Item>
            ))}
          </Descriptions>
        ),
      }}
      columns={[
        { title: t('序号', 'No.'), dataIndex: 'number', width: 80 },
        { title: t('服务项目', 'Item'), dataIndex: 'name' },
        { title: t('类别', 'Category'), key: 'category', render: (_v, i) => [i.category, i.subcategory].filter(Boolean).join(' / ') || '—' },
        { title: t('原文行', 'Lines'), key: 'lines', width: 110, render: (_v, i) => `${i.startLine}–${i.endLine}` },
      ]}
    />
  );
}
