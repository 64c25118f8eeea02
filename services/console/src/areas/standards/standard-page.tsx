import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Result, Select, Space, Table, Tag, Typography } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { isDivisionCode } from '@benefits/identity';
import { api } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { instant } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { BENEFIT_LABELS, bookTitle, standardTitle, useStandardDetail, type Activation, type StandardDetail, type StandardItem, type Stated, type VersionSummary } from './api';
import { VersionState, within } from './catalog';
import { ItemsTable } from './items-table';
import { OpenWarningsList, ParseWarnings } from './parse-warnings';
import { problemOf } from '../../api/errors';

/** A standard: its editions, the items of one, the comparison of two, and its activations. */
export function StandardPage() {
  const { standardId = '' } = useParams();
  const { t } = useLang();
  const detail = useStandardDetail(standardId);
  return (
    <QueryState query={detail}>
      {(s) => (
        <Page title={bookTitle(standardTitle(s)) ?? s.standardId} extra={<Link to="/standards">{t('返回标准目录', 'Back to the catalog')}</Link>}>
          <StandardBody standard={s} />
        </Page>
      )}
    </QueryState>
  );
}

function StandardBody({ standard }: { standard: StandardDetail }) {
  const { t } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const latest = standard.versions[standard.versions.length - 1];
  const [versionId, setVersionId] = useState<string>(latest?.versionId ?? '');
  const [from, setFrom] = useState<string | undefined>(standard.versions.length > 1 ? standard.versions[standard.versions.length - 2].versionId : latest?.versionId);
  const [to, setTo] = useState<string | undefined>(latest?.versionId);
  const versionOptions = standard.versions.map((v) => ({ value: v.versionId, label: `${v.versionId} · ${v.effectiveFrom ?? t('未注明日期', 'undated')}${v.docNo ? ` · ${v.docNo}` : ''}` }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('标准编号', 'Standard id')}>
          <Typography.Text code>{standard.standardId}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('行政区划', 'Division')}>{standard.divisionCode}</Descriptions.Item>
        <Descriptions.Item label={t('版本数', 'Versions')}>{standard.versions.length}</Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('版本', 'Versions')}>
        <Table<VersionSummary>
          size="small"
          rowKey="versionId"
          aria-label={t('版本列表', 'Versions')}
          dataSource={standard.versions}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={(v) => (v.versionId === versionId ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('版本', 'Version'), dataIndex: 'versionId', width: 170, render: (v: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{v}</Typography.Text> },
            { title: t('标题', 'Title'), key: 'title', render: (_v, v) => bookTitle(v.title) ?? '—' },
            { title: t('文号', 'Doc no.'), dataIndex: 'docNo', render: (d: string | null) => d ?? '—' },
            { title: t('状态', 'State'), key: 'state', render: (_v, v) => <VersionState version={v} /> },
            { title: t('条目数', 'Items'), dataIndex: 'itemCount', width: 80 },
            {
              title: t('解析提示', 'Warnings'),
              key: 'warnings',
              width: 120,
              render: (_v, v) => {
                const total = v.warnings?.length ?? 0;
                const open = openOf(v).length;
                if (total === 0) return '—';
                return open > 0 ? <Tag color="orange">{t(`${open} 条未确认`, `${open} open`)}</Tag> : <Tag color="green">{t(`${total} 条已确认`, `${total} acknowledged`)}</Tag>;
              },
            },
            { title: t('导入', 'Imported'), key: 'recorded', render: (_v, v) => `${instant(v.recordedAt)}${v.sourceName ? ` · ${v.sourceName}` : ''}` },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              render: (_v, v) => (
                <Button size="small" onClick={() => setVersionId(v.versionId)} aria-label={`${t('查看条目', 'Show items')} ${v.versionId}`}>
                  {t('查看条目', 'Show items')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={t('条目比较', 'Compare editions')}
        aria-label={t('条目比较', 'Compare editions')}
      >
        <Flex gap={8} wrap align="center">
          <span>{t('从', 'From')}</span>
          <Select id="compare-from" aria-label={t('比较起始版本', 'From version')} style={{ minWidth: 260 }} value={from} onChange={setFrom} options={versionOptions} />
          <span>{t('到', 'to')}</span>
          <Select id="compare-to" aria-label={t('比较目标版本', 'To version')} style={{ minWidth: 260 }} value={to} onChange={setTo} options={versionOptions} />
          <Button icon={<DiffOutlined />} disabled={!from || !to} onClick={() => navigate(`/standards/${standard.standardId}/diff?from=${from}&to=${to}`)}>
            {t('比较条目', 'Compare items')}
          </Button>
        </Flex>
      </Card>

      {versionId ? <VersionItems standard={standard} versionId={versionId} /> : null}

      <Card size="small" title={t('启用记录', 'Activations')}>
        <ActivationsTable activations={standard.activations} />
      </Card>
      {can('admin') && standard.versions.length > 0 ? (
        <Card size="small" title={t('启用版本', 'Activate a version')}>
          <ActivationForm standard={standard} versionId={versionId} />
        </Card>
      ) : null}
    </Space>
  );
}

function VersionItems({ standard, versionId }: { standard: StandardDetail; versionId: string }) {
  const { t } = useLang();
  const [benefit, setBenefit] = useState<string | undefined>(undefined);
  const items = useQuery({
    queryKey: ['eligibility', 'standard-items', standard.standardId, versionId, benefit ?? null],
    queryFn: async () =>
      (await api<{ items: StandardItem[] }>('eligibility', `/standards/${standard.standardId}/versions/${versionId}/items`, { query: { benefit } })).data.items,
  });
  const version = standard.versions.find((v) => v.versionId === versionId);
  const document = standard.documents.find((d) => d.versionId === versionId)?.document;
  return (
    <Card
      size="small"
      title={`${t('版本', 'Version')} ${versionId}`}
      extra={
        <Select
          allowClear
          id="items-benefit"
          aria-label={t('按待遇筛选条目', 'Filter items by benefit')}
          placeholder={t('全部条目', 'All items')}
          style={{ width: 340 }}
          value={benefit}
          onChange={setBenefit}
          options={Object.entries(BENEFIT_LABELS).map(([value, [zh, en]]) => ({ value, label: t(`规定${zh}的条目`, `Items defining ${en}`) }))}
        />
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {version && document ? <ParseReport version={version} document={document} /> : null}
        <QueryState query={items}>{(list) => <ItemsTable items={list} />}</QueryState>
      </Space>
    </Card>
  );
}

const METADATA_LABELS: [string, string, string][] = [
  ['title', '标准名称', 'Title'],
  ['noticeTitle', '印发通知', 'Covering notice'],
  ['docNo', '文号', 'Document number'],
  ['issuers', '发文单位', 'Issuers'],
  ['division', '行政区划', 'Division'],
  ['version', '版次', 'Edition'],
  ['signedDate', '成文日期', 'Signed'],
  ['printedDate', '印发日期', 'Printed'],
  ['effectiveDate', '施行日期', 'Effective'],
  ['status', '稿件状态', 'Status'],
];

const STATUS: Record<string, [string, string]> = { final: ['正式稿', 'final'], draft: ['征求意见稿', 'draft'] };
const LAYOUT: Record<string, [string, string]> = {
  'labelled-blocks': ['分项标注（服务对象、服务内容…）', 'labelled blocks'],
  'numbered-items': ['编号条目', 'numbered items'],
  'tab-table': ['表格', 'table'],
};

function statedText(s: Stated, t: (zh: string, en: string) => string): string {
  const v = s.value as unknown;
  if (typeof v === 'string' && STATUS[v]) return t(...STATUS[v]);
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'name' in (v as Record<string, unknown>)) return String((v as { name: string }).name);
  return JSON.stringify(v);
}

/**
 * What the parser made of the document: each metadata value with the line it was read from (and
 * whether it was inferred), the layout, the line and item counts, whether the version is in force on
 * its own, the repairs it made, and the parse warnings with lines and their acknowledgements (an
 * admin of the standard's division acknowledges each there before the version can be activated).
 */
export function ParseReport({ version, document, heading = true }: { version: VersionSummary; document: StandardDetail['documents'][number]['document']; heading?: boolean }) {
  const { t } = useLang();
  const repairs = Object.entries(version.repairCounts ?? {});
  return (
    <section aria-label={t('解析报告', 'Parse report')}>
      <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }} title={heading ? t('解析报告', 'Parse report') : undefined} styles={{ label: { whiteSpace: 'nowrap', width: 110 } }}>
        {METADATA_LABELS.map(([key, zh, en]) => {
          const raw = document[key] as Stated | Stated[] | null | undefined;
          const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
          const values = all.slice(0, 6);
          return (
            <Descriptions.Item key={key} label={t(zh, en)}>
              {values.length === 0 ? (
                <Typography.Text type="secondary">{t('文件未载明', 'not stated')}</Typography.Text>
              ) : (
                <Flex gap={4} wrap>
                  {values.map((s, i) => (
                    <span key={i}>
                      {statedText(s, t)}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`第 ${s.line} 行`, `line ${s.line}`)}
                      </Typography.Text>
                      {s.inferred ? (
                        <Tag color="orange" style={{ marginInlineStart: 4 }} title={s.reason}>
                          {t('推断', 'inferred')}
                          {s.reason ? `：${s.reason}` : ''}
                        </Tag>
                      ) : null}
                      {i < values.length - 1 ? '、' : ''}
                    </span>
                  ))}
                  {all.length > values.length ? <Typography.Text type="secondary">{t(`等 ${all.length} 个`, `${all.length} in all`)}</Typography.Text> : null}
                </Flex>
              )}
            </Descriptions.Item>
          );
        })}
        <Descriptions.Item label={t('版式', 'Layout')}>{LAYOUT[String(document.layout)] ? t(...LAYOUT[String(document.layout)]) : String(document.layout ?? '—')}</Descriptions.Item>
        <Descriptions.Item label={t('行数 / 条目数', 'Lines / items')}>
          {String(document.lineCount ?? '—')} / <span data-testid="item-count">{version.itemCount}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('是否自行生效', 'In force by itself')} span={2}>
          <VersionState version={version} />
          {version.supersedes ? (
            <Typography.Text type="secondary">
              {' '}
              {t('替代版本', 'supersedes')} <Typography.Text code>{version.supersedes}</Typography.Text>
            </Typography.Text>
          ) : null}
        </Descriptions.Item>
        {repairs.length > 0 ? (
          <Descriptions.Item label={t('文本修复', 'Repairs')} span={2}>
            <Flex gap={4} wrap>
              {repairs.map(([kind, n]) => (
                <Tag key={kind}>
                  {kind} × {n}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <ParseWarnings version={version} />
    </section>
  );
}

function ActivationsTable({ activations }: { activations: Activation[] }) {
  const { t } = useLang();
  return (
    <Table<Activation>
      size="small"
      rowKey="eventId"
      aria-label={t('启用记录', 'Activations')}
      dataSource={activations}
      pagination={false}
      locale={{ emptyText: t('没有启用记录', 'No activations') }}
      columns={[
        { title: t('版本', 'Version'), dataIndex: 'versionId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('适用区划', 'Division'), dataIndex: 'divisionCode' },
        { title: t('自', 'From'), dataIndex: 'effectiveFrom' },
        { title: t('标注', 'Label'), dataIndex: 'labelZh', render: (l: string) => <Tag color="orange">{l}</Tag> },
        { title: t('理由', 'Reason'), dataIndex: 'reason' },
        { title: t('启用人', 'By'), key: 'by', render: (_v, a) => `${a.activatedBy.id}（${a.activatedBy.divisionCode}）` },
        { title: t('时间', 'When'), dataIndex: 'recordedAt', render: (v: string) => instant(v) },
      ]}
    />
  );
}

interface ActivationValues {
  versionId: string;
  divisionCode: string;
  effectiveFrom: string;
  reason: string;
}

interface ActivationAnswer {
  standardId: string;
  versionId: string;
  divisionCode: string;
  effectiveFrom: string;
  labelZh?: string;
  redetermination?: unknown;
}

/**
 * 启用 (POST /standards/{id}/activations, admin of the division or above): makes a version usable for a
 * division from a date — a draft, an undated or unconfirmed document, or a final one for a different
 * date. The reason is shown with every use; active cases of the division are redetermined.
 */
export function ActivationForm({ standard, versionId, onDone }: { standard: Pick<StandardDetail, 'standardId' | 'divisionCode' | 'versions'>; versionId?: string; onDone?: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const { actor } = useSession();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActivationValues>();
  const activate = useMutation({
    mutationFn: async (v: ActivationValues) =>
      (await api<ActivationAnswer>('eligibility', `/standards/${standard.standardId}/activations`, { method: 'POST', body: v })).data,
    onSuccess: async () => {
      message.success(t('已启用', 'Activated'));
      await queryClient.invalidateQueries({ queryKey: ['eligibility'] });
      onDone?.();
    },
  });
  const chosen = standard.versions.find((v) => v.versionId === (Form.useWatch('versionId', form) ?? versionId));
  // A refusal because of open parse warnings lists them (409 STANDARD_WARNINGS_UNACKNOWLEDGED, details.openWarnings).
  const refusal = activate.isError ? problemOf(activate.error) : null;
  const refusedFor =
    refusal?.code === 'STANDARD_WARNINGS_UNACKNOWLEDGED' && Array.isArray(refusal.details?.openWarnings)
      ? (refusal.details.openWarnings as { warningId: string; line: number; endLine: number | null; code: string; message: string }[])
      : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {chosen && chosen.notInForceReason === null ? (
        <Alert
          type="info"
          showIcon
          title={t(
            `此版本为正式稿并注明自 ${chosen.effectiveFrom} 起施行，无需启用即生效。仅在需对下级区划或其他日期使用时启用。`,
            `This version is final and dated (from ${chosen.effectiveFrom}); it is in force without an activation. Activate only to use it for another division or date.`,
          )}
        />
      ) : chosen ? (
        <Alert type="warning" showIcon title={t('此版本不能自行生效，须经授权启用后方可用于审核和测算。', 'This version is not in force by itself; it must be activated before cases can use it.')} />
      ) : null}
      {chosen && openOf(chosen).length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="activation-open-warnings"
          title={t(
            `此版本尚有 ${openOf(chosen).length} 条解析提示未确认，须在解析报告中逐条确认（或导入更正后的文件）后才能启用：`,
            `${openOf(chosen).length} parse warnings of this version are not acknowledged; acknowledge each in the parse report (or import a corrected file) before activating it:`,
          )}
          description={<OpenWarningsList warnings={openOf(chosen).map((w) => ({ ...w, endLine: w.endLine ?? null }))} />}
        />
      ) : null}
      <Form<ActivationValues>
        name="activation"
        form={form}
        layout="vertical"
        aria-label={t('启用版本', 'Activate a version')}
        initialValues={{ versionId: versionId ?? standard.versions[standard.versions.length - 1]?.versionId, divisionCode: standard.divisionCode, effectiveFrom: chosen?.effectiveFrom ?? '', reason: '' }}
        onFinish={(v) => activate.mutate({ ...v, divisionCode: v.divisionCode.trim(), effectiveFrom: v.effectiveFrom.trim(), reason: v.reason.trim() })}
        style={{ maxWidth: 640 }}
      >
        <Form.Item name="versionId" label={t('版本', 'Version')} rules={[{ required: true }]}>
          <Select aria-label={t('启用的版本', 'Version to activate')} options={standard.versions.map((v) => ({ value: v.versionId, label: `${v.versionId}${v.title ? ` · ${bookTitle(v.title)}` : ''}` }))} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('适用区划代码', 'For division')}
          extra={t('标准所属区划或其下级；须在您的管辖范围内', "The standard's division or one under it, within your own")}
          rules={[
            { required: true, message: t('请填写区划代码', 'Enter a division code') },
            {
              validator: async (_r, v: string) => {
                const code = (v ?? '').trim();
                if (!code) return;
                if (!isDivisionCode(code)) throw new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code'));
                if (!within(code, standard.divisionCode)) throw new Error(t('须为标准所属区划或其下级', "Must be the standard's division or one under it"));
                if (actor && !within(code, actor.divisionCode)) throw new Error(t('超出您的管辖区划', 'Outside your division'));
              },
            },
          ]}
        >
          <Input maxLength={6} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('启用日期', 'Effective from')} rules={[{ required: true, message: t('请填写启用日期', 'Enter the date') }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('日期格式为 YYYY-MM-DD', 'A date is YYYY-MM-DD') }]}>
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('启用理由', 'Reason')}
          extra={t('将随每次使用一并显示', 'Shown with every use')}
          rules={[{ required: true, message: t('请填写启用理由', 'Enter the reason') }, { min: 4, max: 500, message: t('4 至 500 字', '4 to 500 characters') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        {activate.isError ? <ErrorAlert error={activate.error} /> : null}
        {refusedFor.length > 0 ? (
          <Alert
            type="warning"
            style={{ marginBottom: 12 }}
            title={t(`未确认的解析提示（${refusedFor.length} 条）`, `Parse warnings not acknowledged (${refusedFor.length})`)}
            description={<OpenWarningsList warnings={refusedFor} />}
          />
        ) : null}
        {activate.data ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title={t(`已启用版本 ${activate.data.versionId}，适用于 ${activate.data.divisionCode}，自 ${activate.data.effectiveFrom} 起`, `Version ${activate.data.versionId} activated for ${activate.data.divisionCode} from ${activate.data.effectiveFrom}`)}
            description={activate.data.labelZh}
          />
        ) : null}
        <Button type="primary" htmlType="submit" loading={activate.isPending}>
          {t('启用', 'Activate')}
        </Button>
      </Form>
    </Space>
  );
}

const openOf = (v: VersionSummary) => (v.warnings ?? []).filter((w) => !w.acknowledged);

export function NotAllowed() {
  const { t } = useLang();
  return <Result status="403" title="403" subTitle={t('您的角色不能使用此页面。', 'Your role cannot use this page.')} extra={<Link to="/standards">{t('返回标准目录', 'Back to the catalog')}</Link>} />;
}
