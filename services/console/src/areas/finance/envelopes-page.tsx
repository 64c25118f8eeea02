import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Popconfirm, Radio, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { CheckOutlined, DownloadOutlined, LockOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApproveEnvelopeSchema, EnvelopeListQuerySchema, ExportEnvelopeSchema, ReturnImportQuerySchema } from '../../../../disbursement/src/envelopes/envelopes.schemas';
import { api, download } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useActor, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { instant, yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import {
  BENEFITS,
  benefitText,
  enc,
  envelopeStatusColor,
  envelopeStatusText,
  failureText,
  holdText,
  KNOWN_LAYOUTS,
  kindText,
  paymentStatusColor,
  paymentStatusText,
  type Benefit,
  type EnvelopeView,
  type LedgerEnvelope,
  type LedgerPayment,
  type ReturnResult,
} from './api';
import { CursorTable, IdText, Section } from './shared';

/** 发放批次: the envelopes of a division, filtered by benefit and period. */
export function EnvelopesPage() {
  const { t } = useLang();
  const actor = useActor();
  const [form, setForm] = useState<{ divisionCode: string; benefit?: Benefit; period: string }>({ divisionCode: actor.divisionCode, period: '' });
  const [filter, setFilter] = useState(form);
  const [problem, setProblem] = useState<string | null>(null);
  const apply = () => {
    const parsed = EnvelopeListQuerySchema.safeParse({ divisionCode: form.divisionCode.trim(), benefit: form.benefit, period: form.period.trim() || undefined });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
      return;
    }
    setProblem(null);
    setFilter({ ...form, divisionCode: form.divisionCode.trim(), period: form.period.trim() });
  };
  return (
    <Page title={t('发放批次', 'Envelopes')}>
      <Form layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('行政区划代码', 'Division code')} htmlFor="env-division">
          <Input id="env-division" value={form.divisionCode} onChange={(e) => setForm({ ...form, divisionCode: e.target.value })} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('救助类别', 'Benefit')}>
          <Select
            aria-label={t('救助类别', 'Benefit')}
            allowClear
            placeholder={t('全部', 'All')}
            value={form.benefit}
            onChange={(benefit) => setForm({ ...form, benefit })}
            style={{ width: 140 }}
            options={BENEFITS.map((b) => ({ value: b, label: benefitText(b, t) }))}
          />
        </Form.Item>
        <Form.Item label={t('发放期间', 'Period')} htmlFor="env-period">
          <Input id="env-period" value={form.period} placeholder="2026-04" onChange={(e) => setForm({ ...form, period: e.target.value })} style={{ width: 110 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('查询', 'Search')}
        </Button>
      </Form>
      {problem ? <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} /> : null}
      <CursorTable<LedgerEnvelope>
        key={JSON.stringify(filter)}
        queryKey={['disbursement', 'envelopes', filter]}
        path="/disbursement/envelopes"
        query={{ divisionCode: filter.divisionCode, benefit: filter.benefit, period: filter.period || undefined }}
        rowKey="envelopeId"
        label={t('发放批次列表', 'Envelopes')}
        empty={t('没有符合条件的发放批次', 'No envelopes match')}
        columns={[
          { title: t('批次编号', 'Envelope'), dataIndex: 'envelopeId', render: (id: string) => <Link to={`/finance/envelopes/${enc(id)}`}>{id}</Link> },
          { title: t('救助类别', 'Benefit'), dataIndex: 'benefit', render: (b: string) => benefitText(b, t) },
          { title: t('期间', 'Period'), dataIndex: 'runPeriod' },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: LedgerEnvelope['status']) => <Tag color={envelopeStatusColor(s)}>{envelopeStatusText(s, t)}</Tag> },
          { title: t('笔数', 'Lines'), dataIndex: ['totals', 'count'], align: 'right' },
          { title: t('金额', 'Amount'), dataIndex: ['totals', 'fen'], align: 'right', render: (fen: number) => yuan(fen) },
          { title: t('暂缓', 'Held'), dataIndex: 'held', render: (h: { count: number; fen: number }) => (h.count > 0 ? `${h.count} · ${yuan(h.fen)}` : '—') },
          { title: t('制单', 'Prepared by'), dataIndex: 'preparedBy', render: (v: string | null) => v ?? '—' },
          { title: t('审核', 'Approved by'), dataIndex: 'approvedBy', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Page>
  );
}

const envelopeKey = (id: string) => ['disbursement', 'envelope', id];

