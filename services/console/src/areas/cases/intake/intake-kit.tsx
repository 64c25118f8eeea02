import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { ZodType } from 'zod';
import { birthDateOf, isDivisionCode, validateResidentId } from '@benefits/identity';
import { api } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { useActor } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { useLang } from '../../../i18n';
import type { Benefit } from '../queue/labels';

/**
 * What the three intake forms share: the division field, the household members (Form.List), the
 * check of the body with the service's own schema before it is sent, issues placed next to their
 * fields, and the POST that lands on the new case.
 */

export type Issue = { path: string; message: string };
type FieldPath = (string | number)[];

const toFieldPath = (path: string): FieldPath => path.split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** Issues from zod (`safeParse`) as `{ path: 'members.0.residentId', message }`. */
export function zodIssues(schema: ZodType, body: unknown): Issue[] {
  const parsed = schema.safeParse(body);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Puts each issue on its field when the form has one; returns those that have none (shown in an alert). */
export function placeIssues(form: FormInstance, issues: Issue[], fieldOf: (path: FieldPath) => FieldPath | null = (p) => p): Issue[] {
  const unplaced: Issue[] = [];
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const issue of issues) {
    const name = fieldOf(toFieldPath(issue.path));
    let registered = false;
    if (name) {
      try {
        registered = form.getFieldInstance(name) !== undefined;
      } catch {
        registered = false;
      }
    }
    if (!name || !registered) {
      unplaced.push(issue);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unplaced;
}

/** The create request: validate with the schema, POST, go to the new case; server issues go to their fields too. */
export function useIntake<T>(form: FormInstance, benefit: Benefit, schema: ZodType<T>, toBody: (values: never) => unknown, fieldOf?: (path: FieldPath) => FieldPath | null) {
  const navigate = useNavigate();
  const { lang } = useLang();
  const queryClient = useQueryClient();
  const [issues, setIssues] = useState<Issue[]>([]);
  const mutation = useMutation({
    mutationFn: async (body: unknown) => (await api<{ caseId: string; revision: number; status: string }>('applications', `/cases/${benefit}`, { method: 'POST', body })).data,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['applications', 'cases'] });
      navigate(`/cases/${benefit}/${created.caseId}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const details = error.problem.details ?? {};
      const serverIssues: Issue[] = Array.isArray(details.issues) ? (details.issues as Issue[]) : typeof details.path === 'string' ? [{ path: details.path, message: error.problem.message[lang] }] : [];
      if (serverIssues.length > 0) placeIssues(form, serverIssues, fieldOf);
    },
  });
  const submit = async () => {
    setIssues([]);
    mutation.reset();
    let values: unknown;
    try {
      values = await form.validateFields();
    } catch (error) {
      // The form's own rules put their messages on the fields; bring the first into view.
      const first = (error as { errorFields?: { name: FieldPath }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
      return;
    }
    const body = toBody(values as never);
    const found = zodIssues(schema, body);
    if (found.length > 0) {
      placeIssues(form, found, fieldOf);
      setTimeout(() => document.querySelector('[data-testid="intake-issues"]')?.scrollIntoView({ block: 'center' }), 0);
      setIssues(found);
      return;
    }
    mutation.mutate(body);
  };
  return { submit, issues, mutation };
}

export function IssuesAlert({ issues }: { issues: Issue[] }) {
  const { t } = useLang();
  if (issues.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="intake-issues"
      title={t('表单有误，未提交', 'The form has errors; nothing was sent')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {issues.map((issue, i) => (
            <li key={i}>
              <Typography.Text code>{issue.path || '—'}</Typography.Text> {issue.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Submit bar: the button, the server's refusal, and a line on what happens next. */
export function IntakeFooter({ submit, issues, mutation, note }: ReturnType<typeof useIntake> & { note?: ReactNode }) {
  const { t } = useLang();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <IssuesAlert issues={issues} />
      {mutation.isError ? <ErrorAlert error={mutation.error} title={t('提交未成功，未创建案件', 'Not registered; no case was created')} /> : null}
      <Space wrap>
        <Button type="primary" size="large" loading={mutation.isPending} onClick={() => void submit()}>
          {t('提交申请', 'Register application')}
        </Button>
        {note ? <Typography.Text type="secondary">{note}</Typography.Text> : null}
      </Space>
    </Space>
  );
}

/** The 6-digit division the case belongs to; defaults to the officer's own. */
export function DivisionField({ label }: { label?: string }) {
  const { t } = useLang();
  const text = label ?? t('户籍所在行政区划', 'Division of household registration');
  return (
    <Form.Item
      label={text}
      name="divisionCode"
      rules={[
        { required: true, message: t('请输入行政区划代码', 'Enter the division code') },
        { validator: async (_, v: string) => (!v || isDivisionCode(v) ? undefined : Promise.reject(new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code')))) },
      ]}
    >
      <Input aria-label={text} maxLength={6} inputMode="numeric" style={{ width: 160 }} />
    </Form.Item>
  );
}

export function useDefaultDivision(): string {
  const actor = useActor();
  return actor.divisionCode;
}

export interface MemberField {
  key: string;
  label: string;
  render: (name: number) => ReactNode;
  span?: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 家庭成员: relation (or role), 姓名, 身份证号 (GB 11643 check here, before anything is sent), 出生日期
 * (filled from the 身份证号 and checked against it), and the benefit's own extra fields.
 */
export function MembersList({
  relationLabel,
  relationOptions,
  relationName = 'relation',
  min = 1,
  max = 20,
  extra = [],
  newMember,
  title,
}: {
  relationLabel: string;
  relationOptions: { value: string; label: string }[];
  relationName?: string;
  min?: number;
  max?: number;
  extra?: MemberField[];
  newMember: (index: number) => Record<string, unknown>;
  title?: string;
}) {
  const { t, lang } = useLang();
  const form = Form.useFormInstance();
  return (
    <Form.List
      name="members"
      rules={[
        {
          validator: async (_, members: unknown[] | undefined) => {
            if (!members || members.length < min) throw new Error(t(`至少填写 ${min} 名成员`, `At least ${min} member(s)`));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Card size="small" title={title ?? t('家庭成员', 'Household members')} aria-label={title ?? t('家庭成员', 'Household members')} style={{ marginBottom: 16 }}>
          {fields.map((field, index) => {
            const n = index + 1;
            const rowLabel = (what: string) => `${what}（${t(`成员 ${n}`, `member ${n}`)}）`;
            return (
              <div key={field.key} role="group" aria-label={t(`成员 ${n}`, `Member ${n}`)} style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 12 }}>
                <Row gutter={12} align="top" wrap>
                  <Col flex="none" style={{ paddingTop: 30 }}>
                    <Typography.Text strong>{n}</Typography.Text>
                  </Col>
                  <Col xs={24} sm={12} md={4}>
                    <Form.Item label={relationLabel} name={[field.name, relationName]} rules={[{ required: true, message: t('请选择', 'Choose one') }]}>
                      <Select aria-label={rowLabel(relationLabel)} options={relationOptions} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12} md={4}>
                    <Form.Item label={t('姓名', 'Name')} name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('请输入姓名', 'Enter the name') }]}>
                      <Input aria-label={rowLabel(t('姓名', 'Name'))} maxLength={50} autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12} md={6}>
                    <Form.Item
                      label={t('身份证号', 'Resident ID number')}
                      name={[field.name, 'residentId']}
                      validateTrigger="onBlur"
                      rules={[
                        { required: true, message: t('请输入身份证号', 'Enter the resident ID number') },
                        {
                          validator: async (_, v: string) => {
                            if (!v) return;
                            const r = validateResidentId(v);
                            if (!r.ok) throw new Error(`${t('身份证号无效', 'Invalid resident ID')}：${lang === 'zh' ? r.messageZh : r.messageEn}`);
                          },
                        },
                      ]}
                    >
                      <Input
                        aria-label={rowLabel(t('身份证号', 'Resident ID number'))}
                        maxLength={18}
                        autoComplete="off"
                        spellCheck={false}
                        onBlur={(e) => {
                          // 出生日期 from the 身份证号 when it is still empty.
                          const r = validateResidentId(e.target.value);
                          if (r.ok && !form.getFieldValue(['members', field.name, 'birthDate'])) {
                            form.setFieldValue(['members', field.name, 'birthDate'], birthDateOf(r.residentId));
                          }
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12} md={4}>
                    <Form.Item
                      label={t('出生日期', 'Date of birth')}
                      name={[field.name, 'birthDate']}
                      dependencies={[['members', field.name, 'residentId']]}
                      rules={[
                        { required: true, message: t('请输入出生日期', 'Enter the date of birth') },
                        { pattern: DATE_RE, message: t('格式 YYYY-MM-DD', 'Format YYYY-MM-DD') },
                        ({ getFieldValue }) => ({
                          validator: async (_, v: string) => {
                            const r = validateResidentId(getFieldValue(['members', field.name, 'residentId']) ?? '');
                            if (v && r.ok && DATE_RE.test(v) && r.birthDate !== v) throw new Error(t(`与身份证号不一致（${r.birthDate}）`, `Does not match the ID (${r.birthDate})`));
                          },
                        }),
                      ]}
                    >
                      <Input aria-label={rowLabel(t('出生日期', 'Date of birth'))} placeholder="YYYY-MM-DD" maxLength={10} />
                    </Form.Item>
                  </Col>
                  {extra.map((f) => (
                    <Col key={f.key} xs={24} sm={12} md={f.span ?? 4}>
                      {f.render(field.name)}
                    </Col>
                  ))}
                  <Col flex="none" style={{ paddingTop: 30 }}>
                    <Button
                      aria-label={t(`删除成员 ${n}`, `Remove member ${n}`)}
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= min}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              </div>
            );
          })}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= max} onClick={() => add(newMember(fields.length))}>
            {t('添加成员', 'Add member')}
          </Button>
        </Card>
      )}
    </Form.List>
  );
}

/** Trimmed text, or undefined when empty (optional fields are left out of the body). */
export const opt = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Yuan typed by the officer → integer fen (the services take fen only). */
export function fenOf(yuanValue: unknown): number | undefined {
  if (yuanValue === null || yuanValue === undefined || yuanValue === '') return undefined;
  const n = Number(yuanValue);
  if (!Number.isFinite(n)) return Number.NaN;
  return Math.round(n * 100);
}
