import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { StartVerificationSchema } from '../../../../audit/src/integrity/integrity.schemas';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { enc, POLL_MS, type AnchorList, type VerificationJob } from './api';
import { beijing } from './format';
import { JobProgress, JobStatusTag, Section } from './shared';

/** 链校验与锚定: start a whole-log verification (optionally writing an anchor) and list the anchors. */
export function IntegrityPage() {
  const { t } = useLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [anchor, setAnchor] = useState(false);
  const [checkAnchors, setCheckAnchors] = useState<'latest' | 'all' | 'none'>('latest');
  const start = useMutation({
    mutationFn: async () => {
      const body = StartVerificationSchema.parse({ anchor, checkAnchors });
      return (await api<VerificationJob>('audit', '/audit/verifications', { method: 'POST', body })).data;
    },
    onSuccess: (job) => {
      void queryClient.invalidateQueries({ queryKey: ['audit', 'anchors'] });
      navigate(`/audit/integrity/verifications/${enc(job.verificationId)}`);
    },
  });
  const anchors = useQuery({ queryKey: ['audit', 'anchors'], queryFn: async () => (await api<AnchorList>('audit', '/audit/anchors')).data });
  return (
    <Page title={t('链校验与锚定', 'Verification & anchors')}>
      <Card size="small" title={t('全量校验', 'Verify all')} style={{ maxWidth: 760 }}>
        <Typography.Paragraph type="secondary">
          {t(
            '一次遍历全部事件：逐条流核对哈希链，检查全局日志位置顺序，并核对锚定文件的签名与链头。结果只列出您辖区内断裂的流，其他区划的只计数。',
            'One pass over every event: each stream’s hash chain, the order of log positions, and the anchors’ signatures and heads. Broken streams of your division are listed; others are only counted.',
          )}
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={() => start.mutate()}>
          <Space wrap align="start" size={24} style={{ display: 'flex' }}>
            <Form.Item label={t('核对锚定', 'Check anchors')}>
              <Select
                aria-label={t('核对锚定', 'Check anchors')}
                value={checkAnchors}
                onChange={setCheckAnchors}
                style={{ width: 200 }}
                options={[
                  { value: 'latest', label: t('最近一次锚定', 'The latest anchor') },
                  { value: 'all', label: t('全部锚定', 'All anchors') },
                  { value: 'none', label: t('不核对', 'None') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('写入锚定', 'Write an anchor')}>
              <Checkbox checked={anchor} onChange={(e) => setAnchor(e.target.checked)}>
                {t('校验后写入签名的链头锚定', 'Write a signed anchor of every stream head')}
              </Checkbox>
            </Form.Item>
          </Space>
          {start.isError ? <div style={{ marginBottom: 12 }}><ErrorAlert error={start.error} /></div> : null}
          <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={start.isPending}>
            {t('开始全量校验', 'Start verification')}
          </Button>
        </Form>
      </Card>
      <Section title={t('锚定', 'Anchors')}>
        <QueryState query={anchors}>
          {(list) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {t('签名密钥', 'Signing key')}: <Typography.Text code>{list.keyId ?? t('未配置', 'not configured')}</Typography.Text>
              </Typography.Text>
              <Table
                size="small"
                aria-label={t('锚定', 'Anchors')}
                rowKey="file"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={list.anchors}
                locale={{ emptyText: t('尚无锚定（可在全量校验时写入）', 'No anchors yet (write one with a verification)') }}
                columns={[
                  { title: t('日期', 'Date'), dataIndex: 'date', width: 110, render: (v: string | null) => v ?? '—' },
                  { title: t('文件', 'File'), dataIndex: 'file', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('写入于（北京时间）', 'Written (Beijing)'), dataIndex: 'createdAt', width: 170, render: (v: string | null) => beijing(v) },
                  { title: t('流', 'Streams'), dataIndex: 'streams', width: 80, align: 'right' },
                  { title: t('事件', 'Events'), dataIndex: 'events', width: 80, align: 'right' },
                  { title: t('断裂的流', 'Broken'), dataIndex: 'brokenStreams', width: 80, align: 'right' },
                  { title: t('日志头', 'Log head'), dataIndex: 'logHead', width: 120, render: (v: AnchorList['anchors'][number]['logHead']) => v?.position ?? '—' },
                  { title: t('签名', 'Signature'), dataIndex: 'signed', width: 90, render: (v: boolean) => (v ? <Tag color="green">{t('已签名', 'signed')}</Tag> : <Tag color="orange">{t('无签名', 'unsigned')}</Tag>) },
                ]}
              />
            </Space>
          )}
        </QueryState>
      </Section>
    </Page>
  );
}

/** One verification: progress while running (polled), then the verdict, counts, anchors checked, broken streams. */
export function VerificationPage() {
  const { t } = useLang();
  const { verificationId = '' } = useParams();
  const job = useQuery({
    queryKey: ['audit', 'verification', verificationId],
    queryFn: async ({ signal }) => (await api<VerificationJob>('audit', `/audit/verifications/${enc(verificationId)}`, { signal })).data,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
  });
  return (
    <Page title={t('全量校验', 'Verification')}>
      <QueryState query={job}>
        {(v) => (
          <Space orientation="vertical" size={12} style={{ width: '100%' }} data-status={v.status}>
            <Card size="small" aria-label={t('校验概况', 'Verification summary')}>
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                <Descriptions.Item label={t('编号', 'Id')}>
                  <Typography.Text code copyable>{v.verificationId}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('状态', 'Status')}>
                  <JobStatusTag status={v.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('发起', 'Started')}>
                  {beijing(v.startedAt)} · {v.startedBy}
                </Descriptions.Item>
                <Descriptions.Item label={t('完成', 'Completed')}>{beijing(v.completedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('读取方式', 'Mode')}>{v.mode ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('速度', 'Speed')}>{v.eventsPerSecond !== null ? t(`${v.eventsPerSecond} 事件/秒`, `${v.eventsPerSecond} events/s`) : '—'}</Descriptions.Item>
              </Descriptions>
              <JobProgress status={v.status} done={v.counts?.events ?? v.progress.events} total={v.status === 'completed' ? (v.counts?.events ?? v.progress.events) : null} unit={t('个事件', 'events')} label={t('校验进度', 'Verification progress')} />
              {v.status === 'completed' ? (
                v.intact ? (
                  <Alert type="success" showIcon data-testid="verification-verdict" title={t('完整：没有断裂的流，日志位置有序，核对的锚定签名有效且均已达到', 'Intact: no broken stream, positions in order, every anchor checked is signed and reached')} />
                ) : (
                  <Alert type="error" showIcon data-testid="verification-verdict" title={t('发现问题：见下方断裂的流与锚定核对结果', 'Problems found: see the broken streams and anchors below')} />
                )
              ) : null}
              {v.failure ? <Alert type="error" showIcon title={v.failure} /> : null}
            </Card>
            {v.counts ? (
              <Card size="small" title={t('计数', 'Counts')}>
                <Space size={32} wrap>
                  <Statistic title={t('事件', 'Events')} value={v.counts.events} />
                  <Statistic title={t('流', 'Streams')} value={v.counts.streams} />
                  <Statistic title={t('断裂的流', 'Broken streams')} value={v.counts.brokenStreams} />
                  <Statistic title={t('位置顺序异常', 'Position violations')} value={v.counts.positionViolations} />
                  <Statistic title={t('已锚定的流', 'Anchored streams')} value={v.counts.anchoredStreams} />
                  <Statistic title={t('锚定不符', 'Anchor mismatches')} value={v.counts.anchorMismatches} />
                </Space>
                {v.anchorWritten ? (
                  <Alert style={{ marginTop: 12 }} type="info" showIcon title={t(`已写入锚定 ${v.anchorWritten.file}（${v.anchorWritten.streams} 条流）`, `Anchor ${v.anchorWritten.file} written (${v.anchorWritten.streams} streams)`)} />
                ) : null}
              </Card>
            ) : null}
            <Section title={t('核对的锚定', 'Anchors checked')}>
              <Table
                size="small"
                aria-label={t('核对的锚定', 'Anchors checked')}
                rowKey="file"
                pagination={false}
                dataSource={v.anchors}
                locale={{ emptyText: t('未核对锚定', 'No anchor checked') }}
                columns={[
                  { title: t('文件', 'File'), dataIndex: 'file' },
                  { title: t('签名', 'Signature'), dataIndex: 'signature', render: (s: string) => <Tag color={s === 'valid' ? 'green' : 'red'}>{s}</Tag> },
                  { title: t('流', 'Streams'), dataIndex: 'streams' },
                  { title: t('问题', 'Problem'), dataIndex: 'code', render: (c?: string) => c ?? '—' },
                ]}
              />
            </Section>
            <Section title={t(`断裂的流（${v.brokenStreamsTotal}，辖区外 ${v.brokenStreamsOutsideScope} 条只计数）`, `Broken streams (${v.brokenStreamsTotal}; ${v.brokenStreamsOutsideScope} outside your division, counted only)`)}>
              <Table
                size="small"
                aria-label={t('断裂的流', 'Broken streams')}
                rowKey={(b) => `${b.streamId}-${b.revision}-${b.reason}`}
                pagination={false}
                dataSource={v.brokenStreams}
                locale={{ emptyText: t('无', 'None') }}
                columns={[
                  { title: t('流', 'Stream'), dataIndex: 'streamId', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
                  { title: t('版本', 'Revision'), dataIndex: 'revision' },
                  { title: t('原因', 'Reason'), dataIndex: 'reason' },
                  { title: t('代码', 'Code'), dataIndex: 'code', render: (c: string) => <Tag color="red">{c}</Tag> },
                  { title: t('说明', 'Detail'), dataIndex: 'detail' },
                  { title: t('区划', 'Division'), dataIndex: 'divisionCode', render: (d: string | null) => d ?? '—' },
                ]}
              />
            </Section>
          </Space>
        )}
      </QueryState>
    </Page>
  );
}
