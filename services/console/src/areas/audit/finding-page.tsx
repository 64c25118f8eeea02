import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Space, Steps, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { AssignSchema, CheckSchema, OutcomeSchema } from '../../../../audit/src/anomalies/anomalies.schemas';
import { api, download } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { yuan } from '../../components/format';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useSession } from '../../auth/session';
import { useLang } from '../../i18n';
import { enc, type FindingDetail } from './api';
import { FindingStatusTag, useRuleTitles } from './anomalies-page';
import { beijing, benefitText, eventName } from './format';
import { CaseHistoryLink } from './history-page';
import { Section, valueText } from './shared';

interface Loaded {
  finding: FindingDetail;
  etag: string | null;
}

type Assignment = { assignee: string; note: string; by: string | null; at: string };
type Check = { result: string; note: string; evidenceRef: string | null; by: string | null; at: string };
type Outcome = { outcome: 'cleared'; reason: string; by: string | null; at: string } | { outcome: 'confirmed'; action: string; note: string; by: string | null; at: string };

/** 疑点 page: what was found, the evidence, the timeline, and the worklist steps the role may take (If-Match with the ETag read). */
export function FindingPage() {
  const { lang, t } = useLang();
  const { findingId = '' } = useParams();
  const title = useRuleTitles();
  const { can } = useSession();
  const { message } = App.useApp();
  const query = useQuery({
    queryKey: ['audit', 'finding', findingId],
    queryFn: async ({ signal }): Promise<Loaded> => {
      const res = await api<FindingDetail>('audit', `/audit/anomalies/${enc(findingId)}`, { signal });
      return { finding: res.data, etag: res.etag };
    },
  });
  const pack = useMutation({
    mutationFn: () => download('audit', `/audit/anomalies/${enc(findingId)}/evidence-package`, {}, `evidence-finding-${findingId}.json`),
    onSuccess: (file) => void message.success(t(`已下载证据包 ${file.name}`, `Evidence package ${file.name} downloaded`)),
  });
  return (
    <Page
      title={t('疑点', 'Finding')}
      extra={
        can('auditor', 'admin') ? (
          <Space orientation="vertical" align="end" size={4}>
            <Button icon={<DownloadOutlined />} loading={pack.isPending} onClick={() => pack.mutate()}>
              {t('下载证据包', 'Evidence package')}
            </Button>
            {pack.isError ? <ErrorAlert error={pack.error} /> : null}
          </Space>
        ) : null
      }
    >
      <QueryState query={query}>
        {({ finding: f, etag }) => (
          <Space orientation="vertical" size={12} style={{ width: '100%' }} data-status={f.status} data-revision={f.revision}>
            <Card size="small" aria-label={t('疑点概况', 'Finding summary')}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {f.summary[lang]}
              </Typography.Title>
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                <Descriptions.Item label={t('规则', 'Rule')}>
                  {title(f.ruleId)} <Typography.Text type="secondary">({f.ruleId})</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('状态', 'Status')}>
                  <FindingStatusTag status={f.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('金额', 'Amount')}>{yuan(f.amountFen)}</Descriptions.Item>
                <Descriptions.Item label={t('区划', 'Divisions')}>{f.divisionCodes.join(', ')}</Descriptions.Item>
                <Descriptions.Item label={t('发现于', 'Raised')}>{beijing(f.raisedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('更新于', 'Updated')}>{beijing(f.updatedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('审计流', 'Audit stream')}>
                  <Typography.Text code>
                    {f.streamId}@{f.revision}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('案件', 'Cases')}>
                  <Space orientation="vertical" size={0}>
                    {f.cases.map((c) => (
                      <span key={c.caseId}>
                        <CaseHistoryLink caseId={c.caseId} /> · {c.divisionCode}
                        {c.benefit ? ` · ${benefitText(c.benefit, lang)}` : ''}
                      </span>
                    ))}
                    {f.otherDivisions ? (
                      <Typography.Text type="secondary">
                        {f.otherDivisions.note[lang]}（{f.otherDivisions.cases} · {f.otherDivisions.divisionCodes.join(', ')}）
                      </Typography.Text>
                    ) : null}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('详情', 'Details')}>
                  <DetailsList details={f.details} />
                </Descriptions.Item>
                <Descriptions.Item label={t('依据事件', 'Evidence')}>
                  <Space orientation="vertical" size={0}>
                    {f.evidence.map((e, i) => (
                      <Typography.Text key={i} code>
                        {e.streamId}@{e.revision}
                        {e.note ? ` — ${e.note}` : ''}
                      </Typography.Text>
                    ))}
                    {f.hiddenEvidence > 0 ? <Typography.Text type="secondary">{t(`另有 ${f.hiddenEvidence} 条涉及其他区划，不予显示`, `${f.hiddenEvidence} more in other divisions, not shown`)}</Typography.Text> : null}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Workflow finding={f} etag={etag} />
            <Section title={t('经过', 'Timeline')}>
              <Table
                size="small"
                aria-label={t('疑点经过', 'Finding timeline')}
                rowKey="revision"
                pagination={false}
                dataSource={f.timeline}
                columns={[
                  { title: '#', dataIndex: 'revision', width: 48 },
                  { title: t('事件', 'Event'), dataIndex: 'type', width: 220, render: (v: string) => <Typography.Text code>{eventName(v)}</Typography.Text> },
                  { title: t('记录于（北京时间）', 'Recorded (Beijing)'), dataIndex: 'recordedAt', width: 170, render: (v: string) => beijing(v) },
                  { title: t('记录人', 'By'), dataIndex: 'actor', width: 170, render: (a: { id: string; role: string } | null) => (a ? `${a.id} (${a.role})` : '—') },
                  { title: t('内容', 'Data'), key: 'data', render: (_: unknown, e) => (e.data ? valueText(e.data, t) : e.scanId ? `${t('筛查', 'scan')} ${e.scanId.slice(0, 8)}…` : '—') },
                ]}
              />
            </Section>
          </Space>
        )}
      </QueryState>
    </Page>
  );
}

