import { useState, type ReactNode } from 'react';
import { todayInChina } from '../../../components/format';
import { Alert, App, Button, Checkbox, Descriptions, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ZodType } from 'zod';
import { api } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/error-alert';
import { yuan } from '../../../components/format';
import { useLang, useT } from '../../../i18n';
import { CHECK_SOURCES, HOUSEHOLD_CATEGORIES, INCOME_SOURCES, RELATIONS, words } from './labels';
import { casePath, objectionsOf, type ActionKey, type CaseView, type LoadedCase } from './model';
import {
  CiteDeterminationSchema,
  AdvanceAidSchema,
  CommunityReviewSchema,
  EffectiveDatedSchema,
  EmptySchema,
  ExitSchema,
  ReviewSchema,
  FinancialCheckSchema,
  HomeVisitSchema,
  LinshiApproveSchema,
  ObjectionResolutionSchema,
  ObjectionSchema,
  PaperworkSchema,
  PublicNoticeSchema,
  ReferralSchema,
  RejectionNoticeSchema,
  RejectSchema,
  SubmitApplicationSchema,
  TefuApproveSchema,
  TefuRejectSchema,
} from './schemas';

type T = (zh: string, en: string) => string;
type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One action of the case page: its button, its form, how the form becomes the request body. */
interface ActionSpec {
  label: [string, string];
  /** The path under the case (POST). */
  path: string;
  schema: ZodType;
  danger?: boolean;
  primary?: boolean;
  initial?: (view: CaseView) => Values;
  fields?: (view: CaseView, t: T) => ReactNode;
  body: (values: Values, view: CaseView) => unknown;
}

/** Today in Asia/Shanghai (business dates are Chinese calendar dates). */
export const todayIso = (): string => todayInChina();

const DATE_RULE = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' };
const MONTH_RULE = { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' };
const fen = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : undefined);
const trimmed = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const lines = (v: unknown) =>
  String(v ?? '')
    .split(/\r?\n|[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function DateField({ name, label, t }: { name: string | (string | number)[]; label: string; t: T }) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('请填写日期', 'Enter a date') }, DATE_RULE]}>
      <Input placeholder="YYYY-MM-DD" inputMode="numeric" autoComplete="off" />
    </Form.Item>
  );
}

function TextField({ name, label, t, area, required = true, placeholder }: { name: string; label: string; t: T; area?: boolean; required?: boolean; placeholder?: string }) {
  return (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: t('必填', 'Required') }] : []}>
      {area ? <Input.TextArea rows={3} placeholder={placeholder} /> : <Input placeholder={placeholder} autoComplete="off" />}
    </Form.Item>
  );
}

function memberOptions(view: CaseView, t: T) {
  return view.members.map((m) => ({
    value: m.personRef,
    label: `${m.name ?? t('（已删除）', '(erased)')} · ${words(RELATIONS, m.relation ?? m.role, t)}`,
  }));
}

/** The applicant (an income row starts with them). */
function applicantOf(view: CaseView): string | undefined {
  return (view.members.find((m) => m.relation === 'applicant') ?? view.members[0])?.personRef;
}

function currentDetermination(view: CaseView) {
  return view.determinations.find((d) => d.determinationId === view.currentDeterminationId) ?? null;
}

