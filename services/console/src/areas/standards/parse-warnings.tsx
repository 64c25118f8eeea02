import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { instant } from '../../components/format';
import { useLang } from '../../i18n';
import type { ParseWarning, VersionSummary } from './api';
import { within } from './catalog';

const lines = (w: Pick<ParseWarning, 'line' | 'endLine'>, t: (zh: string, en: string) => string) =>
  w.endLine !== null && w.endLine !== undefined && w.endLine !== w.line ? t(`第 ${w.line}–${w.endLine} 行`, `lines ${w.line}–${w.endLine}`) : t(`第 ${w.line} 行`, `line ${w.line}`);

/**
 * 解析提示 of a version: each warning with its line(s), code and message, and whether an admin has
 * acknowledged it (by whom, when, the note). A version with an open warning cannot be 启用; an admin
 * of the standard's division (or above) acknowledges each after checking it against the source, with
 * a required note — or imports a corrected file, which becomes a new version with its own warnings.
 */
export function ParseWarnings({ version }: { version: VersionSummary }) {
  const { t } = useLang();
  const { can, actor } = useSession();
  const [acknowledging, setAcknowledging] = useState<ParseWarning | null>(null);
  const warnings = version.warnings ?? [];
  if (warnings.length === 0) return null;
  const open = warnings.filter((w) => !w.acknowledged).length;
  const mayAcknowledge = Boolean(version.standardId && version.divisionCode && can('admin') && actor && within(version.divisionCode, actor.divisionCode));
  return (
    <section aria-label={t('解析提示', 'Parse warnings')} data-testid="parse-warnings" style={{ marginTop: 8 }}>
      <Alert
        type={open > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 8 }}
        title={
          open > 0
            ? t(`解析提示 ${warnings.length} 条，其中 ${open} 条未确认：确认前不能启用此版本`, `${warnings.length} parse warnings, ${open} not acknowledged: this version cannot be activated until each is`)
            : t(`解析提示 ${warnings.length} 条，均已确认`, `${warnings.length} parse warnings, all acknowledged`)
        }
        description={
          open > 0
            ? t('请对照原件逐条核对并确认（须填写核对说明），或导入更正后的文件（作为新版本）。', 'Check each against the source and acknowledge it with a note, or import a corrected file (a new version).')
            : undefined
        }
      />
      <Table<ParseWarning>
        size="small"
        rowKey="warningId"
        aria-label={t('解析提示列表', 'Parse warnings')}
        dataSource={warnings}
        pagination={warnings.length > 20 ? { pageSize: 20, size: 'small' } : false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('行', 'Line'), key: 'line', width: 120, render: (_v, w) => <span style={{ whiteSpace: 'nowrap' }}>{lines(w, t)}</span> },
          { title: t('代码', 'Code'), dataIndex: 'code', width: 230, render: (c: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{c}</Typography.Text> },
          { title: t('说明', 'Message'), dataIndex: 'message' },
          {
            title: t('确认', 'Acknowledged'),
            key: 'acknowledged',
            width: 260,
            render: (_v, w) =>
              w.acknowledged ? (
                <Flex vertical gap={2} data-testid={`warning-acknowledged-${w.warningId}`}>
                  <span>
                    <Tag color="green">{t('已确认', 'Acknowledged')}</Tag>
                    {w.acknowledged.by.id}（{w.acknowledged.by.divisionCode}） · {instant(w.acknowledged.at)}
                  </span>
                  <Typography.Text type="secondary">{w.acknowledged.note}</Typography.Text>
                </Flex>
              ) : mayAcknowledge ? (
                <Button size="small" icon={<CheckOutlined />} onClick={() => setAcknowledging(w)} aria-label={`${t('确认', 'Acknowledge')} ${w.warningId}`}>
                  {t('确认', 'Acknowledge')}
                </Button>
              ) : (
                <Tag color="orange">{t('待确认', 'Open')}</Tag>
              ),
          },
        ]}
      />
      {acknowledging && version.standardId ? (
        <AcknowledgeDialog standardId={version.standardId} versionId={version.versionId} warning={acknowledging} onClose={() => setAcknowledging(null)} />
      ) : null}
    </section>
  );
}

function AcknowledgeDialog({ standardId, versionId, warning, onClose }: { standardId: string; versionId: string; warning: ParseWarning; onClose: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const acknowledge = useMutation({
    mutationFn: async (note: string) =>
      (
        await api<{ openWarnings: number; revision: number }>(
          'eligibility',
          `/standards/${standardId}/versions/${versionId}/warnings/${encodeURIComponent(warning.warningId)}/acknowledgements`,
          { method: 'POST', body: { note } },
        )
      ).data,
    onSuccess: async (answer) => {
      message.success(answer.openWarnings > 0 ? t(`已确认，尚有 ${answer.openWarnings} 条未确认`, `Acknowledged; ${answer.openWarnings} still open`) : t('已确认，全部解析提示均已确认', 'Acknowledged; no warning is open'));
      await queryClient.invalidateQueries({ queryKey: ['eligibility'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('确认解析提示', 'Acknowledge a parse warning')}
      onCancel={onClose}
      okText={t('确认', 'Acknowledge')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={acknowledge.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <p>
        {lines(warning, t)} <Typography.Text code>{warning.code}</Typography.Text> {warning.message}
      </p>
      <Form<{ note: string }> form={form} layout="vertical" aria-label={t('确认解析提示', 'Acknowledge a parse warning')} onFinish={(v) => acknowledge.mutate(v.note.trim())}>
        <Form.Item
          name="note"
          label={t('核对说明', 'Note')}
          extra={t('写明核对了什么，例如「第37行系页眉，已核对原件，无遗漏」', 'What you checked, e.g. "line 37 is a page header; checked against the original, nothing missing"')}
          rules={[
            { required: true, whitespace: true, message: t('请填写核对说明', 'Enter a note') },
            { max: 1000, message: t('最多 1000 字', 'At most 1000 characters') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
      {acknowledge.isError ? <ErrorAlert error={acknowledge.error} /> : null}
    </Modal>
  );
}

/** The open warnings a refused 启用 lists (409 STANDARD_WARNINGS_UNACKNOWLEDGED, details.openWarnings). */
export function OpenWarningsList({ warnings }: { warnings: Pick<ParseWarning, 'warningId' | 'line' | 'endLine' | 'code' | 'message'>[] }) {
  const { t } = useLang();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label={t('未确认的解析提示', 'Open parse warnings')} data-testid="open-warnings">
      {warnings.map((w) => (
        <li key={w.warningId}>
          {lines(w, t)} <Typography.Text code>{w.code}</Typography.Text> {w.message}
        </li>
      ))}
    </ul>
  );
}
