import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CreateDibaoCaseSchema } from '../../../../../applications/src/dibao/dibao.schemas';
import { CreateLinshiCaseSchema } from '../../../../../applications/src/linshi/linshi.schemas';
import { CreateTefuCaseSchema } from '../../../../../applications/src/tefu/tefu.schemas';
import type { DibaoMemberInput } from '../../../../../applications/src/dibao/dibao.schemas';
import type { LinshiMemberInput } from '../../../../../applications/src/linshi/linshi.schemas';
import type { MemberInput as TefuMemberInput } from '../../../../../applications/src/tefu/tefu.schemas';
import { useLang } from '../../../i18n';
import { DivisionField, fenOf, IntakeFooter, MembersList, opt, useDefaultDivision, useIntake } from './intake-kit';

const DATE_RULE = (t: (zh: string, en: string) => string) => ({ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('格式 YYYY-MM-DD', 'Format YYYY-MM-DD') });

function useRelationOptions() {
  const { t } = useLang();
  return [
    { value: 'applicant', label: t('申请人', 'Applicant') },
    { value: 'spouse', label: t('配偶', 'Spouse') },
    { value: 'child', label: t('子女', 'Child') },
    { value: 'parent', label: t('父母', 'Parent') },
    { value: 'other', label: t('其他共同生活成员', 'Other household member') },
  ] satisfies { value: DibaoMemberInput['relation'] & LinshiMemberInput['relation']; label: string }[];
}

type MemberValues = { relation?: string; role?: string; name?: string; residentId?: string; birthDate?: string; extraNeed?: string };
const person = (m: MemberValues) => ({ name: (m.name ?? '').trim(), residentId: (m.residentId ?? '').trim().toUpperCase(), birthDate: (m.birthDate ?? '').trim() });

// ---------------------------------------------------------------------------------------------
// 低保

interface DibaoValues {
  divisionCode: string;
  householdCategory: string;
  members: MemberValues[];
  singlePersonOn?: boolean;
  singlePerson?: { memberIndex?: number; adult?: boolean; severeDisability?: boolean; dependsOnFamily?: boolean; noEmployment?: boolean; supportedBySiblingsOrElders60?: boolean };
  reApplicationOf?: string;
}

function dibaoBody(v: DibaoValues) {
  const sp = v.singlePerson ?? {};
  return {
    divisionCode: (v.divisionCode ?? '').trim(),
    householdCategory: v.householdCategory,
    members: (v.members ?? []).map((m) => ({ relation: m.relation, ...person(m), ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}) })),
    ...(v.singlePersonOn
      ? {
          singlePerson: {
            memberIndex: sp.memberIndex ?? 0,
            adult: !!sp.adult,
            severeDisability: !!sp.severeDisability,
            ...(sp.dependsOnFamily ? { dependsOnFamily: true } : {}),
            ...(sp.noEmployment ? { noEmployment: true } : {}),
            ...(sp.supportedBySiblingsOrElders60 ? { supportedBySiblingsOrElders60: true } : {}),
          },
        }
      : {}),
    ...(opt(v.reApplicationOf) ? { reApplicationOf: opt(v.reApplicationOf) } : {}),
  };
}