function Workflow({ finding, etag }: { finding: FindingDetail; etag: string | null }) {
  const { t } = useLang();
  const { can, actor } = useSession();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [issues, setIssues] = useState<string[]>([]);
  const step = useMutation({
    mutationFn: async ({ path, body }: { path: 'assign' | 'check' | 'outcome'; body: unknown }) => {
      const res = await api<FindingDetail>('audit', `/audit/anomalies/${enc(finding.findingId)}/${path}`, { method: 'POST', body, ifMatch: etag ?? undefined });
      return { finding: res.data, etag: res.etag } satisfies Loaded;
    },
    onSuccess: (loaded) => {
      queryClient.setQueryData(['audit', 'finding', finding.findingId], loaded);
      void queryClient.invalidateQueries({ queryKey: ['audit', 'anomalies'] });
      void message.success(t('已记录', 'Recorded'));
    },
  });
  const closed = finding.status === 'cleared' || finding.status === 'confirmed';
  const current = { open: 0, assigned: 1, checked: 2, cleared: 3, confirmed: 3 }[finding.status] ?? 0;
  const assignment = finding.assignment as Assignment | null;
  const check = finding.check as Check | null;
  const outcome = finding.outcome as Outcome | null;
  const send = (path: 'assign' | 'check' | 'outcome', schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setIssues(parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    setIssues([]);
    step.mutate({ path, body: parsed.data });
  };
  const mayAssign = can('auditor') && (finding.status === 'open' || finding.status === 'assigned');
  const mayCheck = can('auditor', 'case_officer', 'approver') && (finding.status === 'assigned' || finding.status === 'checked');
  const mayDecide = can('auditor') && finding.status === 'checked';
  return (
    <Card size="small" title={t('处理', 'Resolution')} aria-label={t('处理', 'Resolution')}>
      <Steps
        size="small"
        current={closed ? 3 : current}
        status={finding.status === 'confirmed' ? 'error' : closed ? 'finish' : 'process'}
        items={[
          { title: t('发现', 'Raised'), content: beijing(finding.raisedAt, false) },
          { title: t('分派核查', 'Assigned'), content: assignment ? `${assignment.assignee} · ${assignment.by ?? ''}` : undefined },
          { title: t('核查', 'Checked'), content: check ? `${check.result === 'confirmed_on_site' ? t('属实', 'confirmed on site') : t('不属实', 'not confirmed')} · ${check.by ?? ''}` : undefined },
          {
            title: t('结论', 'Outcome'),
            content: outcome ? (outcome.outcome === 'cleared' ? t('排除', 'cleared') : `${t('确认', 'confirmed')} · ${outcome.action === 'recovery' ? t('追缴', 'recovery') : t('移送', 'referral')}`) : undefined,
          },
        ]}
      />
      {outcome ? (
        <Alert
          style={{ marginTop: 12 }}
          type={outcome.outcome === 'confirmed' ? 'error' : 'success'}
          showIcon
          data-testid="finding-outcome"
          title={
            outcome.outcome === 'cleared'
              ? t(`已排除：${outcome.reason}`, `Cleared: ${outcome.reason}`)
              : t(`已确认（${outcome.action === 'recovery' ? '追缴' : '移送'}）：${outcome.note}`, `Confirmed (${outcome.action}): ${outcome.note}`)
          }
          description={`${outcome.by ?? ''} · ${beijing(outcome.at)}`}
        />
      ) : null}
      {assignment || check ? (
        <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
          {assignment ? <Descriptions.Item label={t('分派', 'Assignment')}>{`${assignment.assignee}${assignment.note ? ` — ${assignment.note}` : ''} (${assignment.by ?? ''}, ${beijing(assignment.at)})`}</Descriptions.Item> : null}
          {check ? (
            <Descriptions.Item label={t('核查结果', 'Check')}>
              {`${check.result === 'confirmed_on_site' ? t('属实', 'confirmed on site') : t('不属实', 'not confirmed')} — ${check.note}${check.evidenceRef ? ` [${check.evidenceRef}]` : ''} (${check.by ?? ''}, ${beijing(check.at)})`}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      ) : null}
      {issues.length > 0 ? <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={t('请检查填写内容', 'Please check the form')} description={issues.join('; ')} /> : null}
      {step.isError ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={step.error} onRetry={() => void queryClient.invalidateQueries({ queryKey: ['audit', 'finding', finding.findingId] }).then(() => step.reset())} />
        </div>
      ) : null}
      {!closed ? (
        <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
          {mayAssign ? (
            <Col xs={24} lg={8}>
              <AssignForm defaultAssignee={assignment?.assignee ?? ''} pending={step.isPending} onSubmit={(body) => send('assign', AssignSchema, body)} />
            </Col>
          ) : null}
          {mayCheck ? (
            <Col xs={24} lg={8}>
              <CheckForm pending={step.isPending} onSubmit={(body) => send('check', CheckSchema, body)} />
            </Col>
          ) : null}
          {mayDecide ? (
            <Col xs={24} lg={8}>
              <OutcomeForm pending={step.isPending} onSubmit={(body) => send('outcome', OutcomeSchema, body)} />
            </Col>
          ) : null}
          {!mayAssign && !mayCheck && !mayDecide ? (
            <Col span={24}>
              <Typography.Text type="secondary">
                {finding.status === 'open'
                  ? t('待审计人员分派核查。', 'Waiting for an auditor to assign it.')
                  : t(`当前状态下您的角色（${actor?.role ?? ''}）无可办理的步骤。`, `No step is open to your role (${actor?.role ?? ''}) in this state.`)}
              </Typography.Text>
            </Col>
          ) : null}
        </Row>
      ) : null}
    </Card>
  );
}

function AssignForm({ defaultAssignee, pending, onSubmit }: { defaultAssignee: string; pending: boolean; onSubmit: (body: { assignee: string; note: string }) => void }) {
  const { t } = useLang();
  const [assignee, setAssignee] = useState(defaultAssignee);
  const [note, setNote] = useState('');
  return (
    <Card size="small" type="inner" title={t('分派核查', 'Assign for checking')}>
      <Form layout="vertical" onFinish={() => onSubmit({ assignee: assignee.trim(), note: note.trim() })}>
        <Form.Item label={t('核查人工号', 'Assignee (staff id)')} htmlFor="finding-assignee">
          <Input id="finding-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('分派说明', 'Assignment note')} htmlFor="finding-assign-note">
          <Input.TextArea id="finding-assign-note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          {defaultAssignee ? t('重新分派', 'Re-assign') : t('分派', 'Assign')}
        </Button>
      </Form>
    </Card>
  );
}

function CheckForm({ pending, onSubmit }: { pending: boolean; onSubmit: (body: { result: string; note: string; evidenceRef?: string }) => void }) {
  const { t } = useLang();
  const [result, setResult] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [evidenceRef, setEvidenceRef] = useState('');
  return (
    <Card size="small" type="inner" title={t('记录核查结果', 'Record the check')}>
      <Form layout="vertical" onFinish={() => onSubmit({ result: result ?? '', note: note.trim(), ...(evidenceRef.trim() ? { evidenceRef: evidenceRef.trim() } : {}) })}>
        <Form.Item label={t('核查结果', 'Check result')}>
          <Radio.Group aria-label={t('核查结果', 'Check result')} value={result} onChange={(e) => setResult(e.target.value)}>
            <Radio value="confirmed_on_site">{t('属实', 'Confirmed on site')}</Radio>
            <Radio value="not_confirmed">{t('不属实', 'Not confirmed')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('核查说明', 'Check note')} htmlFor="finding-check-note">
          <Input.TextArea id="finding-check-note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
        </Form.Item>
        <Form.Item label={t('证据编号（可选）', 'Evidence reference (optional)')} htmlFor="finding-evidence-ref">
          <Input id="finding-evidence-ref" value={evidenceRef} onChange={(e) => setEvidenceRef(e.target.value)} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          {t('记录核查', 'Record check')}
        </Button>
      </Form>
    </Card>
  );
}

function OutcomeForm({ pending, onSubmit }: { pending: boolean; onSubmit: (body: unknown) => void }) {
  const { t } = useLang();
  const [outcome, setOutcome] = useState<'cleared' | 'confirmed' | undefined>(undefined);
  const [action, setAction] = useState<'recovery' | 'referral' | undefined>(undefined);
  const [text, setText] = useState('');
  return (
    <Card size="small" type="inner" title={t('作出结论', 'Decide the outcome')}>
      <Form
        layout="vertical"
        onFinish={() => onSubmit(outcome === 'cleared' ? { outcome, reason: text.trim() } : { outcome: outcome ?? '', action: action ?? '', note: text.trim() })}
      >
        <Form.Item label={t('结论', 'Outcome')}>
          <Radio.Group aria-label={t('结论', 'Outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <Radio value="confirmed">{t('确认问题', 'Confirmed')}</Radio>
            <Radio value="cleared">{t('排除', 'Cleared')}</Radio>
          </Radio.Group>
        </Form.Item>
        {outcome === 'confirmed' ? (
          <Form.Item label={t('处理方式', 'Action')}>
            <Radio.Group aria-label={t('处理方式', 'Action')} value={action} onChange={(e) => setAction(e.target.value)}>
              <Radio value="recovery">{t('追缴', 'Recovery')}</Radio>
              <Radio value="referral">{t('移送', 'Referral')}</Radio>
            </Radio.Group>
          </Form.Item>
        ) : null}
        <Form.Item label={outcome === 'cleared' ? t('排除理由', 'Reason') : t('结论说明', 'Outcome note')} htmlFor="finding-outcome-text">
          <Input.TextArea id="finding-outcome-text" value={text} onChange={(e) => setText(e.target.value)} rows={2} />
        </Form.Item>
        <Button type="primary" danger={outcome === 'confirmed'} htmlType="submit" loading={pending}>
          {t('记录结论', 'Record outcome')}
        </Button>
      </Form>
    </Card>
  );
}


/** A finding's details: one line per field; a list of records one line per record. */
function DetailsList({ details }: { details: Record<string, unknown> }) {
  const { t } = useLang();
  const entries = Object.entries(details);
  if (entries.length === 0) return <span>—</span>;
  return (
    <ul aria-label={t('详情', 'Details')} style={{ margin: 0, paddingInlineStart: 18 }}>
      {entries.map(([key, value]) =>
        Array.isArray(value) && value.every((v) => v && typeof v === 'object') ? (
          <li key={key}>
            <Typography.Text type="secondary">{key}</Typography.Text>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {value.map((v, i) => (
                <li key={i}>{valueText(v, t)}</li>
              ))}
            </ul>
          </li>
        ) : (
          <li key={key}>
            <Typography.Text type="secondary">{key}</Typography.Text>: {/Fen$/.test(key) && typeof value === 'number' ? valueText({ [key]: value }, t).replace(`${key}: `, '') : valueText(value, t)}
          </li>
        ),
      )}
    </ul>
  );
}
