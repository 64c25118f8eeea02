import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Space, Typography, Upload } from 'antd';
import { CloudUploadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { problemOf } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { useLang } from '../../i18n';
import type { PublishRulePackResult, RulePackProblem } from './api';

interface PublishValues {
  json: string;
}

/** What the browser's JSON parser said, in both languages: nothing was sent. */
interface ParseFailure {
  message: string;
}

/**
 * 发布规则包 (admin): a pack file chosen (read in the browser) or pasted, parsed here — a text that is
 * not a JSON object is refused before anything is sent — then POST /rule-packs with the object as the
 * body. The service checks it against the benefit's engine and the catalogued text of the standard
 * version it cites, and records it; the answer (published, or already published) is shown, a refusal
 * with its code and every problem it lists.
 */
export function PublishPackCard() {
  const { t } = useLang();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PublishValues>();
  const json = Form.useWatch('json', form) ?? '';
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [parseFailure, setParseFailure] = useState<ParseFailure | null>(null);
  const publishing = useMutation({
    mutationFn: async (pack: Record<string, unknown>) => (await api<PublishRulePackResult>('eligibility', '/rule-packs', { method: 'POST', body: pack })).data,
    // The list, the pack's page and the standard (its stream records the publication) are read again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['eligibility'] }),
  });

  const submit = ({ json: text }: PublishValues) => {
    publishing.reset();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      setParseFailure({ message: (error as Error).message });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setParseFailure({ message: 'not an object / 不是对象' });
      return;
    }
    setParseFailure(null);
    publishing.mutate(parsed as Record<string, unknown>);
  };

  return (
    <Card size="small" title={t('发布规则包', 'Publish a rule pack')}>
      <Form<PublishValues>
        name="publishPack"
        form={form}
        layout="vertical"
        aria-label={t('发布规则包', 'Publish a rule pack')}
        initialValues={{ json: '' }}
        onFinish={submit}
        onValuesChange={() => {
          // An edited text is a new attempt: the answer to the previous one no longer describes it.
          setParseFailure(null);
          if (!publishing.isPending) publishing.reset();
        }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t(
            '规则包文件（JSON）：每个参数须引用已导入标准版本的条目原文。服务逐条核对引文和数值后记录；已发布的规则包不可修改，更正请以新编号发布。',
            'A rule pack file (JSON): each parameter quotes an item of an imported standard version. The service checks every quote and value before recording it; a published pack is never edited — publish a correction under a new id.',
          )}
        </Typography.Paragraph>
        <Form.Item
          name="json"
          label={t('规则包 JSON', 'Rule pack JSON')}
          extra={
            <Flex gap={12} wrap>
              <span>{t(`${json.length} 字`, `${json.length} characters`)}</span>
              {fileNote ? <span>{fileNote}</span> : null}
            </Flex>
          }
          rules={[{ required: true, whitespace: true, message: t('请粘贴规则包 JSON 或选择文件', 'Paste the pack JSON or choose a file') }]}
        >
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 14 }} placeholder='{ "id": "tefu-339900-2026", "benefit": "tefu", … }' style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={async (file) => {
              form.setFieldsValue({ json: await file.text() });
              setFileNote(t(`已读取 ${file.name}`, `Read ${file.name}`));
              setParseFailure(null);
              publishing.reset();
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('选择规则包文件（.json）', 'Choose a pack file (.json)')}</Button>
          </Upload>
          <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={publishing.isPending}>
            {t('发布', 'Publish')}
          </Button>
        </Flex>
      </Form>
      <div style={{ marginTop: 12 }} aria-live="polite" data-testid="publish-outcome">
        {parseFailure ? <ParseFailureAlert failure={parseFailure} /> : null}
        {publishing.isError ? <PublishRefusal error={publishing.error} /> : null}
        {publishing.data ? <PublishAnswer answer={publishing.data} /> : null}
      </div>
    </Card>
  );
}

function ParseFailureAlert({ failure }: { failure: ParseFailure }) {
  return (
    <Alert
      type="error"
      showIcon
      data-testid="pack-json-error"
      title="规则包 JSON 格式有误，未发送 · The rule pack is not valid JSON; nothing was sent"
      description={<Typography.Text code>{failure.message}</Typography.Text>}
    />
  );
}