/** 低保 申请: the household, its category, optionally 单人户 and the earlier case; registered as 已申请 (受理 follows on the case page). */
export function DibaoIntakeForm() {
  const { t } = useLang();
  const [form] = Form.useForm<DibaoValues>();
  const division = useDefaultDivision();
  const relations = useRelationOptions();
  const intake = useIntake(form, 'dibao', CreateDibaoCaseSchema, dibaoBody, (p) => (p[0] === 'singlePerson' ? ['singlePerson', ...p.slice(1)] : p));
  const singleOn = Form.useWatch('singlePersonOn', form);
  const members = Form.useWatch('members', form) as MemberValues[] | undefined;
  return (
    <Form form={form} layout="vertical" aria-label={t('低保申请', 'Dibao application')} initialValues={{ divisionCode: division, householdCategory: 'stable', members: [{ relation: 'applicant' }] }}>
      <Card size="small" title={t('申请信息', 'Application')} style={{ marginBottom: 16 }}>
        <Row gutter={24} wrap>
          <Col>
            <DivisionField />
          </Col>
          <Col>
            <Form.Item label={t('分类管理', 'Household category')} name="householdCategory" rules={[{ required: true }]} tooltip={t('稳定户每年复核，非稳定户每半年复核', 'Stable: reviewed yearly; unstable: half-yearly')}>
              <Radio.Group
                aria-label={t('分类管理', 'Household category')}
                options={[
                  { value: 'stable', label: t('稳定户', 'Stable') },
                  { value: 'unstable', label: t('非稳定户（收入不稳定或有劳动能力）', 'Unstable (irregular income or able to work)') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col>
            <Form.Item label={t('再次申请（原案件编号，可选）', 'Re-application of case (optional)')} name="reApplicationOf">
              <Input aria-label={t('再次申请（原案件编号，可选）', 'Re-application of case (optional)')} style={{ width: 320 }} placeholder={t('退出或不予批准后再次申请时填写', 'After an exit or a rejection')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <MembersList
        relationLabel={t('与申请人关系', 'Relation')}
        relationOptions={relations}
        newMember={(i) => ({ relation: i === 0 ? 'applicant' : 'child' })}
        extra={[
          {
            key: 'extraNeed',
            label: t('特殊困难', 'Special need'),
            span: 4,
            render: (name) => (
              <Form.Item label={t('特殊困难（可选）', 'Special need (optional)')} name={[name, 'extraNeed']}>
                <Select
                  allowClear
                  aria-label={`${t('特殊困难', 'Special need')}（${t(`成员 ${name + 1}`, `member ${name + 1}`)}）`}
                  options={[
                    { value: 'elderly', label: t('老年人', 'Elderly') },
                    { value: 'minor', label: t('未成年人', 'Minor') },
                    { value: 'severeDisability', label: t('重度残疾人', 'Severe disability') },
                    { value: 'seriousIllness', label: t('重病患者', 'Serious illness') },
                  ]}
                />
              </Form.Item>
            ),
          },
        ]}
      />
      <Card size="small" title={t('单人户（可选）', 'Single-person household (optional)')} style={{ marginBottom: 16 }}>
        <Form.Item name="singlePersonOn" valuePropName="checked" style={{ marginBottom: singleOn ? 12 : 0 }}>
          <Checkbox>{t('成员中有人按单人户申请', 'A member applies as a single-person household')}</Checkbox>
        </Form.Item>
        {singleOn ? (
          <Space wrap size={16} align="start">
            <Form.Item label={t('单人户成员', 'Member')} name={['singlePerson', 'memberIndex']} rules={[{ required: true, message: t('请选择成员', 'Choose the member') }]}>
              <Select
                aria-label={t('单人户成员', 'Single-person member')}
                style={{ width: 180 }}
                options={(members ?? []).map((m, i) => ({ value: i, label: `${t(`成员 ${i + 1}`, `Member ${i + 1}`)}${m?.name ? ` ${m.name}` : ''}` }))}
              />
            </Form.Item>
            {(
              [
                ['adult', t('成年', 'Adult')],
                ['severeDisability', t('重度残疾', 'Severe disability')],
                ['dependsOnFamily', t('依附于家庭生活', 'Depends on the family')],
                ['noEmployment', t('无就业', 'No employment')],
                ['supportedBySiblingsOrElders60', t('由兄弟姐妹或 60 周岁以上老人供养', 'Supported by siblings or elders over 60')],
              ] as const
            ).map(([key, label]) => (
              <Form.Item key={key} name={['singlePerson', key]} valuePropName="checked" label=" ">
                <Checkbox>{label}</Checkbox>
              </Form.Item>
            ))}
          </Space>
        ) : null}
      </Card>
      <IntakeFooter {...intake} note={t('提交后案件为“已申请”，请在案件页办理受理。', 'The case is registered as applied; accept it on the case page.')} />
    </Form>
  );
}

// ---------------------------------------------------------------------------------------------
// 临时救助

interface LinshiValues {
  divisionCode: string;
  type: 'jinan' | 'zhichu';
  members: MemberValues[];
  cause?: string;
  causeDescription?: string;
  occurredOn?: string;
  group?: string;
  necessaryExpenditureYuan?: number | null;
  expenditureEvidence?: { kind?: string; ref?: string; amountYuan?: number | null }[];
  severeDisabilityUplift?: boolean;
  sameCauseOverrideReason?: string;
}

function linshiBody(v: LinshiValues) {
  const zhichu = v.type === 'zhichu';
  return {
    divisionCode: (v.divisionCode ?? '').trim(),
    type: v.type,
    members: (v.members ?? []).map((m) => ({ relation: m.relation, ...person(m) })),
    cause: v.cause,
    causeDescription: v.causeDescription ?? '',
    occurredOn: (v.occurredOn ?? '').trim(),
    ...(zhichu && v.group ? { group: v.group } : {}),
    ...(zhichu && fenOf(v.necessaryExpenditureYuan) !== undefined ? { necessaryExpenditureFen: fenOf(v.necessaryExpenditureYuan) } : {}),
    expenditureEvidence: zhichu ? (v.expenditureEvidence ?? []).map((e) => ({ kind: e.kind, ref: (e.ref ?? '').trim(), amountFen: fenOf(e.amountYuan) })) : [],
    ...(v.severeDisabilityUplift ? { severeDisabilityUplift: true } : {}),
    ...(opt(v.sameCauseOverrideReason) ? { sameCauseOverrideReason: opt(v.sameCauseOverrideReason) } : {}),
  };
}

/** Form field of an issue path: the body's yuan fields are typed as yuan in the form. */
function linshiField(p: (string | number)[]): (string | number)[] {
  if (p[0] === 'necessaryExpenditureFen') return ['necessaryExpenditureYuan'];
  if (p[0] === 'expenditureEvidence' && p[2] === 'amountFen') return ['expenditureEvidence', p[1], 'amountYuan'];
  return p;
}

const LINSHI_CAUSES: [string, string, string][] = [
  ['fire', '火灾', 'Fire'],
  ['traffic', '交通事故', 'Traffic accident'],
  ['drowning', '溺水', 'Drowning'],
  ['injury', '意外伤害', 'Injury'],
  ['suddenIllness', '突发重大疾病', 'Sudden serious illness'],
  ['naturalDisaster', '自然灾害', 'Natural disaster'],
  ['medical', '医疗费用支出', 'Medical expenses'],
  ['education', '教育费用支出', 'Education expenses'],
  ['basicLiving', '基本生活必需支出', 'Basic living expenses'],
  ['other', '其他', 'Other'],
];

/** 临时救助 申请: 急难型 or 支出型, the household (applicant first), 事由, and for 支出型 the expenditure and its bills. */
export function LinshiIntakeForm() {
  const { t } = useLang();
  const [form] = Form.useForm<LinshiValues>();
  const division = useDefaultDivision();
  const relations = useRelationOptions();
  const intake = useIntake(form, 'linshi', CreateLinshiCaseSchema, linshiBody, linshiField);
  const type = Form.useWatch('type', form);
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label={t('临时救助申请', 'Linshi application')}
      initialValues={{ divisionCode: division, type: 'jinan', members: [{ relation: 'applicant' }], expenditureEvidence: [{ kind: 'medicalBill' }] }}
    >
      <Card size="small" title={t('申请信息', 'Application')} style={{ marginBottom: 16 }}>
        <Row gutter={24} wrap>
          <Col>
            <DivisionField label={t('受理行政区划（户籍地、居住地或急难发生地）', 'Handling division (registration, residence or where it happened)')} />
          </Col>
          <Col>
            <Form.Item label={t('救助类型', 'Type')} name="type" rules={[{ required: true }]}>
              <Radio.Group
                aria-label={t('救助类型', 'Type')}
                optionType="button"
                options={[
                  { value: 'jinan', label: t('急难型', 'Emergency (jinan)') },
                  { value: 'zhichu', label: t('支出型', 'Expenditure (zhichu)') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col>
            <Form.Item label={t('事由', 'Cause')} name="cause" rules={[{ required: true, message: t('请选择事由', 'Choose the cause') }]}>
              <Select aria-label={t('事由', 'Cause')} style={{ width: 200 }} options={LINSHI_CAUSES.map(([value, zh, en]) => ({ value, label: t(zh, en) }))} />
            </Form.Item>
          </Col>
          <Col>
            <Form.Item label={t('发生日期', 'Occurred on')} name="occurredOn" rules={[{ required: true, message: t('请输入日期', 'Enter the date') }, DATE_RULE(t)]}>
              <Input aria-label={t('发生日期', 'Occurred on')} placeholder="YYYY-MM-DD" maxLength={10} style={{ width: 140 }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('事由说明', 'What happened')} name="causeDescription" rules={[{ required: true, whitespace: true, message: t('请说明事由', 'Describe what happened') }]}>
          <Input.TextArea aria-label={t('事由说明', 'What happened')} rows={2} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="severeDisabilityUplift" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('家庭有重度残疾人，救助金额上浮 10%', 'Household with a severely disabled member: +10%')}</Checkbox>
        </Form.Item>
      </Card>
      <MembersList
        relationLabel={t('与申请人关系', 'Relation')}
        relationOptions={relations}
        newMember={(i) => ({ relation: i === 0 ? 'applicant' : 'spouse' })}
        title={t('家庭成员（第 1 位为申请人，现金救助发给申请人）', 'Household (the first is the applicant, who is paid)')}
      />
      {type === 'zhichu' ? (
        <Card size="small" title={t('支出型：必需支出与票据', 'Expenditure and bills')} style={{ marginBottom: 16 }}>
          <Row gutter={24} wrap>
            <Col>
              <Form.Item label={t('家庭类别', 'Household group')} name="group" rules={[{ required: true, message: t('请选择', 'Choose one') }]}>
                <Radio.Group
                  aria-label={t('家庭类别', 'Household group')}
                  options={[
                    { value: 'g1', label: t('低保、低收入、特困家庭', '低保, low-income or 特困 household') },
                    { value: 'g2', label: t('其他家庭', 'Other household') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col>
              <Form.Item label={t('生活必需支出（元）', 'Necessary expenditure (yuan)')} name="necessaryExpenditureYuan" rules={[{ required: true, message: t('请输入金额', 'Enter the amount') }]}>
                <InputNumber aria-label={t('生活必需支出（元）', 'Necessary expenditure (yuan)')} min={0} precision={2} style={{ width: 180 }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="expenditureEvidence">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} align="start" wrap role="group" aria-label={t(`票据 ${i + 1}`, `Bill ${i + 1}`)}>
                    <Form.Item label={t('票据类型', 'Kind')} name={[field.name, 'kind']} rules={[{ required: true, message: t('请选择', 'Choose one') }]}>
                      <Select
                        aria-label={t(`票据类型（票据 ${i + 1}）`, `Kind (bill ${i + 1})`)}
                        style={{ width: 140 }}
                        options={[
                          { value: 'medicalBill', label: t('医疗票据', 'Medical bill') },
                          { value: 'tuition', label: t('学费票据', 'Tuition') },
                          { value: 'invoice', label: t('发票', 'Invoice') },
                          { value: 'other', label: t('其他', 'Other') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item label={t('材料编号', 'Document reference')} name={[field.name, 'ref']} rules={[{ required: true, message: t('请输入材料编号', 'Enter the reference') }]} tooltip={t('证据库中的编号，不得含个人信息', 'The evidence store reference; no personal data')}>
                      <Input aria-label={t(`材料编号（票据 ${i + 1}）`, `Document reference (bill ${i + 1})`)} style={{ width: 220 }} placeholder="evidence:bill-0812" />
                    </Form.Item>
                    <Form.Item label={t('金额（元）', 'Amount (yuan)')} name={[field.name, 'amountYuan']} rules={[{ required: true, message: t('请输入金额', 'Enter the amount') }]}>
                      <InputNumber aria-label={t(`金额（元）（票据 ${i + 1}）`, `Amount (yuan) (bill ${i + 1})`)} min={0} precision={2} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button aria-label={t(`删除票据 ${i + 1}`, `Remove bill ${i + 1}`)} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                    </Form.Item>
                  </Space>
                ))}
                <div>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'medicalBill' })}>
                    {t('添加票据', 'Add bill')}
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        </Card>
      ) : (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon title={t('急难型可在案件页先行救助，事后补办手续。', 'Emergency aid can be granted first on the case page; the paperwork follows.')} />
      )}
      <Card size="small" title={t('一事一救例外（可选）', 'Same-cause exception (optional)')} style={{ marginBottom: 16 }}>
        <Form.Item label={t('同一事由再次救助的理由', 'Why the same cause is helped again')} name="sameCauseOverrideReason" style={{ marginBottom: 0 }}>
          <Input.TextArea aria-label={t('同一事由再次救助的理由', 'Why the same cause is helped again')} rows={2} maxLength={1000} />
        </Form.Item>
      </Card>
      <IntakeFooter {...intake} note={t('提交后由系统测算，案件进入审核。', 'Eligibility computes the amount; the case goes to review.')} />
    </Form>
  );
}

// ---------------------------------------------------------------------------------------------
// 计生特扶

interface TefuValues {
  divisionCode: string;
  members: MemberValues[];
  family: { familyType?: string; childEventDate?: string; evidenceRefs?: string[] };
}

function tefuBody(v: TefuValues) {
  return {
    divisionCode: (v.divisionCode ?? '').trim(),
    members: (v.members ?? []).map((m) => ({ role: m.role, ...person(m) })) as TefuMemberInput[],
    family: {
      familyType: v.family?.familyType,
      childEventDate: (v.family?.childEventDate ?? '').trim(),
      evidenceRefs: (v.family?.evidenceRefs ?? []).map((r) => (r ?? '').trim()).filter((r) => r !== ''),
    },
  };
}

/** 计生特扶 登记: the spouses (one for a single parent), the child's event and its evidence; submitted on the case page. */
export function TefuIntakeForm() {
  const { t } = useLang();
  const [form] = Form.useForm<TefuValues>();
  const division = useDefaultDivision();
  const intake = useIntake(form, 'tefu', CreateTefuCaseSchema, tefuBody);
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label={t('计生特扶登记', 'Tefu registration')}
      initialValues={{ divisionCode: division, members: [{ role: 'wife' }, { role: 'husband' }], family: { familyType: 'childDeceased', evidenceRefs: [''] } }}
    >
      <Card size="small" title={t('家庭情况', 'Family')} style={{ marginBottom: 16 }}>
        <Row gutter={24} wrap>
          <Col>
            <DivisionField />
          </Col>
          <Col>
            <Form.Item label={t('扶助类型', 'Family type')} name={['family', 'familyType']} rules={[{ required: true }]}>
              <Radio.Group
                aria-label={t('扶助类型', 'Family type')}
                optionType="button"
                options={[
                  { value: 'childDeceased', label: t('独生子女死亡', 'Only child deceased') },
                  { value: 'childDisabled', label: t('独生子女伤残', 'Only child disabled') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col>
            <Form.Item
              label={t('死亡或伤残鉴定日期', 'Date of death or disability assessment')}
              name={['family', 'childEventDate']}
              rules={[{ required: true, message: t('请输入日期', 'Enter the date') }, DATE_RULE(t)]}
            >
              <Input aria-label={t('死亡或伤残鉴定日期', 'Date of death or disability assessment')} placeholder="YYYY-MM-DD" maxLength={10} style={{ width: 160 }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name={['family', 'evidenceRefs']}>
          {(fields, { add, remove }) => (
            <>
              <Typography.Text>{t('证明材料（死亡证明、残疾人证等的材料编号）', 'Evidence (references of the death certificate, disability card, …)')}</Typography.Text>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item name={field.name} rules={[{ required: true, whitespace: true, message: t('请输入材料编号', 'Enter the reference') }]} style={{ marginBottom: 0 }}>
                    <Input aria-label={t(`证明材料 ${i + 1}`, `Evidence ${i + 1}`)} style={{ width: 320 }} placeholder="evidence:death-certificate-2023-0510" />
                  </Form.Item>
                  <Button aria-label={t(`删除证明材料 ${i + 1}`, `Remove evidence ${i + 1}`)} icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginTop: 8 }}>
                {t('添加证明材料', 'Add evidence')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <MembersList
        relationLabel={t('身份', 'Role')}
        relationName="role"
        relationOptions={[
          { value: 'wife', label: t('女方', 'Wife') },
          { value: 'husband', label: t('男方', 'Husband') },
        ]}
        min={1}
        max={2}
        newMember={(i) => ({ role: i === 0 ? 'wife' : 'husband' })}
        title={t('夫妻双方（单亲家庭填一人）', 'The spouses (one for a single parent)')}
      />
      <IntakeFooter {...intake} note={t('提交后为登记状态，请在案件页补充材料并提交申请。', 'The case is a draft; complete and submit it on the case page.')} />
    </Form>
  );
}