/** One envelope: control totals, approval, bank file, bank return, closing, its payments. */
export function EnvelopePage() {
  const { t } = useLang();
  const { envelopeId = '' } = useParams();
  const envelope = useQuery({ queryKey: envelopeKey(envelopeId), queryFn: async () => (await api<EnvelopeView>('disbursement', `/disbursement/envelopes/${enc(envelopeId)}`)).data });
  return (
    <Page
      title={`${t('发放批次', 'Envelope')} ${envelopeId}`}
      extra={
        envelope.data ? (
          <Link to={`/finance/reconciliation?benefit=${envelope.data.prepared.benefit}&divisionCode=${envelope.data.prepared.divisionCode}&period=${envelope.data.prepared.runPeriod}`}>
            {t('本期对账', 'Reconcile the period')}
          </Link>
        ) : undefined
      }
    >
      <QueryState query={envelope}>{(data) => <EnvelopeBody envelope={data} />}</QueryState>
    </Page>
  );
}

function EnvelopeBody({ envelope }: { envelope: EnvelopeView }) {
  const { t } = useLang();
  const { can } = useSession();
  const clerk = can('finance_clerk');
  const p = envelope.prepared;
  const held = Object.entries(p.held.byReason).filter(([, v]) => v.count > 0);
  return (
    <>
      <Card>
        <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
          <Tag color={envelopeStatusColor(envelope.status)} data-testid="envelope-status" data-status={envelope.status} style={{ fontSize: 14, padding: '2px 8px' }}>
            {envelopeStatusText(envelope.status, t)}
          </Tag>
          <Typography.Text>
            {benefitText(p.benefit, t)} · {p.divisionCode} · {p.runPeriod}
          </Typography.Text>
          {envelope.pending > 0 ? <Tag color="orange">{t(`待回盘 ${envelope.pending} 笔`, `${envelope.pending} awaiting return`)}</Tag> : null}
        </Flex>
        <section aria-label={t('控制总数', 'Control totals')}>
          <Flex gap={32} wrap>
            <Statistic title={t('报送银行笔数', 'Bank lines')} value={p.totals.count} valueRender={() => <span data-testid="total-count">{p.totals.count}</span>} />
            <Statistic title={t('报送银行金额', 'Amount to the bank')} value={yuan(p.totals.fen)} valueRender={() => <span data-testid="total-fen">{yuan(p.totals.fen)}</span>} />
            <Statistic title={t('暂缓笔数 · 金额', 'Held')} value={`${p.held.count} · ${yuan(p.held.fen)}`} valueRender={() => <span data-testid="held">{`${p.held.count} · ${yuan(p.held.fen)}`}</span>} />
            {p.totals.netted > 0 ? <Statistic title={t('追缴抵扣', 'Netted')} value={yuan(p.totals.netted)} /> : null}
          </Flex>
        </section>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('按类型', 'By kind')}>
            <Space wrap size={4}>
              {Object.entries(p.totals.byKind)
                .filter(([, v]) => v.count > 0)
                .map(([k, v]) => (
                  <Tag key={k}>
                    {kindText(k, t)} {v.count} · {yuan(v.fen)}
                  </Tag>
                ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('暂缓原因', 'Held by reason')}>
            {held.length === 0
              ? t('无', 'None')
              : held.map(([r, v]) => (
                  <Tag key={r} color="orange">
                    {holdText(r, t)} {v.count} · {yuan(v.fen)}
                  </Tag>
                ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('制单人', 'Prepared by')}>{p.preparers.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('生成时间', 'Prepared at')}>
            {instant(p.preparedAt)} · <Link to={`/finance/runs/${enc(p.runId)}`}>{t('发放运行', 'The run')}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('审核', 'Approval')}>
            {envelope.approved ? (
              <span data-testid="approved-by">
                {envelope.approved.by?.id ?? '—'} · {instant(envelope.approved.approvedAt)}
                {envelope.approved.note ? ` · ${envelope.approved.note}` : ''}
              </span>
            ) : (
              t('未审核', 'Not approved')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('支付明细摘要', 'Payments digest')}>
            <Typography.Text code style={{ fontSize: 12 }}>
              {p.digest.slice(0, 16)}…
            </Typography.Text>
          </Descriptions.Item>
          {p.references.length > 0 ? (
            <Descriptions.Item label={t('关联批次', 'References')}>
              {p.references.map((r) => (
                <Link key={r} to={`/finance/envelopes/${enc(r)}`} style={{ marginInlineEnd: 8 }}>
                  {r}
                </Link>
              ))}
            </Descriptions.Item>
          ) : null}
          {envelope.closed ? <Descriptions.Item label={t('关闭时间', 'Closed at')}>{instant(envelope.closed.closedAt)}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      {clerk && envelope.status === 'prepared' ? <ApproveCard envelope={envelope} /> : null}
      {envelope.status !== 'prepared' ? <ExportCard envelope={envelope} canExport={clerk && envelope.status !== 'closed'} /> : null}
      {clerk && ['exported', 'partly-settled', 'settled'].includes(envelope.status) ? <ReturnCard envelope={envelope} /> : null}
      {envelope.returns.length > 0 ? <ReturnsHistory returns={envelope.returns} /> : null}
      {clerk && ['exported', 'partly-settled', 'settled'].includes(envelope.status) ? <CloseCard envelope={envelope} /> : null}
      <Section title={t('批次发放明细', 'Payments of the envelope')}>
        <EnvelopePayments envelopeId={envelope.envelopeId} version={`${envelope.status}-${envelope.returns.length}`} />
      </Section>
    </>
  );
}

function ApproveCard({ envelope }: { envelope: EnvelopeView }) {
  const { t } = useLang();
  const actor = useActor();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const isPreparer = envelope.prepared.preparers.includes(actor.id);
  const approve = useMutation({
    mutationFn: async () => {
      const body = ApproveEnvelopeSchema.parse(note.trim() ? { note: note.trim() } : {});
      return (await api<EnvelopeView>('disbursement', `/disbursement/envelopes/${enc(envelope.envelopeId)}/approve`, { method: 'POST', body })).data;
    },
    onSuccess: (data) => {
      queryClient.setQueryData(envelopeKey(envelope.envelopeId), data);
      void queryClient.invalidateQueries({ queryKey: ['disbursement', 'envelopes'] });
      message.success(t('已审核通过', 'Approved'));
    },
  });
  return (
    <Section title={t('财政审核', 'Approval')}>
      <Card>
        {isPreparer ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('您是本批次的制单人：须由另一名财政经办人员审核（经办与审核分离）。', 'You prepared this envelope: another finance clerk must approve it (maker-checker).')}
          />
        ) : null}
        <Form layout="vertical" onFinish={() => approve.mutate()}>
          <Form.Item label={t('审核意见（可选）', 'Note (optional)')} htmlFor="approve-note">
            <Input.TextArea id="approve-note" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={approve.isPending}>
            {t('审核通过', 'Approve')}
          </Button>
        </Form>
        {approve.isError ? (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={approve.error} />
          </div>
        ) : null}
      </Card>
    </Section>
  );
}

function ExportCard({ envelope, canExport }: { envelope: EnvelopeView; canExport: boolean }) {
  const { t, lang } = useLang();
  const queryClient = useQueryClient();
  const [layoutId, setLayoutId] = useState(envelope.exports[0]?.layoutId ?? KNOWN_LAYOUTS[0].id);
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [saved, setSaved] = useState<{ name: string; bytes: number } | null>(null);
  const exporting = useMutation({
    mutationFn: async () => {
      const body = ExportEnvelopeSchema.parse({ layoutId: layoutId.trim(), format });
      return download('disbursement', `/disbursement/envelopes/${enc(envelope.envelopeId)}/export`, { method: 'POST', body }, `${envelope.envelopeId}.${format}`);
    },
    onSuccess: async (file) => {
      setSaved(file);
      // The hash, line count and total as recorded on the envelope (the X-Content-SHA256 header's value).
      await queryClient.invalidateQueries({ queryKey: envelopeKey(envelope.envelopeId) });
    },
  });
  return (
    <Section title={t('银行文件', 'Bank file')}>
      <Card>
        {canExport ? (
          <Form layout="inline" onFinish={() => exporting.mutate()} style={{ rowGap: 8, marginBottom: 12 }}>
            <Form.Item label={t('文件版式', 'Layout')}>
              <Select
                aria-label={t('文件版式', 'Layout')}
                value={layoutId}
                onChange={setLayoutId}
                style={{ width: 380 }}
                options={KNOWN_LAYOUTS.map((l) => ({ value: l.id, label: `${l.id} — ${lang === 'zh' ? l.zh : l.en}` }))}
              />
            </Form.Item>
            <Form.Item label={t('格式', 'Format')}>
              <Radio.Group aria-label={t('格式', 'Format')} value={format} onChange={(e) => setFormat(e.target.value)} optionType="button">
                <Radio.Button value="csv">{t('银行文件 CSV', 'Bank file CSV')}</Radio.Button>
                <Radio.Button value="xlsx">{t('花名册 xlsx', 'Roster xlsx')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<DownloadOutlined />} loading={exporting.isPending}>
              {t('导出银行文件', 'Export bank file')}
            </Button>
          </Form>
        ) : null}
        {exporting.isError ? <ErrorAlert error={exporting.error} /> : null}
        {saved ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title={t(`已下载 ${saved.name}（${saved.bytes} 字节）`, `Downloaded ${saved.name} (${saved.bytes} bytes)`)}
          />
        ) : null}
        {envelope.exports.length === 0 ? (
          <Typography.Text type="secondary">{t('尚未导出银行文件', 'No bank file exported yet')}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={8} style={{ width: '100%' }} aria-label={t('已导出的银行文件', 'Exported bank files')}>
            {envelope.exports.map((r) => (
              <Descriptions key={`${r.sha256}-${r.format}`} size="small" bordered column={{ xs: 1, md: 2, xl: 4 }} data-testid="export-record">
                <Descriptions.Item label={t('文件名', 'File')} span={{ xs: 1, md: 2, xl: 2 }}>
                  {r.fileName}
                </Descriptions.Item>
                <Descriptions.Item label={t('版式 · 格式 · 编码', 'Layout · format · encoding')} span={{ xs: 1, md: 2, xl: 2 }}>
                  {r.layoutId} · {r.format} · {r.encoding}
                </Descriptions.Item>
                <Descriptions.Item label={t('笔数', 'Lines')}>
                  <span data-testid="export-lines">{r.lineCount}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('合计', 'Total')}>
                  <span data-testid="export-total">{yuan(r.totalFen)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('字节', 'Bytes')}>{r.bytes}</Descriptions.Item>
                <Descriptions.Item label={t('导出时间', 'Exported at')}>{instant(r.exportedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('SHA-256（已记录于批次）', 'SHA-256 (recorded on the envelope)')} span="filled">
                  <Typography.Text code copyable={{ text: r.sha256 }} style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="export-sha256">
                    {r.sha256}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            ))}
          </Space>
        )}
      </Card>
    </Section>
  );
}

function ReturnCard({ envelope }: { envelope: EnvelopeView }) {
  const { t } = useLang();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'strict' | 'partial'>('strict');
  const [encoding, setEncoding] = useState<'UTF-8' | 'GBK' | undefined>(undefined);
  const importing = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error(t('请先选择回盘文件', 'Choose the return file first'));
      const query = ReturnImportQuerySchema.parse({ mode, encoding, fileName: file.name.slice(0, 200) });
      return (
        await api<ReturnResult>('disbursement', `/disbursement/envelopes/${enc(envelope.envelopeId)}/returns`, {
          method: 'POST',
          query,
          body: new Blob([await file.arrayBuffer()]),
          contentType: 'application/octet-stream',
        })
      ).data;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: envelopeKey(envelope.envelopeId) });
      void queryClient.invalidateQueries({ queryKey: ['disbursement', 'envelope-payments', envelope.envelopeId] });
    },
  });
  return (
    <Section title={t('导入回盘', 'Import the bank return')}>
      <Card>
        <Form layout="vertical" onFinish={() => importing.mutate()}>
          <Space wrap align="start" size={24}>
            <Form.Item label={t('回盘文件', 'Return file')} required>
              <Upload
                accept=".csv,.txt,.dat,text/csv,text/plain"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  importing.reset();
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: 'return', name: file.name, status: 'done' }] : []}
              >
                <Button icon={<UploadOutlined />}>{t('选择回盘文件', 'Choose return file')}</Button>
              </Upload>
            </Form.Item>
            <Form.Item label={t('处理方式', 'Mode')}>
              <Radio.Group aria-label={t('处理方式', 'Mode')} value={mode} onChange={(e) => setMode(e.target.value)}>
                <Radio value="strict">{t('严格（有错整份不处理）', 'Strict (nothing applied on any error)')}</Radio>
                <Radio value="partial">{t('部分（处理正确的行，逐行列出拒绝的行）', 'Partial (apply the good lines, list the refused)')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={t('文件编码', 'Encoding')}>
              <Select
                aria-label={t('文件编码', 'Encoding')}
                allowClear
                placeholder={t('按版式', 'As the layout')}
                value={encoding}
                onChange={setEncoding}
                style={{ width: 140 }}
                options={[
                  { value: 'UTF-8', label: 'UTF-8' },
                  { value: 'GBK', label: 'GBK' },
                ]}
              />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={importing.isPending} disabled={!file}>
            {t('导入回盘', 'Import return')}
          </Button>
        </Form>
        {importing.isError ? (
          <div style={{ marginTop: 12 }}>
            <ReturnError error={importing.error} />
          </div>
        ) : null}
        {importing.data ? <ReturnReport result={importing.data} /> : null}
      </Card>
    </Section>
  );
}