function PublishAnswer({ answer }: { answer: PublishRulePackResult }) {
  const { t } = useLang();
  return (
    <Alert
      type={answer.created ? 'success' : 'info'}
      showIcon
      data-testid="publish-answer"
      title={
        answer.created
          ? t(`已发布规则包 ${answer.id}`, `Published rule pack ${answer.id}`)
          : t(`该规则包已发布过，未重复记录（${answer.id}）`, `This rule pack was published before; nothing was added (${answer.id})`)
      }
      description={
        <Space orientation="vertical" size={4}>
          <span>
            {t('标准', 'Standard')} {answer.standard.standardId} · {t('版本', 'version')} <Typography.Text code>{answer.standard.versionId}</Typography.Text> ·{' '}
            {t(`${answer.parameterCount} 个参数`, `${answer.parameterCount} parameter(s)`)}
          </span>
          {answer.packHash ? (
            <span>
              {t('内容摘要', 'Pack hash')}: <Typography.Text code>{answer.packHash}</Typography.Text>
            </span>
          ) : null}
          {answer.supersedes ? (
            <span>
              {t('取代', 'Supersedes')} <Link to={`/rule-packs/${encodeURIComponent(answer.supersedes)}`}>{answer.supersedes}</Link>
              {t('（此后的认定使用新规则包；已作出的认定仍指向原规则包）', ' (new determinations use this pack; earlier ones keep the pack they name)')}
            </span>
          ) : null}
          {answer.requiresActivation ? (
            <Typography.Text type="warning" data-testid="publish-requires-activation">
              {t(
                '所依据的标准版本未注明施行日期或为征求意见稿：须先为区划启用该版本，认定才会使用此规则包。',
                'The standard version it cites is undated or a draft: the version must be activated for a division before determinations use this pack.',
              )}
            </Typography.Text>
          ) : null}
          <Link to={`/rule-packs/${encodeURIComponent(answer.id)}`}>
            {t('打开规则包', 'Open the rule pack')} {answer.id}
          </Link>
        </Space>
      }
    />
  );
}

const PROBLEM_TEXT: Record<string, [string, string]> = {
  'version-not-found': ['所引用的标准版本尚未导入', 'the standard version it cites is not in the catalog'],
  'item-not-found': ['该版本没有此条目', 'the version has no such item'],
  'field-not-found': ['该条目没有此字段', 'the item has no such field'],
  'quote-not-found': ['引文不在该条目该字段的原文中', 'the quote is not in that field of the item'],
  'value-not-in-quote': ['参数值未出现在引文中', 'the value is not printed in the quote'],
  'unknown-parameter': ['该待遇的计算规则没有此参数', "the benefit's rules have no such parameter"],
  'missing-parameter': ['缺少必需参数', 'a required parameter is missing'],
  'wrong-kind': ['参数值类型不符', 'the value is of the wrong kind'],
  'duplicate-parameter': ['参数重复', 'the parameter appears twice'],
  'unknown-reading': ['未知的解读', 'unknown reading'],
};

/**
 * A refusal: the service's code and message (ErrorAlert, which also lists validation issues by path),
 * then each problem the service names in `details.problems` — which parameter, which item and field,
 * what is wrong and what was expected.
 */
function PublishRefusal({ error }: { error: unknown }) {
  const { t } = useLang();
  const details = problemOf(error).details;
  const problems = Array.isArray(details?.problems) ? (details.problems as RulePackProblem[]) : [];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <ErrorAlert error={error} title={t('规则包未发布', 'The rule pack was not published')} />
      {problems.length > 0 ? (
        <ul aria-label={t('规则包问题', 'Problems of the pack')} style={{ margin: 0, paddingInlineStart: 20 }}>
          {problems.slice(0, 50).map((p, i) => {
            const text = PROBLEM_TEXT[p.problem];
            return (
              <li key={i}>
                <Typography.Text code>{p.parameter ?? p.key ?? '*'}</Typography.Text> <Typography.Text code>{p.problem}</Typography.Text> {text ? t(text[0], text[1]) : null}
                {p.itemNo && p.itemNo !== '*' ? ` · ${t(`第 ${p.itemNo} 项`, `item ${p.itemNo}`)}` : ''}
                {p.field && p.field !== '*' ? ` · ${p.field}` : ''}
                {p.quote ? <Typography.Text type="secondary"> · 「{p.quote}」</Typography.Text> : null}
                {p.expected ? <Typography.Text type="secondary">{` · ${t('应为', 'expected')} ${p.expected}`}</Typography.Text> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </Space>
  );
}
