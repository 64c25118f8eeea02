import { useState } from 'react';
import { todayInChina } from '../../components/format';
import { Alert, Button, Card, Checkbox, Col, Divider, Flex, Form, Input, InputNumber, Row, Select, Space, Tabs, Typography } from 'antd';
import { CalculatorOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { EngineResult } from '@benefits/benefits';
import { isDivisionCode } from '@benefits/identity';
import { EvaluateRequestSchema } from '../../../../../libs/benefits/src/evaluate/schema';
import { api } from '../../api/client';
import { useActor } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { Explanation, SampleDataNotice } from '../../components/explanation';
import { Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useLang } from '../../i18n';
import { useRulePacks, type RulePackSummary } from './api';

type Benefit = 'tefu' | 'dibao' | 'linshi';
type Issue = { path: string; message: string };

const today = () => todayInChina();
const fen = (yuanValue: number | null | undefined) => Math.round(Number(yuanValue ?? 0) * 100);
const dateRule = (t: (zh: string, en: string) => string) => ({
  pattern: /^\d{4}-\d{2}-\d{2}$/,
  message: t('日期格式为 YYYY-MM-DD', 'A date is YYYY-MM-DD'),
});

/**
 * 测算 what-if: a household's facts for one benefit, evaluated by the engines against a shipped rule
 * pack (POST /eligibility/evaluate — nothing is recorded); the answer is shown as an explanation.
 * The body is checked with the engines' own request schema before it is sent.
 */
export function CalculatorPage() {
  const { t } = useLang();
  const [benefit, setBenefit] = useState<Benefit>('tefu');
  const [issues, setIssues] = useState<Issue[]>([]);
  const packs = useRulePacks();
  const evaluate = useMutation({
    mutationFn: async (body: unknown) => (await api<EngineResult>('eligibility', '/eligibility/evaluate', { method: 'POST', body })).data,
  });

  const submit = (body: unknown) => {
    const parsed = EvaluateRequestSchema.safeParse(body);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setIssues([]);
    evaluate.mutate(parsed.data);
  };

  return (
    <Page title={t('测算', 'What-if calculator')}>
      <Typography.Paragraph type="secondary">
        {t(
          '按规则包试算一户的资格与金额，并列出每一步的依据条款。测算不建立案件、不保存任何数据。',
          'Evaluate a household against a rule pack and see every step with its clause. Nothing is recorded and no case is created.',
        )}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('测算条件', 'Inputs')}>
            <QueryState query={packs}>
              {(list) => (
                <Tabs
                  activeKey={benefit}
                  onChange={(k) => {
                    setBenefit(k as Benefit);
                    setIssues([]);
                    evaluate.reset();
                  }}
                  items={[
                    { key: 'tefu', label: t('特扶', 'Tefu'), children: <TefuForm packs={list.filter((p) => p.benefit === 'tefu')} onSubmit={submit} busy={evaluate.isPending} /> },
                    { key: 'dibao', label: t('低保', 'Dibao'), children: <DibaoForm packs={list.filter((p) => p.benefit === 'dibao')} onSubmit={submit} busy={evaluate.isPending} /> },
                    { key: 'linshi', label: t('临时救助（JSON）', 'Linshi (JSON)'), children: <JsonForm packs={list.filter((p) => p.benefit === 'linshi')} onSubmit={submit} busy={evaluate.isPending} /> },
                  ]}
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {issues.length > 0 ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t('请修改以下内容后再测算', 'Please correct the following before evaluating')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {issues.map((i, n) => (
                      <li key={n}>
                        <Typography.Text code>{i.path || '—'}</Typography.Text> {i.message}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            {evaluate.isError ? <ErrorAlert error={evaluate.error} onRetry={() => evaluate.variables !== undefined && evaluate.mutate(evaluate.variables)} /> : null}
            {evaluate.data ? (
              <Card size="small" title={t('测算结果', 'Result')} aria-label={t('测算结果', 'Result')}>
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  <SampleDataNotice result={evaluate.data} />
                  <Explanation result={evaluate.data} />
                </Space>
              </Card>
            ) : !evaluate.isError && issues.length === 0 ? (
              <Card size="small">
                <Typography.Text type="secondary">{t('填写左侧条件后点击“测算”。', 'Fill in the inputs and press “Evaluate”.')}</Typography.Text>
              </Card>
            ) : null}
          </Space>
        </Col>
      </Row>
    </Page>
  );
}

function PackSelect({ packs }: { packs: RulePackSummary[] }) {
  const { t } = useLang();
  return (
    <Form.Item name="rulePackId" label={t('规则包', 'Rule pack')} rules={[{ required: true, message: t('请选择规则包', 'Choose a rule pack') }]}>
      <Select
        aria-label={t('规则包', 'Rule pack')}
        options={packs.map((p) => ({ value: p.id, label: `${p.jurisdiction.nameZh} · ${p.id}${p.note ? `（${p.note}）` : ''}` }))}
      />
    </Form.Item>
  );
}

function SubmitButton({ busy }: { busy: boolean }) {
  const { t } = useLang();
  return (
    <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={busy}>
      {t('测算', 'Evaluate')}
    </Button>
  );
}

interface TefuValues {
  rulePackId: string;
  evaluationDate: string;
  category: 'death' | 'disability' | 'complication';
  singleParent?: boolean;
  confirmedOn?: string;
  conditionsMetOn?: string;
  persons: { personId: string; role: 'wife' | 'husband' | 'parent' | 'self'; birthDate: string; elderlyCareSubsidy?: boolean; disabledOrDemented?: boolean; complicationGrade?: 1 | 2 | 3 }[];
}

function TefuForm({ packs, onSubmit, busy }: { packs: RulePackSummary[]; onSubmit: (body: unknown) => void; busy: boolean }) {
  const { t } = useLang();
  const actor = useActor();
  const [form] = Form.useForm<TefuValues>();
  const category = Form.useWatch('category', form);
  const initialPack = packs.find((p) => actor.divisionCode.startsWith(p.jurisdiction.divisionCode.replace(/0+$/, ''))) ?? packs[0];
  const initial: TefuValues = {
    rulePackId: initialPack?.id ?? '',
    evaluationDate: today(),
    category: 'disability',
    persons: [
      { personId: 'p1', role: 'wife', birthDate: '' },
      { personId: 'p2', role: 'husband', birthDate: '' },
    ],
  };
  const finish = (v: TefuValues) => {
    const body = {
      benefit: 'tefu',
      rulePackId: v.rulePackId,
      facts: {
        evaluationDate: v.evaluationDate,
        category: v.category,
        ...(v.singleParent ? { singleParent: true } : {}),
        ...(v.confirmedOn ? { confirmedOn: v.confirmedOn } : {}),
        ...(v.conditionsMetOn ? { conditionsMetOn: v.conditionsMetOn } : {}),
        persons: (v.persons ?? []).map((p) => ({
          personId: p.personId,
          role: p.role,
          birthDate: p.birthDate,
          ...(p.elderlyCareSubsidy !== undefined ? { elderlyCareSubsidy: !!p.elderlyCareSubsidy } : {}),
          ...(p.disabledOrDemented !== undefined ? { disabledOrDemented: !!p.disabledOrDemented } : {}),
          ...(v.category === 'complication' && p.complicationGrade ? { complicationGrade: p.complicationGrade } : {}),
        })),
      },
    };
    onSubmit(body);
  };
  return (
    <Form form={form} name="tefu" layout="vertical" initialValues={initial} onFinish={finish} aria-label={t('特扶测算', 'Tefu what-if')}>
      <PackSelect packs={packs} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="category" label={t('家庭类别', 'Category')} rules={[{ required: true }]}>
            <Select
              aria-label={t('家庭类别', 'Category')}
              options={[
                { value: 'disability', label: t('独生子女伤残', 'Only child disabled') },
                { value: 'death', label: t('独生子女死亡', 'Only child deceased') },
                { value: 'complication', label: t('手术并发症', 'Surgery complication') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="evaluationDate" label={t('测算日期', 'Evaluation date')} rules={[{ required: true, message: t('请填写测算日期', 'Enter the date') }, dateRule(t)]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="confirmedOn" label={t('审核确认日期（可选）', 'Confirmed on (optional)')} rules={[dateRule(t)]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="conditionsMetOn" label={t('符合条件日期（可选）', 'Conditions met on (optional)')} rules={[dateRule(t)]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="singleParent" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox>{t('单亲家庭（只列一位父/母）', 'Single-parent family (one parent listed)')}</Checkbox>
      </Form.Item>
      <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
        {t('家庭成员', 'Persons')}
      </Divider>
      <Form.List name="persons">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Card key={field.key} size="small" style={{ marginBottom: 8 }} title={`${t('成员', 'Person')} ${i + 1}`} extra={
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={`${t('删除成员', 'Remove person')} ${i + 1}`} />
              }>
                <Row gutter={8}>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'personId']} label={t('编号', 'Id')} rules={[{ required: true, message: t('必填', 'Required') }]}>
                      <Input aria-label={`${t('成员编号', 'Person id')} ${i + 1}`} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'role']} label={t('身份', 'Role')} rules={[{ required: true }]}>
                      <Select
                        aria-label={`${t('身份', 'Role')} ${i + 1}`}
                        options={[
                          { value: 'wife', label: t('女方', 'Wife') },
                          { value: 'husband', label: t('男方', 'Husband') },
                          { value: 'parent', label: t('父/母（单亲）', 'Parent (single)') },
                          { value: 'self', label: t('本人', 'Self') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'birthDate']} label={t('出生日期', 'Birth date')} rules={[{ required: true, message: t('必填', 'Required') }, dateRule(t)]}>
                      <Input aria-label={`${t('出生日期', 'Birth date')} ${i + 1}`} placeholder="YYYY-MM-DD" />
                    </Form.Item>
                  </Col>
                </Row>
                <Flex gap={16} wrap>
                  <Form.Item name={[field.name, 'elderlyCareSubsidy']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox aria-label={`${t('已享受政府养老服务补贴', 'Receives the elderly-care subsidy')} ${i + 1}`}>{t('已享受政府养老服务补贴', 'Receives the elderly-care subsidy')}</Checkbox>
                  </Form.Item>
                  <Form.Item name={[field.name, 'disabledOrDemented']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox aria-label={`${t('失能或失智', 'Disabled or demented')} ${i + 1}`}>{t('失能或失智', 'Disabled or demented')}</Checkbox>
                  </Form.Item>
                  {category === 'complication' ? (
                    <Form.Item name={[field.name, 'complicationGrade']} label={t('并发症等级', 'Complication grade')} style={{ marginBottom: 0 }}>
                      <Select
                        aria-label={`${t('并发症等级', 'Complication grade')} ${i + 1}`}
                        style={{ width: 120 }}
                        options={[1, 2, 3].map((g) => ({ value: g, label: t(`${g} 级`, `grade ${g}`) }))}
                      />
                    </Form.Item>
                  ) : null}
                </Flex>
              </Card>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: `p${fields.length + 1}`, role: 'wife', birthDate: '' })} block disabled={fields.length >= 10}>
              {t('添加成员', 'Add person')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item style={{ marginTop: 16, marginBottom: 0 }}>
        <SubmitButton busy={busy} />
      </Form.Item>
    </Form>
  );
}

interface DibaoValues {
  rulePackId: string;
  benefitMonth: string;
  approvedOn?: string;
  standardYuan: number;
  standardDivision: string;
  standardFrom: string;
  standardDocNo: string;
  standardTitle?: string;
  sampleData: boolean;
  assets: 'none' | 'meets' | 'fails';
  assetsRuleId?: string;
  assetsDocNo?: string;
  members: { personId: string; incomeYuan: number; extraNeed?: 'elderly' | 'minor' | 'severeDisability' | 'seriousIllness' }[];
}

function DibaoForm({ packs, onSubmit, busy }: { packs: RulePackSummary[]; onSubmit: (body: unknown) => void; busy: boolean }) {
  const { t } = useLang();
  const actor = useActor();
  const [form] = Form.useForm<DibaoValues>();
  const assets = Form.useWatch('assets', form);
  const initialPack = packs.find((p) => actor.divisionCode.startsWith(p.jurisdiction.divisionCode.replace(/0+$/, ''))) ?? packs[0];
  const initial: DibaoValues = {
    rulePackId: initialPack?.id ?? '',
    benefitMonth: today().slice(0, 7),
    standardYuan: 0,
    standardDivision: initialPack?.jurisdiction.divisionCode ?? actor.divisionCode,
    standardFrom: `${today().slice(0, 4)}-01-01`,
    standardDocNo: '',
    sampleData: true,
    assets: 'meets',
    assetsRuleId: 'assets.assessed',
    assetsDocNo: '',
    members: [{ personId: 'p1', incomeYuan: 0 }],
  };
  const finish = (v: DibaoValues) => {
    const body = {
      benefit: 'dibao',
      rulePackId: v.rulePackId,
      dibaoStandard: {
        name: 'dibao.standard',
        value: { fen: fen(v.standardYuan) },
        divisionCode: v.standardDivision,
        effectiveFrom: v.standardFrom,
        source: { docNo: v.standardDocNo, title: v.standardTitle ? v.standardTitle : null },
        sampleData: !!v.sampleData,
      },
      facts: {
        benefitMonth: v.benefitMonth,
        members: (v.members ?? []).map((m) => ({ personId: m.personId, monthlyIncome: { fen: fen(m.incomeYuan) }, ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}) })),
        ...(v.assets !== 'none'
          ? { assets: { kind: 'assessed', ruleId: v.assetsRuleId ?? '', source: { docNo: v.assetsDocNo ?? '', title: null }, meets: v.assets === 'meets' } }
          : {}),
        ...(v.approvedOn ? { approvedOn: v.approvedOn } : {}),
      },
    };
    onSubmit(body);
  };
  return (
    <Form form={form} name="dibao" layout="vertical" initialValues={initial} onFinish={finish} aria-label={t('低保测算', 'Dibao what-if')}>
      <PackSelect packs={packs} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="benefitMonth" label={t('待遇月份', 'Benefit month')} rules={[{ required: true }, { pattern: /^\d{4}-\d{2}$/, message: t('月份格式为 YYYY-MM', 'A month is YYYY-MM') }]}>
            <Input placeholder="YYYY-MM" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="approvedOn" label={t('审批日期（可选）', 'Approved on (optional)')} rules={[dateRule(t)]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
        {t('低保标准 B（标准文件未规定，需按公布值填写）', '低保标准 B (not in the standard; enter the published value)')}
      </Divider>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="standardYuan" label={t('低保标准（元/人·月）', 'B (yuan/person/month)')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="standardDivision"
            label={t('公布区划代码', 'Published for division')}
            rules={[{ required: true }, { validator: async (_r, v: string) => { if (v && !isDivisionCode(v)) throw new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code')); } }]}
          >
            <Input maxLength={6} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="standardFrom" label={t('标准施行日期', 'Standard effective from')} rules={[{ required: true }, dateRule(t)]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="standardDocNo" label={t('公布文号', 'Document number')} rules={[{ required: true, message: t('请填写公布文号（示例值可写“示例数据”）', 'Enter the document number (or “sample”)') }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="sampleData" valuePropName="checked">
        <Checkbox>{t('示例数据（非官方数值）', 'Sample data (not an official value)')}</Checkbox>
      </Form.Item>
      <Form.Item name="assets" label={t('家庭财产状况', 'Assets')}>
        <Select
          aria-label={t('家庭财产状况', 'Assets')}
          options={[
            { value: 'meets', label: t('经核定符合规定', 'Assessed: meets the rule') },
            { value: 'fails', label: t('经核定不符合规定', 'Assessed: does not meet the rule') },
            { value: 'none', label: t('未提供', 'Not given') },
          ]}
        />
      </Form.Item>
      {assets && assets !== 'none' ? (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="assetsRuleId" label={t('财产规则编号', 'Assets rule id')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assetsDocNo" label={t('财产规则文号', 'Assets rule document')} rules={[{ required: true, message: t('必填', 'Required') }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
        {t('共同生活的家庭成员', 'Household members')}
      </Divider>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8} align="bottom">
                <Col span={6}>
                  <Form.Item name={[field.name, 'personId']} label={i === 0 ? t('编号', 'Id') : undefined} rules={[{ required: true, message: t('必填', 'Required') }]}>
                    <Input aria-label={`${t('成员编号', 'Member id')} ${i + 1}`} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={[field.name, 'incomeYuan']} label={i === 0 ? t('月收入（元）', 'Monthly income (yuan)') : undefined} rules={[{ required: true, message: t('必填', 'Required') }]}>
                    <InputNumber aria-label={`${t('月收入（元）', 'Monthly income (yuan)')} ${i + 1}`} min={0} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={[field.name, 'extraNeed']} label={i === 0 ? t('特殊困难', 'Extra need') : undefined}>
                    <Select
                      allowClear
                      aria-label={`${t('特殊困难', 'Extra need')} ${i + 1}`}
                      options={[
                        { value: 'elderly', label: t('老年人', 'Elderly') },
                        { value: 'minor', label: t('未成年人', 'Minor') },
                        { value: 'severeDisability', label: t('重度残疾人', 'Severe disability') },
                        { value: 'seriousIllness', label: t('重病患者', 'Serious illness') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={`${t('删除成员', 'Remove member')} ${i + 1}`} disabled={fields.length <= 1} />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: `p${fields.length + 1}`, incomeYuan: 0 })} block disabled={fields.length >= 50}>
              {t('添加成员', 'Add member')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item style={{ marginTop: 16, marginBottom: 0 }}>
        <SubmitButton busy={busy} />
      </Form.Item>
    </Form>
  );
}

/** A 临时救助 支出型 request that computes (北京's draft pack with a SAMPLE 低保标准 — not an official value). */
const LINSHI_TEMPLATE = () =>
  JSON.stringify(
    {
      benefit: 'linshi',
      rulePackId: 'linshi-110000-2023-draft',
      dibaoStandard: {
        name: 'dibao.standard',
        value: { fen: 100000 },
        divisionCode: '110000',
        effectiveFrom: '2025-01-01',
        source: { docNo: '示例数据（非官方）', title: null },
        sampleData: true,
      },
      facts: { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 3, group: 'g1', necessaryExpenditure: { fen: 4000000 } },
    },
    null,
    2,
  );

/** The published band-table entry (GET /parameters/linshi.band-table) as the what-if's `bandTable`. */
interface BandTableLookup {
  resolvedAt: string;
  entry: { entryId: string; effectiveFrom: string; streamRevision?: number; value: unknown; source: { docNo: string; title: string | null; issuer?: string | null }; sampleData: boolean };
}

/**
 * Puts the 临时救助 band table published for a division and the request's decision date into the
 * JSON as `bandTable` (嘉兴 / 瓯海 delegate the amounts to such tables). A table the request gives in
 * `facts.bandTable` still wins in the what-if; the explanation says so.
 */
function useLoadBandTable(text: string, setText: (text: string) => void) {
  const load = useMutation({
    mutationFn: async (division: string) => {
      const body = JSON.parse(text) as { facts?: { decisionDate?: unknown } } & Record<string, unknown>;
      const date = typeof body.facts?.decisionDate === 'string' ? body.facts.decisionDate : today();
      const { data } = await api<BandTableLookup>('eligibility', '/parameters/linshi.band-table', { query: { division, date } });
      const { entry } = data;
      const bandTable = {
        name: 'linshi.band-table',
        value: entry.value,
        divisionCode: data.resolvedAt,
        effectiveFrom: entry.effectiveFrom,
        entryId: entry.entryId,
        ...(typeof entry.streamRevision === 'number' ? { revision: entry.streamRevision } : {}),
        source: { docNo: entry.source.docNo, title: entry.source.title, issuer: entry.source.issuer ?? null },
        sampleData: entry.sampleData,
      };
      setText(JSON.stringify({ ...body, bandTable }, null, 2));
      return bandTable;
    },
  });
  return load;
}

/** Any request as JSON (临时救助's band tables are too varied for a short form). */
function JsonForm({ packs, onSubmit, busy }: { packs: RulePackSummary[]; onSubmit: (body: unknown) => void; busy: boolean }) {
  const { t } = useLang();
  const actor = useActor();
  const [text, setText] = useState(LINSHI_TEMPLATE);
  const [parseError, setParseError] = useState<string | null>(null);
  const [division, setDivision] = useState(actor.divisionCode);
  const loadTable = useLoadBandTable(text, setText);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t(
          '以 JSON 填写测算请求（金额为整数“分”：{"fen": 100000}）。可用规则包：',
          'Write the request as JSON (money in integer fen: {"fen": 100000}). Rule packs: ',
        )}
        {packs.map((p) => p.id).join('、')}
      </Typography.Text>
      <Input.TextArea aria-label={t('测算请求 JSON', 'Request JSON')} value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 10, maxRows: 24 }} style={{ fontFamily: 'monospace' }} />
      {parseError ? <Alert type="error" showIcon title={t('JSON 格式错误', 'Malformed JSON')} description={parseError} /> : null}
      <Space wrap>
        <Input
          aria-label={t('标准表所属区划代码', 'Division code of the band table')}
          value={division}
          onChange={(e) => setDivision(e.target.value.trim())}
          maxLength={6}
          style={{ width: 120 }}
        />
        <Button
          loading={loadTable.isPending}
          disabled={!isDivisionCode(division)}
          onClick={() => {
            try {
              JSON.parse(text);
              setParseError(null);
              loadTable.mutate(division);
            } catch (e) {
              setParseError((e as Error).message);
            }
          }}
        >
          {t('载入该区划已公布的临时救助标准表（按决定日期）', 'Load the band table published for the division (on the decision date)')}
        </Button>
      </Space>
      {loadTable.isError ? <ErrorAlert error={loadTable.error} title={t('未能载入临时救助标准表', 'No band table loaded')} /> : null}
      {loadTable.isSuccess ? (
        <Alert
          type={loadTable.data.sampleData ? 'warning' : 'info'}
          showIcon
          title={`${loadTable.data.source.docNo}${loadTable.data.source.title ? ` ${loadTable.data.source.title}` : ''}（${loadTable.data.divisionCode}，${loadTable.data.effectiveFrom}）`}
          description={loadTable.data.sampleData ? t('示例数据（非官方）', 'Sample data (not official)') : undefined}
        />
      ) : null}
      <Button
        type="primary"
        icon={<CalculatorOutlined />}
        loading={busy}
        onClick={() => {
          try {
            const body = JSON.parse(text) as unknown;
            setParseError(null);
            onSubmit(body);
          } catch (e) {
            setParseError((e as Error).message);
          }
        }}
      >
        {t('测算', 'Evaluate')}
      </Button>
    </Space>
  );
}