/** A refused return file: the service's message and each line it names. */
function ReturnError({ error }: { error: unknown }) {
  const { t } = useLang();
  const issues = error instanceof ApiError && Array.isArray(error.problem.details?.issues) ? (error.problem.details.issues as { line?: number; code?: string; message?: string; paymentId?: string }[]) : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={issues.length > 0 && error instanceof ApiError ? new ApiError(error.status, { ...error.problem, details: undefined }) : error} />
      {issues.length > 0 ? (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          aria-label={t('被拒绝的行', 'Refused lines')}
          dataSource={issues}
          columns={[
            { title: t('行号', 'Line'), dataIndex: 'line', render: (l?: number) => l ?? '—' },
            { title: t('代码', 'Code'), dataIndex: 'code', render: (c?: string) => <Typography.Text code>{c ?? '—'}</Typography.Text> },
            { title: t('原因', 'Reason'), dataIndex: 'message' },
          ]}
        />
      ) : null}
    </Space>
  );
}

/** What one import did: settled / failed / reversed / already applied / refused, with each refused line. */
function ReturnReport({ result }: { result: ReturnResult }) {
  const { t } = useLang();
  return (
    <section aria-label={t('回盘处理结果', 'Return report')} style={{ marginTop: 12 }} data-testid="return-report">
      {result.alreadyImported ? <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('该文件此前已导入（哈希相同），未作改动。', 'This file was imported before (same hash); nothing changed.')} /> : null}
      <Flex gap={32} wrap>
        <Statistic title={t('成功', 'Settled')} value={result.counts.settled} suffix={`· ${yuan(result.fen.settled)}`} valueRender={() => <span data-testid="return-settled">{result.counts.settled}</span>} />
        <Statistic title={t('失败', 'Failed')} value={result.counts.failed} suffix={`· ${yuan(result.fen.failed)}`} valueRender={() => <span data-testid="return-failed">{result.counts.failed}</span>} />
        <Statistic title={t('退回', 'Reversed')} value={result.counts.reversed} suffix={`· ${yuan(result.fen.reversed)}`} />
        <Statistic title={t('已处理过', 'Already applied')} value={result.counts.alreadyApplied} />
        <Statistic title={t('未匹配 / 拒绝', 'Unmatched / refused')} value={result.counts.refused} valueRender={() => <span data-testid="return-refused">{result.counts.refused}</span>} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 8 }}>
        SHA-256 <Typography.Text code style={{ fontSize: 12 }}>{result.sha256}</Typography.Text>
      </Typography.Paragraph>
      {result.refused.length > 0 ? (
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.line}-${r.code}`}
          aria-label={t('被拒绝的行', 'Refused lines')}
          dataSource={result.refused}
          columns={[
            { title: t('行号', 'Line'), dataIndex: 'line' },
            { title: t('发放记录', 'Payment'), dataIndex: 'paymentId', render: (id: string | null) => <IdText id={id} /> },
            { title: t('代码', 'Code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            { title: t('原因', 'Reason'), dataIndex: 'message' },
          ]}
        />
      ) : null}
      <Typography.Text type="secondary">{t('每一笔的结果（成功、失败及原因）见下方“批次发放明细”。', 'Each payment’s outcome (settled, failed with the reason) is in “Payments of the envelope” below.')}</Typography.Text>
    </section>
  );
}

function ReturnsHistory({ returns }: { returns: EnvelopeView['returns'] }) {
  const { t } = useLang();
  return (
    <Section title={t('已导入的回盘', 'Imported returns')}>
      <Table
        size="small"
        pagination={false}
        rowKey="sha256"
        aria-label={t('已导入的回盘', 'Imported returns')}
        dataSource={returns}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('文件名', 'File'), dataIndex: 'fileName', render: (v: string | null) => v ?? '—' },
          { title: t('方式', 'Mode'), dataIndex: 'mode', render: (m: string) => (m === 'partial' ? t('部分', 'Partial') : t('严格', 'Strict')) },
          { title: t('成功', 'Settled'), render: (_, r) => `${r.counts.settled} · ${yuan(r.fen.settled)}` },
          { title: t('失败', 'Failed'), render: (_, r) => `${r.counts.failed} · ${yuan(r.fen.failed)}` },
          { title: t('退回', 'Reversed'), render: (_, r) => `${r.counts.reversed} · ${yuan(r.fen.reversed)}` },
          { title: t('拒绝', 'Refused'), render: (_, r) => r.counts.refused },
          { title: 'SHA-256', dataIndex: 'sha256', render: (h: string) => <Typography.Text code style={{ fontSize: 12 }}>{h.slice(0, 16)}…</Typography.Text> },
          { title: t('导入时间', 'Imported at'), dataIndex: 'importedAt', render: (v: string) => instant(v) },
        ]}
      />
    </Section>
  );
}

function CloseCard({ envelope }: { envelope: EnvelopeView }) {
  const { t } = useLang();
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: async () => (await api<EnvelopeView>('disbursement', `/disbursement/envelopes/${enc(envelope.envelopeId)}/close`, { method: 'POST' })).data,
    onSuccess: (data) => {
      queryClient.setQueryData(envelopeKey(envelope.envelopeId), data);
      void queryClient.invalidateQueries({ queryKey: ['disbursement', 'envelopes'] });
    },
  });
  return (
    <Section title={t('关闭批次', 'Close the envelope')}>
      <Card>
        <Typography.Paragraph type="secondary">
          {t('每一笔都有银行回盘结果后可关闭；关闭后不再导入回盘。', 'An envelope can be closed once every payment has its bank return; no return is imported afterwards.')}
        </Typography.Paragraph>
        <Popconfirm title={t('确认关闭该发放批次？', 'Close this envelope?')} okText={t('关闭', 'Close')} cancelText={t('取消', 'Cancel')} onConfirm={() => close.mutate()}>
          <Button icon={<LockOutlined />} loading={close.isPending} disabled={envelope.pending > 0}>
            {t('关闭批次', 'Close envelope')}
          </Button>
        </Popconfirm>
        {close.isError ? (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={close.error} />
          </div>
        ) : null}
      </Card>
    </Section>
  );
}

function EnvelopePayments({ envelopeId, version }: { envelopeId: string; version: string }) {
  const { t } = useLang();
  const [status, setStatus] = useState<string | undefined>(undefined);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('按状态筛选', 'Filter by status')}
          allowClear
          placeholder={t('全部状态', 'All statuses')}
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          options={['held', 'enveloped', 'settled', 'failed', 'reversed', 'cancelled'].map((s) => ({ value: s, label: paymentStatusText(s, t) }))}
        />
      </Space>
      <CursorTable<LedgerPayment>
        key={`${status ?? 'all'}-${version}`}
        queryKey={['disbursement', 'envelope-payments', envelopeId, status, version]}
        path={`/disbursement/envelopes/${enc(envelopeId)}/payments`}
        query={{ status }}
        rowKey="paymentStreamId"
        label={t('批次发放明细', 'Payments of the envelope')}
        columns={[
          { title: t('发放记录编号', 'Payment id'), dataIndex: 'paymentStreamId', render: (id: string) => <IdText id={id} /> },
          { title: t('待遇期间', 'Period'), dataIndex: 'periodKey' },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => kindText(k, t) },
          { title: t('银行金额', 'Bank amount'), align: 'right', render: (_, p) => yuan(p.fen - p.nettedFen) },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            render: (s: string, p) => (
              <Space size={4} wrap>
                <Tag color={paymentStatusColor(s)} data-status={s}>
                  {paymentStatusText(s, t)}
                </Tag>
                {p.hold ? <Tag color="orange">{holdText(p.hold.reason, t)}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('原因 / 银行流水', 'Reason / bank ref'),
            render: (_, p) => {
              if (!p.failure) return p.bankRef ?? '—';
              const reason = failureText(p.failure.reason, t);
              return p.failure.bankReason && p.failure.bankReason !== reason ? `${reason}：${p.failure.bankReason}` : reason;
            },
          },
          { title: t('重发', 'Follow-up'), render: (_, p) => (p.followUpId ? <IdText id={p.followUpId} /> : p.followUpOf ? <IdText id={p.followUpOf} /> : '—') },
        ]}
      />
    </>
  );
}
