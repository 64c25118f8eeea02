import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Space, Steps, Typography, Upload } from 'antd';
import { ImportOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { isDivisionCode } from '@benefits/identity';
import { api } from '../../api/client';
import { useActor, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { bookTitle, type StandardDetail, type StandardItem } from './api';
import { within } from './catalog';
import { ItemsTable } from './items-table';
import { ActivationForm, NotAllowed, ParseReport } from './standard-page';

interface ImportValues {
  division: string;
  sourceName?: string;
  text: string;
}

interface ImportAnswer {
  standardId: string;
  versionId: string;
  created: boolean;
  format: 'text' | 'pdf' | 'docx';
  itemCount: number;
  warnings: { line: number; endLine?: number; code: string; message: string }[];
}

const PDF_TYPE = 'application/pdf';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A published file sent as it is (the service reads its text layer); null for text. */
function publishedFileType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.pdf') || file.type === PDF_TYPE) return PDF_TYPE;
  if (name.endsWith('.docx') || file.type === DOCX_TYPE) return DOCX_TYPE;
  return null;
}

/**
 * 导入标准 (admin): a standards document as published — a PDF with a text layer or a .docx, sent as
 * it is — or as plain text, pasted or read from a file, sent to
 * POST /standards/import?division=…&sourceName=… (raw body with its media type). The service parses and records the
 * version; the page then shows the parse report (metadata with lines, items, in force or not) and
 * offers activation as the explicit next step.
 */
export function ImportPage() {
  const { can } = useSession();
  if (!can('admin')) return <NotAllowed />;
  return <ImportBody />;
}

function ImportBody() {
  const { t } = useLang();
  const actor = useActor();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ImportValues>();
  const text = Form.useWatch('text', form) ?? '';
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [published, setPublished] = useState<{ file: File; type: string } | null>(null);
  const importing = useMutation({
    mutationFn: async (v: ImportValues) =>
      (
        await api<ImportAnswer>('eligibility', '/standards/import', {
          method: 'POST',
          query: { division: v.division.trim(), sourceName: v.sourceName?.trim() || undefined },
          body: published ? published.file : v.text,
          contentType: published ? published.type : 'text/plain; charset=utf-8',
        })
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['eligibility'] }),
  });
  const answer = importing.data;
  const [activatedFor, setActivatedFor] = useState<string | null>(null);
  const step = answer ? (activatedFor === answer.versionId ? 3 : 1) : 0;
  return (
    <Page title={t('导入标准', 'Import a standard')} extra={<Link to="/standards">{t('返回标准目录', 'Back to the catalog')}</Link>}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Steps
          size="small"
          current={step}
          items={[{ title: t('导入文件', 'Import the text') }, { title: t('核对解析报告', 'Check the parse report') }, { title: t('启用（如需）', 'Activate (if needed)') }]}
        />
        <Card size="small" title={t('标准文件', 'Document')}>
          <Form<ImportValues>
            name="import"
            form={form}
            layout="vertical"
            aria-label={t('导入标准', 'Import a standard')}
            initialValues={{ division: actor.divisionCode, sourceName: '', text: '' }}
            onFinish={(v) => importing.mutate(v)}
          >
            <Flex gap={16} wrap>
              <Form.Item
                name="division"
                label={t('发布区划代码', 'Publishing division code')}
                extra={t('文件只印区划名称，请填写发布单位所属区划代码', 'Documents print names, not codes')}
                style={{ minWidth: 240 }}
                rules={[
                  { required: true, message: t('请填写区划代码', 'Enter a division code') },
                  {
                    validator: async (_r, v: string) => {
                      const code = (v ?? '').trim();
                      if (!code) return;
                      if (!isDivisionCode(code)) throw new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code'));
                      if (!within(code, actor.divisionCode)) throw new Error(t('超出您的管辖区划', 'Outside your division'));
                    },
                  },
                ]}
              >
                <Input maxLength={6} />
              </Form.Item>
              <Form.Item name="sourceName" label={t('来源名称（可选）', 'Source name (optional)')} style={{ minWidth: 320, flex: 1 }} rules={[{ max: 200 }]}>
                <Input placeholder={t('如文件名', 'e.g. the file name')} />
              </Form.Item>
            </Flex>
            <Form.Item
              name="text"
              label={t('文件文本', 'Document text')}
              extra={
                <Flex gap={12} align="center" wrap>
                  <span>{t(`共 ${text ? text.split('\n').length : 0} 行，${text.length} 字`, `${text ? text.split('\n').length : 0} lines, ${text.length} characters`)}</span>
                  {fileNote ? <span>{fileNote}</span> : null}
                </Flex>
              }
              rules={published ? [] : [{ required: true, whitespace: true, message: t('请粘贴文件文本或选择文件', 'Paste the text or choose a file') }]}
            >
              <Input.TextArea
                disabled={published !== null} autoSize={{ minRows: 8, maxRows: 16 }} placeholder={t('粘贴标准文件的纯文本（UTF-8）', 'Paste the document as plain UTF-8 text')} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            </Form.Item>
            <Flex gap={8} wrap>
              <Upload
                accept=".txt,.pdf,.docx,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                showUploadList={false}
                beforeUpload={async (file) => {
                  const type = publishedFileType(file);
                  form.setFieldsValue({ sourceName: form.getFieldValue('sourceName') || file.name });
                  if (type) {
                    setPublished({ file, type });
                    form.setFieldsValue({ text: '' });
                    setFileNote(
                      t(
                        `已选择 ${file.name}（${type === PDF_TYPE ? 'PDF' : 'Word'}，由服务读取文字层；扫描件无法识别）`,
                        `Chose ${file.name} (${type === PDF_TYPE ? 'PDF' : 'Word'}; the service reads its text; scans cannot be read)`,
                      ),
                    );
                  } else {
                    setPublished(null);
                    form.setFieldsValue({ text: await file.text() });
                    setFileNote(t(`已读取 ${file.name}`, `Read ${file.name}`));
                  }
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{t('选择文件（PDF、Word .docx 或文本）', 'Choose a file (PDF, Word .docx or text)')}</Button>
              </Upload>
              {published ? (
                <Button
                  onClick={() => {
                    setPublished(null);
                    setFileNote(null);
                  }}
                >
                  {t('改为粘贴文本', 'Paste text instead')}
                </Button>
              ) : null}
              <Button type="primary" htmlType="submit" icon={<ImportOutlined />} loading={importing.isPending}>
                {t('导入并解析', 'Import and parse')}
              </Button>
            </Flex>
          </Form>
          {importing.isError ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={importing.error} />
            </div>
          ) : null}
        </Card>
        {answer ? <ImportResult key={answer.versionId} answer={answer} onActivated={() => setActivatedFor(answer.versionId)} /> : null}
      </Space>
    </Page>
  );
}

const FORMAT_ZH: Record<ImportAnswer['format'], string> = { text: '文本', pdf: 'PDF', docx: 'Word（.docx）' };

function ImportResult({ answer, onActivated }: { answer: ImportAnswer; onActivated: () => void }) {
  const { t } = useLang();
  const detail = useQuery({
    queryKey: ['eligibility', 'standard-detail', answer.standardId],
    queryFn: async () => (await api<StandardDetail>('eligibility', `/standards/${answer.standardId}`)).data,
  });
  const items = useQuery({
    queryKey: ['eligibility', 'standard-items', answer.standardId, answer.versionId, null],
    queryFn: async () => (await api<{ items: StandardItem[] }>('eligibility', `/standards/${answer.standardId}/versions/${answer.versionId}/items`)).data.items,
  });
  return (
    <QueryState query={detail}>
      {(s) => {
        const version = s.versions.find((v) => v.versionId === answer.versionId);
        const document = s.documents.find((d) => d.versionId === answer.versionId)?.document;
        return (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Alert
              type={answer.created ? 'success' : 'info'}
              showIcon
              title={
                answer.created
                  ? t(`已导入 ${bookTitle(version?.title) ?? ''} 版本 ${answer.versionId}`, `Imported ${bookTitle(version?.title) ?? ''} version ${answer.versionId}`)
                  : t(`该文本已导入过（版本 ${answer.versionId}），未重复记录`, `This text was imported before (version ${answer.versionId}); nothing was added`)
              }
              data-testid="import-answer"
              data-format={answer.format}
              description={
                <Space orientation="vertical" size={4}>
                  <span>
                    {t(
                      `读取为 ${FORMAT_ZH[answer.format]}，解析出 ${answer.itemCount} 个服务项目，${answer.warnings.length} 条警告${answer.warnings.length ? '（启用前须逐条确认）' : ''}`,
                      `Read as ${answer.format}; ${answer.itemCount} service items, ${answer.warnings.length} warning(s)${answer.warnings.length ? ' (each must be acknowledged before activation)' : ''}`,
                    )}
                  </span>
                  <Link to={`/standards/${answer.standardId}`}>
                    {t('打开标准页', 'Open the standard')} {answer.standardId}
                  </Link>
                </Space>
              }
            />
            <Card size="small" title={t('解析报告', 'Parse report')} data-testid="parse-report">
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                {version && document ? <ParseReport version={version} document={document} heading={false} /> : null}
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('解析出的条目', 'Items found')}
                </Typography.Title>
                <QueryState query={items}>{(list) => <ItemsTable items={list} pageSize={10} />}</QueryState>
              </Space>
            </Card>
            <Card size="small" title={t('下一步：启用', 'Next: activate')}>
              <ActivationForm standard={s} versionId={answer.versionId} onDone={onActivated} />
            </Card>
          </Space>
        );
      }}
    </QueryState>
  );
}
