import type { ReactNode } from 'react';
import { Flex, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, LoadingOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { ClauseView, formatValue } from '../../components/explanation';
import { yuan } from '../../components/format';
import { useLang } from '../../i18n';
import type { JobStatus, StandardRef } from './api';
import { shortId } from './format';

/** A job's status as a tag: 进行中 / 已完成 / 失败 / 已中断. */
export function JobStatusTag({ status }: { status: JobStatus }) {
  const { t } = useLang();
  const v = {
    running: { color: 'processing', icon: <LoadingOutlined />, text: t('进行中', 'Running') },
    completed: { color: 'success', icon: <CheckCircleOutlined />, text: t('已完成', 'Completed') },
    failed: { color: 'error', icon: <CloseCircleOutlined />, text: t('失败', 'Failed') },
    interrupted: { color: 'warning', icon: <MinusCircleOutlined />, text: t('已中断（可续跑）', 'Interrupted (can resume)') },
  }[status];
  return (
    <Tag color={v.color} icon={v.icon} data-status={status}>
      {v.text}
    </Tag>
  );
}

/** A progress bar for a job: the fraction when the total is known, otherwise the count so far. */
export function JobProgress({ status, done, total, unit, label }: { status: JobStatus; done: number; total: number | null; unit: string; label: string }) {
  const percent = status === 'completed' ? 100 : total && total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0;
  return (
    <Progress
      aria-label={label}
      percent={percent}
      status={status === 'running' ? 'active' : status === 'completed' ? 'success' : 'exception'}
      format={() => (total !== null ? `${done}/${total} ${unit}` : `${done} ${unit}`)}
    />
  );
}

/** A hash chain verdict: 完整 (length, head) or 断裂 at a revision. */
export function ChainTag({ intact, brokenAt, reason }: { intact: boolean; brokenAt?: number; reason?: string }) {
  const { t } = useLang();
  return intact ? (
    <Tag color="success" icon={<CheckCircleOutlined />} data-chain="intact">
      {t('链完整', 'Chain intact')}
    </Tag>
  ) : (
    <Tag color="error" icon={<CloseCircleOutlined />} data-chain="broken">
      {t('链断裂', 'Chain broken')}
      {brokenAt !== undefined ? ` @${brokenAt}` : ''}
      {reason ? ` (${reason})` : ''}
    </Tag>
  );
}

/** The standard clause an amount rests on: standard · version · item (with the quote when the catalog has it). */
export function StandardRefText({ standardRef }: { standardRef: StandardRef | null | undefined }) {
  const { t } = useLang();
  if (!standardRef) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={`${standardRef.standardId} · ${standardRef.versionId} · ${t('内容哈希', 'content hash')} ${shortId(standardRef.contentHash, 12)}`}>
      <Space size={4} wrap data-testid="standard-ref">
        <Typography.Text code>{shortId(standardRef.standardId, 12)}</Typography.Text>
        <Typography.Text type="secondary">{shortId(standardRef.versionId, 10)}</Typography.Text>
        <Tag color="blue">{t(`第 ${standardRef.itemNo} 项`, `item ${standardRef.itemNo}`)}</Tag>
      </Space>
    </Tooltip>
  );
}

/** A fact's or detail's value: money fields (…Fen) as yuan, the rest as compact text. */
export function valueText(value: unknown, t: (zh: string, en: string) => string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'kind');
    if (entries.length === 0) return '—';
    return entries.map(([k, v]) => `${k}: ${/Fen$/.test(k) && typeof v === 'number' ? yuan(v) : formatValue(v, t)}`).join(' · ');
  }
  return formatValue(value, t);
}

interface TraceStepLike {
  id?: string;
  titleZh?: string;
  operation?: string;
  result?: unknown;
  clause?: Parameters<typeof ClauseView>[0]['clause'];
}

/** A recorded engine trace, step by step (operation, result, clause). Tolerates any shape. */
export function TraceList({ trace }: { trace: unknown }) {
  const { t } = useLang();
  if (!Array.isArray(trace) || trace.length === 0) return <Typography.Text type="secondary">{t('未记录计算过程', 'No trace recorded')}</Typography.Text>;
  return (
    <ol aria-label={t('计算步骤', 'Trace steps')} style={{ margin: 0, paddingInlineStart: 20 }}>
      {(trace as TraceStepLike[]).map((step, i) => (
        <li key={`${step.id ?? i}-${i}`} style={{ marginBottom: 6 }}>
          <Flex gap={6} wrap align="baseline">
            <Typography.Text strong>{step.titleZh ?? step.id ?? `#${i + 1}`}</Typography.Text>
            {step.id ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{step.id}</Typography.Text> : null}
            {step.operation ? <Typography.Text code>{step.operation}</Typography.Text> : null}
            <span>
              → <Typography.Text strong>{formatValue(step.result, t)}</Typography.Text>
            </span>
          </Flex>
          {step.clause?.standardRef ? <ClauseView clause={step.clause} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** A label for a section that names what is shown. */
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