function DeterminationSummary({ view }: { view: CaseView }) {
  const t = useT();
  const d = currentDetermination(view);
  if (!d) return <Alert type="warning" showIcon title={t('尚无测算结果，不能批准', 'No determination yet; nothing to approve')} />;
  // As the service reads it (tefu amountsOf): the per-beneficiary amounts when the determination has
  // them — not every member need be a beneficiary — else the per-person amount for each member.
  const amount =
    d.householdAmountFen ??
    (d.amounts
      ? d.amounts.reduce((s, a) => s + a.amountFen, 0)
      : d.amountPerPersonPerMonthFen != null
        ? d.amountPerPersonPerMonthFen * view.members.length
        : 0);
  return (
    <Descriptions size="small" column={1} bordered aria-label={t('引用的测算结果', 'Cited determination')}>
      <Descriptions.Item label={t('测算结果编号', 'Determination')}>
        <Typography.Text code>{d.determinationId}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('依据案件版本', 'Based on case revision')}>{d.basedOnCaseRevision}</Descriptions.Item>
      <Descriptions.Item label={view.benefit === 'linshi' ? t('测算金额（一次性）', 'Amount (one-off)') : t('每月金额', 'Monthly amount')}>
        <Typography.Text strong data-testid="cited-amount">
          {yuan(amount)}
        </Typography.Text>
      </Descriptions.Item>
      {d.capFen ? <Descriptions.Item label={t('金额上限（急难型）', 'Cap (emergency)')}>{yuan(d.capFen)}</Descriptions.Item> : null}
      {d.effectiveFrom ? <Descriptions.Item label={t('生效日期', 'Effective from')}>{d.effectiveFrom}</Descriptions.Item> : null}
    </Descriptions>
  );
}

export const ACTIONS: Record<ActionKey, ActionSpec> = {
  'dibao.accept': {
    label: ['受理', 'Accept'],
    primary: true,
    path: 'accept',
    schema: EmptySchema,
    fields: (_v, t) => <Typography.Paragraph>{t('确认受理此低保申请？受理后开始计算各环节工作日时限。', 'Accept this application? The working-day limits start from today.')}</Typography.Paragraph>,
    body: () => ({}),
  },
  'dibao.financialCheck': {
    label: ['记录家庭经济状况核对', 'Record financial check'],
    primary: true,
    path: 'financial-check',
    schema: FinancialCheckSchema,
    initial: () => ({
      checkedOn: todayIso(),
      result: 'passed',
      sources: [{ source: 'humanResources', reportRef: '' }],
      incomes: [],
      assetsKind: 'none',
      assetsMeets: true,
    }),
    fields: (view, t) => (
      <>
        <DateField name="checkedOn" label={t('核对日期', 'Checked on')} t={t} />
        <Form.Item name="result" label={t('核对结果', 'Result')}>
          <Radio.Group
            options={[
              { value: 'passed', label: t('通过', 'Passed') },
              { value: 'failed', label: t('未通过', 'Failed') },
            ]}
          />
        </Form.Item>
        <Typography.Text strong>{t('核对部门及报告', 'Departments and reports')}</Typography.Text>
        <Form.List name="sources">
          {(items, { add, remove }) => (
            <>
              {items.map((item, i) => (
                <Flex key={item.key} gap={8} align="baseline" wrap>
                  <Form.Item name={[item.name, 'source']} label={t(`部门 ${i + 1}`, `Department ${i + 1}`)} style={{ minWidth: 200 }}>
                    <Select aria-label={t(`部门 ${i + 1}`, `Department ${i + 1}`)} options={Object.keys(CHECK_SOURCES).map((k) => ({ value: k, label: words(CHECK_SOURCES, k, t) }))} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'reportRef']} label={t(`报告编号 ${i + 1}`, `Report ${i + 1}`)} rules={[{ required: true, message: t('必填', 'Required') }]}>
                    <Input placeholder="report:hr-0304" autoComplete="off" />
                  </Form.Item>
                  {items.length > 1 ? <Button type="text" aria-label={t(`删除部门 ${i + 1}`, `Remove department ${i + 1}`)} icon={<MinusCircleOutlined />} onClick={() => remove(item.name)} /> : null}
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ source: 'publicSecurity', reportRef: '' })} style={{ marginBottom: 16 }}>
                {t('添加核对部门', 'Add department')}
              </Button>
            </>
          )}
        </Form.List>
        <Flex gap={8} wrap>
          <Form.Item name="periodFrom" label={t('核对期间起（年月）', 'Period from (month)')} rules={[{ required: true, message: t('必填', 'Required') }, MONTH_RULE]}>
            <Input placeholder="YYYY-MM" autoComplete="off" />
          </Form.Item>
          <Form.Item name="periodTo" label={t('核对期间止（年月）', 'Period to (month)')} rules={[{ required: true, message: t('必填', 'Required') }, MONTH_RULE]}>
            <Input placeholder="YYYY-MM" autoComplete="off" />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('收入（元，按月逐笔）', 'Incomes (yuan, per month)')}</Typography.Text>
        <Form.List name="incomes">
          {(items, { add, remove }) => (
            <>
              {items.map((item, i) => (
                <Flex key={item.key} gap={8} align="baseline" wrap>
                  <Form.Item name={[item.name, 'personRef']} label={t(`收入 ${i + 1} 成员`, `Income ${i + 1} member`)} style={{ minWidth: 180 }}>
                    <Select aria-label={t(`收入 ${i + 1} 成员`, `Income ${i + 1} member`)} options={memberOptions(view, t)} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'source']} label={t(`收入 ${i + 1} 类别`, `Income ${i + 1} source`)} style={{ minWidth: 150 }}>
                    <Select aria-label={t(`收入 ${i + 1} 类别`, `Income ${i + 1} source`)} options={Object.keys(INCOME_SOURCES).map((k) => ({ value: k, label: words(INCOME_SOURCES, k, t) }))} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'month']} label={t(`收入 ${i + 1} 月份`, `Income ${i + 1} month`)} rules={[{ required: true, message: t('必填', 'Required') }, MONTH_RULE]}>
                    <Input placeholder="YYYY-MM" style={{ width: 110 }} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[item.name, 'amountYuan']} label={t(`收入 ${i + 1} 金额（元）`, `Income ${i + 1} amount (yuan)`)} rules={[{ required: true, message: t('必填', 'Required') }]}>
                    <InputNumber min={0} precision={2} step={100} style={{ width: 140 }} />
                  </Form.Item>
                  <Button type="text" aria-label={t(`删除收入 ${i + 1}`, `Remove income ${i + 1}`)} icon={<MinusCircleOutlined />} onClick={() => remove(item.name)} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ personRef: applicantOf(view), source: 'wages', month: '', amountYuan: null })} style={{ marginBottom: 16 }}>
                {t('添加收入', 'Add income')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="assetsKind" label={t('财产状况', 'Assets')}>
          <Select
            aria-label={t('财产状况', 'Assets')}
            options={[
              { value: 'none', label: t('不记录（由规则按无财产信息处理）', 'Not recorded') },
              { value: 'assessed', label: t('已评估（符合/不符合财产条件）', 'Assessed (meets / does not meet)') },
              { value: 'perCapitaLimit', label: t('人均财产限额', 'Per-capita limit') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.assetsKind !== b.assetsKind}>
          {({ getFieldValue }) =>
            getFieldValue('assetsKind') === 'none' ? null : (
              <>
                <TextField name="assetsRuleId" label={t('财产规则编号', 'Assets rule id')} t={t} placeholder="local.assets" />
                <TextField name="assetsDocNo" label={t('规则依据文号', 'Rule document no.')} t={t} />
                {getFieldValue('assetsKind') === 'assessed' ? (
                  <Form.Item name="assetsMeets" valuePropName="checked">
                    <Checkbox>{t('家庭财产符合规定', 'The household’s assets meet the rule')}</Checkbox>
                  </Form.Item>
                ) : (
                  <Flex gap={8} wrap>
                    <Form.Item name="assetsLimitYuan" label={t('人均财产限额（元）', 'Limit per capita (yuan)')} rules={[{ required: true, message: t('必填', 'Required') }]}>
                      <InputNumber min={0} precision={2} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name="assetsTotalYuan" label={t('家庭财产合计（元）', 'Household assets (yuan)')} rules={[{ required: true, message: t('必填', 'Required') }]}>
                      <InputNumber min={0} precision={2} style={{ width: 160 }} />
                    </Form.Item>
                  </Flex>
                )}
              </>
            )
          }
        </Form.Item>
      </>
    ),
    body: (v) => ({
      checkedOn: v.checkedOn,
      result: v.result,
      sources: (v.sources ?? []).map((s: Values) => ({ source: s.source, reportRef: trimmed(s.reportRef) ?? '' })),
      period: { from: v.periodFrom, to: v.periodTo },
      incomes: (v.incomes ?? []).map((i: Values) => ({ personRef: i.personRef, source: i.source, month: i.month, amountFen: fen(i.amountYuan) })),
      ...(v.assetsKind === 'assessed'
        ? { assets: { kind: 'assessed', ruleId: trimmed(v.assetsRuleId), source: { docNo: trimmed(v.assetsDocNo), title: null }, meets: !!v.assetsMeets } }
        : v.assetsKind === 'perCapitaLimit'
          ? {
              assets: {
                kind: 'perCapitaLimit',
                ruleId: trimmed(v.assetsRuleId),
                source: { docNo: trimmed(v.assetsDocNo), title: null },
                limitPerCapita: { fen: fen(v.assetsLimitYuan) },
                totalAssets: { fen: fen(v.assetsTotalYuan) },
              },
            }
          : {}),
    }),
  },
  'dibao.homeVisit': {
    label: ['记录入户调查', 'Record home visit'],
    primary: true,
    path: 'home-visit',
    schema: HomeVisitSchema,
    initial: () => ({ visitedOn: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="visitedOn" label={t('调查日期', 'Visited on')} t={t} />
        <TextField name="investigators" label={t('调查人员（两人以上，逗号分隔）', 'Investigators (two or more, comma-separated)')} t={t} placeholder="officer-li, cadre-chen" />
        <TextField name="findings" label={t('调查情况', 'Findings')} t={t} area />
        <TextField name="recordRef" label={t('调查记录编号（可选）', 'Record reference (optional)')} t={t} required={false} />
      </>
    ),
    body: (v) => ({ visitedOn: v.visitedOn, investigators: lines(v.investigators), findings: trimmed(v.findings) ?? '', ...(trimmed(v.recordRef) ? { recordRef: trimmed(v.recordRef) } : {}) }),
  },
  'dibao.communityReview': {
    label: ['记录民主评议', 'Record community review'],
    primary: true,
    path: 'community-review',
    schema: CommunityReviewSchema,
    initial: () => ({ heldOn: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="heldOn" label={t('评议日期', 'Held on')} t={t} />
        <Flex gap={8} wrap>
          <Form.Item name="attendance" label={t('参加人数', 'Attendance')} rules={[{ required: true, message: t('必填', 'Required') }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="votesFor" label={t('同意人数', 'Votes for')} rules={[{ required: true, message: t('必填', 'Required') }]}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Flex>
        <TextField name="minutesRef" label={t('评议记录编号', 'Minutes reference')} t={t} placeholder="minutes:0309" />
      </>
    ),
    body: (v) => ({ heldOn: v.heldOn, attendance: v.attendance, votesFor: v.votesFor, minutesRef: trimmed(v.minutesRef) ?? '' }),
  },
  'dibao.publicNotice': {
    label: ['张榜公示', 'Post public notice'],
    primary: true,
    path: 'public-notice',
    schema: PublicNoticeSchema,
    initial: () => ({ startedOn: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="startedOn" label={t('公示开始日期', 'Notice starts on')} t={t} />
        <TextField name="location" label={t('公示地点', 'Location')} t={t} placeholder={t('社区公示栏', 'community notice board')} />
        <Typography.Text type="secondary">{t('公示期 7 天（含开始当日）。', 'The notice stays posted 7 days, the first day included.')}</Typography.Text>
      </>
    ),
    body: (v) => ({ startedOn: v.startedOn, location: trimmed(v.location) ?? '' }),
  },
  'dibao.objection': {
    label: ['登记公示异议', 'Record an objection'],
    path: 'objections',
    schema: ObjectionSchema,
    initial: () => ({ raisedOn: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="raisedOn" label={t('提出日期', 'Raised on')} t={t} />
        <TextField name="summary" label={t('异议内容', 'Summary')} t={t} area />
      </>
    ),
    body: (v) => ({ raisedOn: v.raisedOn, summary: trimmed(v.summary) ?? '' }),
  },
  'dibao.objectionResolution': {
    label: ['处理公示异议', 'Resolve an objection'],
    path: 'objection-resolutions',
    schema: ObjectionResolutionSchema,
    initial: (view) => ({ objectionId: objectionsOf(view).find((o) => o.outcome === null)?.objectionId, outcome: 'dismissed' }),
    fields: (view, t) => (
      <>
        <Form.Item name="objectionId" label={t('异议', 'Objection')}>
          <Select
            aria-label={t('异议', 'Objection')}
            options={objectionsOf(view)
              .filter((o) => o.outcome === null)
              .map((o) => ({ value: o.objectionId, label: `${o.objectionId} · ${o.summary.slice(0, 40)}` }))}
          />
        </Form.Item>
        <Form.Item name="outcome" label={t('处理结果', 'Outcome')}>
          <Radio.Group
            options={[
              { value: 'dismissed', label: t('异议不成立', 'Dismissed') },
              { value: 'upheld', label: t('异议成立（重新调查、评议、公示）', 'Upheld (visit, review and notice again)') },
            ]}
          />
        </Form.Item>
        <TextField name="resolution" label={t('处理意见', 'Resolution')} t={t} area />
      </>
    ),
    body: (v) => ({ objectionId: v.objectionId, outcome: v.outcome, resolution: trimmed(v.resolution) ?? '' }),
  },
  'dibao.approve': {
    label: ['批准', 'Approve'],
    primary: true,
    path: 'approve',
    schema: CiteDeterminationSchema,
    fields: (view, t) => (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('审核确认：批准此案件，引用当前测算结果。自批准次月起发放。', 'Approve the case citing the current determination. Payment starts the month after approval.')}</Typography.Paragraph>
        <DeterminationSummary view={view} />
      </Space>
    ),
    body: (_v, view) => ({ determinationId: view.currentDeterminationId }),
  },
  'dibao.reject': {
    label: ['不予批准', 'Reject'],
    danger: true,
    path: 'reject',
    schema: RejectSchema,
    fields: (_v, t) => <TextField name="reasons" label={t('不予批准理由（每行一条，将书面告知申请人）', 'Reasons (one per line; delivered in writing)')} t={t} area />,
    body: (v) => ({ reasons: String(v.reasons ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean) }),
  },
  'dibao.rejectionNotice': {
    label: ['记录书面告知送达', 'Record refusal delivered'],
    path: 'rejection-notice',
    schema: RejectionNoticeSchema,
    initial: () => ({ deliveredOn: todayIso(), method: 'inPerson' }),
    fields: (_v, t) => (
      <>
        <DateField name="deliveredOn" label={t('送达日期', 'Delivered on')} t={t} />
        <Form.Item name="method" label={t('送达方式', 'Method')}>
          <Radio.Group
            options={[
              { value: 'inPerson', label: t('当面送达', 'In person') },
              { value: 'post', label: t('邮寄', 'Post') },
              { value: 'electronic', label: t('电子送达', 'Electronic') },
            ]}
          />
        </Form.Item>
        <TextField name="receiptRef" label={t('送达回证编号', 'Receipt reference')} t={t} />
      </>
    ),
    body: (v) => ({ deliveredOn: v.deliveredOn, method: v.method, receiptRef: trimmed(v.receiptRef) ?? '' }),
  },
  'dibao.review': {
    label: ['记录复核', 'Record review'],
    path: 'reviews',
    schema: ReviewSchema,
    initial: (view) => ({ reviewedOn: todayIso(), householdCategory: view.householdCategory ?? 'stable' }),
    fields: (_v, t) => (
      <>
        <DateField name="reviewedOn" label={t('复核日期', 'Reviewed on')} t={t} />
        <Form.Item name="householdCategory" label={t('分类管理', 'Category')}>
          <Radio.Group options={Object.keys(HOUSEHOLD_CATEGORIES).map((k) => ({ value: k, label: words(HOUSEHOLD_CATEGORIES, k, t) }))} />
        </Form.Item>
        <TextField name="findings" label={t('复核情况', 'Findings')} t={t} area />
      </>
    ),
    body: (v) => ({ reviewedOn: v.reviewedOn, householdCategory: v.householdCategory, findings: trimmed(v.findings) ?? '' }),
  },
  'dibao.suspend': {
    label: ['停发', 'Suspend payment'],
    danger: true,
    path: 'suspend',
    schema: EffectiveDatedSchema,
    initial: () => ({ effectiveFrom: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="effectiveFrom" label={t('停发日期', 'Suspended from')} t={t} />
        <TextField name="reason" label={t('停发原因', 'Reason')} t={t} area />
      </>
    ),
    body: (v) => ({ effectiveFrom: v.effectiveFrom, reason: trimmed(v.reason) ?? '' }),
  },
  'dibao.resume': {
    label: ['恢复发放', 'Resume payment'],
    path: 'resume',
    schema: EffectiveDatedSchema,
    initial: () => ({ effectiveFrom: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="effectiveFrom" label={t('恢复日期', 'Resumed from')} t={t} />
        <TextField name="reason" label={t('恢复原因', 'Reason')} t={t} area />
      </>
    ),
    body: (v) => ({ effectiveFrom: v.effectiveFrom, reason: trimmed(v.reason) ?? '' }),
  },
  'dibao.exit': {
    label: ['退出', 'Exit'],
    danger: true,
    path: 'exit',
    schema: ExitSchema,
    initial: () => ({ effectiveFrom: todayIso(), reason: 'incomeAboveStandard', note: '' }),
    fields: (_v, t) => (
      <>
        <DateField name="effectiveFrom" label={t('退出日期', 'Exit date')} t={t} />
        <Form.Item name="reason" label={t('退出原因', 'Reason')}>
          <Select
            aria-label={t('退出原因', 'Reason')}
            options={[
              { value: 'incomeAboveStandard', label: t('收入超过低保标准', 'Income above the standard') },
              { value: 'death', label: t('死亡', 'Death') },
              { value: 'migration', label: t('户籍迁出', 'Moved away') },
              { value: 'voluntary', label: t('自愿退出', 'Voluntary') },
              { value: 'other', label: t('其他', 'Other') },
            ]}
          />
        </Form.Item>
        <TextField name="note" label={t('说明', 'Note')} t={t} area required={false} />
      </>
    ),
    body: (v) => ({ effectiveFrom: v.effectiveFrom, reason: v.reason, note: String(v.note ?? '') }),
  },
  'linshi.advanceAid': {
    label: ['先行救助', 'Grant advance aid'],
    path: 'advance-aid',
    schema: AdvanceAidSchema,
    fields: (view, t) => (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('急难型：先行救助，事后补办审批手续。', 'Emergency: aid first, paperwork afterwards.')}</Typography.Paragraph>
        <DeterminationSummary view={view} />
        <Form.Item name="amountYuan" label={t('救助金额（元，不超过测算上限）', 'Amount (yuan, within the cap)')} rules={[{ required: true, message: t('必填', 'Required') }]}>
          <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
      </Space>
    ),
    body: (v, view) => ({ determinationId: view.currentDeterminationId, amountFen: fen(v.amountYuan) }),
  },
  'linshi.approve': {
    label: ['批准', 'Approve'],
    primary: true,
    path: 'approve',
    schema: LinshiApproveSchema,
    fields: (view, t) => (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <DeterminationSummary view={view} />
        <Form.Item name="amountYuan" label={t('批准金额（元，可选；默认为测算金额，急难型不超过上限）', 'Amount (yuan, optional; default the determined amount, within the cap)')}>
          <InputNumber min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <TextField name="overrideReasonCode" label={t('调整理由代码（支出型调整金额时必填）', 'Override reason code (支出型 only)')} t={t} required={false} />
        <TextField name="overrideReason" label={t('调整理由', 'Override reason')} t={t} required={false} area />
      </Space>
    ),
    body: (v, view) => ({
      determinationId: view.currentDeterminationId,
      ...(fen(v.amountYuan) !== undefined ? { amountFen: fen(v.amountYuan) } : {}),
      ...(trimmed(v.overrideReasonCode) ? { overrideReasonCode: trimmed(v.overrideReasonCode) } : {}),
      ...(trimmed(v.overrideReason) ? { overrideReason: trimmed(v.overrideReason) } : {}),
    }),
  },
  'linshi.reject': {
    label: ['不予批准', 'Reject'],
    danger: true,
    path: 'reject',
    schema: RejectSchema,
    fields: (_v, t) => <TextField name="reasons" label={t('不予批准理由（每行一条）', 'Reasons (one per line)')} t={t} area />,
    body: (v) => ({ reasons: String(v.reasons ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean) }),
  },
  'linshi.paperwork': {
    label: ['补办审批手续', 'Complete paperwork'],
    primary: true,
    path: 'paperwork',
    schema: PaperworkSchema,
    initial: () => ({ completedOn: todayIso(), note: '' }),
    fields: (_v, t) => (
      <>
        <DateField name="completedOn" label={t('补办日期', 'Completed on')} t={t} />
        <TextField name="documentRefs" label={t('材料编号（逗号分隔）', 'Document references (comma-separated)')} t={t} />
        <TextField name="note" label={t('说明', 'Note')} t={t} area required={false} />
      </>
    ),
    body: (v) => ({ completedOn: v.completedOn, documentRefs: lines(v.documentRefs), note: String(v.note ?? '') }),
  },
  'linshi.referral': {
    label: ['记录转介', 'Record a referral'],
    path: 'referrals',
    schema: ReferralSchema,
    initial: () => ({ referredOn: todayIso() }),
    fields: (_v, t) => (
      <>
        <DateField name="referredOn" label={t('转介日期', 'Referred on')} t={t} />
        <TextField name="to" label={t('转介至', 'Referred to')} t={t} />
        <TextField name="reason" label={t('转介原因', 'Reason')} t={t} area />
      </>
    ),
    body: (v) => ({ referredOn: v.referredOn, to: trimmed(v.to) ?? '', reason: trimmed(v.reason) ?? '' }),
  },
  'tefu.submit': {
    label: ['提交申请', 'Submit application'],
    primary: true,
    path: 'submit',
    schema: SubmitApplicationSchema,
    fields: (_v, t) => <Typography.Paragraph>{t('确认提交此特扶申请？提交后由资格测算给出金额，再由审批人员审批。', 'Submit this application? Eligibility then determines the amount and an approver decides.')}</Typography.Paragraph>,
    body: () => ({}),
  },
  'tefu.approve': {
    label: ['批准', 'Approve'],
    primary: true,
    path: 'approve',
    schema: TefuApproveSchema,
    fields: (view, t) => (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('审批：批准此案件，引用当前测算结果。', 'Approve the case citing the current determination.')}</Typography.Paragraph>
        <DeterminationSummary view={view} />
      </Space>
    ),
    body: (_v, view) => ({ determinationId: view.currentDeterminationId }),
  },
  'tefu.reject': {
    label: ['不予批准', 'Reject'],
    danger: true,
    path: 'reject',
    schema: TefuRejectSchema,
    fields: (_v, t) => <TextField name="reasons" label={t('不予批准理由（每行一条）', 'Reasons (one per line)')} t={t} area />,
    body: (v) => ({ reasons: String(v.reasons ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean) }),
  },
};

export function actionLabel(key: ActionKey, t: T): string {
  const [zh, en] = ACTIONS[key].label;
  return t(zh, en);
}

/** The issues of a failed safeParse as the ErrorAlert lists them. */
export function validationProblem(issues: readonly { path: PropertyKey[]; message: string }[]) {
  return new ApiError(400, {
    code: 'CONSOLE_VALIDATION',
    message: { zh: '表单内容不符合要求，请修改后再提交', en: 'The form does not meet the rules; correct it and submit again' },
    details: { issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
  });
}

/**
 * The form of one action in a modal: validated with the service's schema, sent with If-Match = the
 * ETag of the case on screen. A 412 shows the conflict with 刷新, which reloads the case (and its
 * ETag) and keeps the form, so the officer can check the new state and submit again.
 */
export function ActionModal({
  action,
  loaded,
  open,
  onClose,
  onDone,
  reload,
  stillAvailable,
}: {
  action: ActionKey;
  loaded: LoadedCase;
  open: boolean;
  onClose(): void;
  onDone(): void;
  reload(): Promise<LoadedCase | undefined>;
  stillAvailable(view: CaseView): boolean;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const spec = ACTIONS[action];
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [refreshed, setRefreshed] = useState(false);
  // The case as it was when the form opened: its ETag and view are what this action is about. The
  // page may re-read the case meanwhile (a determination on its way); that must not move the
  // If-Match under the officer — a change by someone else is a 412 and 刷新, never silent.
  const [pinned, setPinned] = useState<LoadedCase>(loaded);
  const view = pinned.view;
  const conflict = error instanceof ApiError && error.isConflict;

  const submit = async () => {
    setError(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = spec.body(values, view);
    const parsed = spec.schema.safeParse(body);
    if (!parsed.success) {
      setError(validationProblem(parsed.error.issues));
      return;
    }
    setBusy(true);
    try {
      await api('applications', `${casePath(view.benefit, view.caseId)}/${spec.path}`, { method: 'POST', body: parsed.data, ifMatch: pinned.etag });
      message.success(t(`已${spec.label[0]}`, `${spec.label[1]}: done`));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const refresh = async () => {
    setBusy(true);
    try {
      const next = await reload();
      if (next) setPinned(next);
      setError(null);
      if (next && !stillAvailable(next.view)) {
        message.info(t('案件已更新，此操作当前不再可用', 'The case changed; this action is no longer available'));
        onClose();
      } else setRefreshed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(spec.label[0], spec.label[1])}
      onCancel={onClose}
      width={spec.path === 'financial-check' ? 900 : 620}
      destroyOnHidden
      maskClosable={false}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ danger: spec.danger, loading: busy, disabled: conflict }}
      onOk={() => void submit()}
    >
      <Form form={form} layout="vertical" initialValues={spec.initial?.(view)} aria-label={t(spec.label[0], spec.label[1])} onFinish={() => void submit()}>
        {spec.fields?.(view, t)}
      </Form>
      {refreshed && !error ? (
        <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('已刷新为案件的最新版本，请核对后重新提交。', 'Reloaded the latest version of the case; check it and submit again.')} />
      ) : null}
      {error ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <ErrorAlert error={error} />
          {conflict ? (
            <Button type="primary" icon={<ReloadOutlined />} onClick={() => void refresh()} loading={busy}>
              {t('刷新', 'Refresh')}
            </Button>
          ) : null}
        </Space>
      ) : null}
    </Modal>
  );
}
