import { createContext, useContext, type ReactNode } from 'react';
import { Alert, Card, Descriptions, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { Amount, Clause, EngineResult, Reason, TraceParameter, TraceStep } from '@benefits/benefits';
import { api } from '../api/client';
import { ApiError } from '../api/errors';
import { useLang } from '../i18n';
import { yuan } from './format';

/**
 * The determination as an explanation: the outcome with its reasons, the amount, and each step of
 * the trace with its formula (operation), the parameters and facts it used, its result, and the
 * clause — the standard's name (looked up once per standard), version, item and quoted words.
 * Shared by the case page and the what-if calculator.
 */
export function Explanation({ result, title, compact }: { result: EngineResult; title?: string; compact?: boolean }) {
  const { t } = useLang();
  const readings = usePackReadings(result.rulePackId);
  return (
    <ReadingsContext.Provider value={readings.data ?? EMPTY_READINGS}>
    <section aria-label={title ?? t('测算说明', 'Explanation')} data-testid="explanation">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <OutcomeCard result={result} />
        {result.amount ? <AmountCard amount={result.amount} /> : null}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('计算过程', 'How it was computed')}（{result.trace.length} {t('步', 'steps')}）
        </Typography.Title>
        <ol aria-label={t('计算步骤', 'Trace steps')} style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
          {result.trace.map((step, i) => (
            <li key={`${step.id}-${i}`} style={{ marginBottom: 12 }}>
              <StepCard step={step} index={i + 1} compact={compact} />
            </li>
          ))}
        </ol>
      </Space>
    </section>
    </ReadingsContext.Provider>
  );
}

interface Reading {
  id: string;
  questionZh: string;
  defaultEn: string;
  source: string;
}

const EMPTY_READINGS: ReadonlyMap<string, Reading> = new Map();
const ReadingsContext = createContext<ReadonlyMap<string, Reading>>(EMPTY_READINGS);

/** The named readings a rule pack applies (GET /rule-packs/{id}), to say in words what a policy id means. */
function usePackReadings(rulePackId: string) {
  return useQuery({
    queryKey: ['eligibility', 'rule-pack-readings', rulePackId],
    queryFn: async () => {
      const { data } = await api<{ readings: Reading[] }>('eligibility', `/rule-packs/${encodeURIComponent(rulePackId)}`);
      return new Map(data.readings.map((r) => [r.id, r])) as ReadonlyMap<string, Reading>;
    },
    staleTime: Infinity,
    gcTime: 30 * 60_000,
    retry: false,
  });
}

function OutcomeCard({ result }: { result: EngineResult }) {
  const { lang, t } = useLang();
  const outcome = {
    eligible: { color: 'success' as const, icon: <CheckCircleOutlined />, zh: '符合条件', en: 'Eligible' },
    ineligible: { color: 'error' as const, icon: <CloseCircleOutlined />, zh: '不符合条件', en: 'Not eligible' },
    notComputable: { color: 'warning' as const, icon: <QuestionCircleOutlined />, zh: '无法计算（标准未规定金额）', en: 'Not computable (the standard sets no amount)' },
  }[result.outcome];
  return (
    <Card size="small" title={t('结论', 'Outcome')} aria-label={t('结论', 'Outcome')}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Flex gap={8} wrap align="center">
          <Tag color={outcome.color} icon={outcome.icon} style={{ fontSize: 14, padding: '2px 8px' }} data-outcome={result.outcome}>
            {lang === 'zh' ? outcome.zh : outcome.en}
          </Tag>
          <Typography.Text type="secondary">
            {t('规则包', 'Rule pack')} <Typography.Text code>{result.rulePackId}</Typography.Text> · {t('规则版本', 'Ruleset')}{' '}
            <Typography.Text code>{result.rulesetVersion}</Typography.Text>
          </Typography.Text>
        </Flex>
        {result.reasons.length > 0 ? (
          <ul aria-label={t('理由', 'Reasons')} style={{ margin: 0, paddingInlineStart: 20 }}>
            {result.reasons.map((reason, i) => (
              <ReasonLine key={`${reason.code}-${i}`} reason={reason} />
            ))}
          </ul>
        ) : null}
      </Space>
    </Card>
  );
}

function ReasonLine({ reason }: { reason: Reason }) {
  const { lang } = useLang();
  return (
    <li>
      <Space orientation="vertical" size={2}>
        <span>
          {lang === 'zh' ? reason.zh : reason.en} <Typography.Text type="secondary">({reason.code})</Typography.Text>
          {reason.policy ? <PolicyTag id={reason.policy} /> : null}
        </span>
        {reason.clause ? <ClauseView clause={reason.clause} /> : null}
      </Space>
    </li>
  );
}

const PERIOD: Record<string, [string, string]> = { monthly: ['每月', 'per month'], yearly: ['每年', 'per year'], oneOff: ['一次性', 'one-off'] };

function AmountCard({ amount }: { amount: Amount }) {
  const { t } = useLang();
  const period = PERIOD[amount.period] ?? [amount.period, amount.period];
  return (
    <Card size="small" title={amount.nature === 'cap' ? t('金额上限', 'Maximum amount') : t('金额', 'Amount')} aria-label={t('金额', 'Amount')}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={amount.nature === 'cap' ? t('最高可给予', 'At most') : t('合计', 'Total')}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="amount-total">
            {yuan(amount.total.fen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('周期', 'Period')}>{t(period[0], period[1])}</Descriptions.Item>
        {amount.paymentStart ? (
          <Descriptions.Item label={t('发放起始', 'Payment starts')}>
            {amount.paymentStart.from} <PolicyTag id={amount.paymentStart.policy} />
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {amount.perPerson && amount.perPerson.length > 0 ? (
        <Table
          size="small"
          pagination={false}
          rowKey="personId"
          aria-label={t('每人金额', 'Amount per person')}
          dataSource={amount.perPerson}
          columns={[
            { title: t('人员', 'Person'), dataIndex: 'personId' },
            { title: t('身份', 'Role'), dataIndex: 'role', render: (r?: string) => (r ? roleText(r, t) : '—') },
            { title: t('金额', 'Amount'), dataIndex: 'amount', render: (a: { fen: number }) => yuan(a.fen) },
            { title: t('参数', 'Parameter'), dataIndex: 'parameterKey', render: (k?: string) => (k ? <Typography.Text code>{k}</Typography.Text> : '—') },
          ]}
        />
      ) : null}
    </Card>
  );
}

function roleText(role: string, t: (zh: string, en: string) => string): string {
  const roles: Record<string, [string, string]> = { wife: ['女方', 'wife'], husband: ['男方', 'husband'], parent: ['父/母', 'parent'], self: ['本人', 'self'] };
  const r = roles[role];
  return r ? t(r[0], r[1]) : role;
}

function StepCard({ step, index, compact }: { step: TraceStep; index: number; compact?: boolean }) {
  const { t } = useLang();
  const facts = Object.entries(step.facts);
  return (
    <Card
      size="small"
      aria-label={`${t('步骤', 'Step')} ${index}: ${step.titleZh}`}
      data-step-id={step.id}
      title={
        <Flex gap={8} align="center" wrap>
          <Tag>{index}</Tag>
          <span style={{ whiteSpace: 'normal' }}>{step.titleZh}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {step.id}
          </Typography.Text>
        </Flex>
      }
    >
      <Descriptions size="small" column={1} styles={{ label: { width: 96 } }}>
        <Descriptions.Item label={t('运算', 'Operation')}>
          <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>
            {step.operation}
          </Typography.Text>
        </Descriptions.Item>
        {step.parameters.length > 0 ? (
          <Descriptions.Item label={t('参数', 'Parameters')}>
            <ParameterList parameters={step.parameters} />
          </Descriptions.Item>
        ) : null}
        {facts.length > 0 && !compact ? (
          <Descriptions.Item label={t('事实', 'Facts')}>
            <KeyValues entries={facts} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('结果', 'Result')}>
          {isRulesetResult(step.result) ? (
            <RulesetResult result={step.result} />
          ) : (
            <Typography.Text strong>
              <Value value={step.result} />
            </Typography.Text>
          )}
        </Descriptions.Item>
        {step.clause ? (
          <Descriptions.Item label={t('依据条款', 'Clause')}>
            <ClauseView clause={step.clause} />
          </Descriptions.Item>
        ) : step.policies.length > 0 ? (
          <Descriptions.Item label={t('依据条款', 'Clause')}>
            <Typography.Text type="secondary">{t('标准未作规定，按下列政策处理', 'Not set by the standard; decided by the policies below')}</Typography.Text>
          </Descriptions.Item>
        ) : null}
        {step.policies.length > 0 || step.rounding ? (
          <Descriptions.Item label={t('政策', 'Policies')}>
            <Flex gap={4} wrap>
              {step.policies.map((p) => (
                <PolicyTag key={p} id={p} />
              ))}
              {step.rounding ? (
                <Tag color="purple">
                  {t('舍入', 'Rounding')}: {step.rounding}
                </Tag>
              ) : null}
            </Flex>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

interface RulesetStepResult {
  rulesetVersion: string;
  rulePackId: string;
  jurisdiction?: { nameZh: string; divisionCode: string };
  standard: { standardId: string; versionId: string };
  activationLabel?: string | null;
  note?: string | null;
}

function isRulesetResult(v: unknown): v is RulesetStepResult {
  const r = v as Partial<RulesetStepResult> | null;
  return isRecord(r) && typeof r.rulePackId === 'string' && isRecord(r.standard) && typeof r.standard.standardId === 'string';
}

/** The first step: which rule pack, for which place, pinned to which edition of which standard. */
function RulesetResult({ result }: { result: RulesetStepResult }) {
  const { t } = useLang();
  const standard = useStandardSummary(result.standard.standardId);
  const version = standard.data?.versions.find((v) => v.versionId === result.standard.versionId);
  const title = version?.title ?? standard.data?.versions.find((v) => v.title)?.title ?? null;
  return (
    <Flex gap={6} wrap align="baseline">
      {result.jurisdiction ? <Typography.Text strong>{result.jurisdiction.nameZh}（{result.jurisdiction.divisionCode}）</Typography.Text> : null}
      <Typography.Text code>{result.rulePackId}</Typography.Text>
      <Typography.Text code>{result.rulesetVersion}</Typography.Text>
      <span>
        {t('依据', 'under')} {title ? <Typography.Text strong>《{stripBrackets(title)}》</Typography.Text> : result.standard.standardId}{' '}
        <Typography.Text type="secondary">
          {t('版本', 'version')} {version?.docNo ? `${version.docNo} · ` : ''}
          <Typography.Text code>{result.standard.versionId}</Typography.Text>
        </Typography.Text>
      </span>
      {result.activationLabel ? <Tag color="orange">{result.activationLabel}</Tag> : null}
      {result.note ? <Typography.Text type="secondary">{result.note}</Typography.Text> : null}
    </Flex>
  );
}

function PolicyTag({ id }: { id: string }) {
  const { t } = useLang();
  const reading = useContext(ReadingsContext).get(id);
  const tag = (
    <Tag color="geekblue" style={{ marginInlineStart: 4 }} tabIndex={reading ? 0 : undefined}>
      {id}
    </Tag>
  );
  if (!reading) return tag;
  return (
    <Tooltip
      trigger={['hover', 'focus']}
      title={
        <span>
          {reading.questionZh} → {reading.defaultEn}
          <br />
          {t('出处', 'Source')}: {reading.source}
        </span>
      }
    >
      {tag}
    </Tooltip>
  );
}

function ParameterList({ parameters }: { parameters: TraceParameter[] }) {
  const { t } = useLang();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
      {parameters.map((p, i) => {
        const source = p.source as Record<string, unknown> | undefined;
        const sample = source?.sampleData === true;
        const docNo = typeof source?.docNo === 'string' ? source.docNo : null;
        const sourceTitle = typeof source?.title === 'string' ? source.title : null;
        return (
          <li key={`${p.key}-${i}`}>
            <Typography.Text code>{p.key}</Typography.Text> = <Value value={p.value} />
            {source ? (
              <Typography.Text type="secondary">
                {' '}
                （{t('来源', 'source')}: {[sourceTitle ? `《${stripBrackets(sourceTitle)}》` : null, docNo, typeof source.divisionCode === 'string' ? source.divisionCode : null, typeof source.effectiveFrom === 'string' ? `${t('自', 'from')} ${source.effectiveFrom}` : null].filter(Boolean).join(' · ') || '—'}）
              </Typography.Text>
            ) : null}
            {sample ? (
              <Tag color="orange" style={{ marginInlineStart: 4 }}>
                {t('示例数据（非官方）', 'Sample data (not official)')}
              </Tag>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function KeyValues({ entries }: { entries: [string, unknown][] }) {
  return (
    <Flex gap={4} wrap>
      {entries.map(([k, v]) => (
        <Tag key={k} style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
          {k}: <Value value={v} />
        </Tag>
      ))}
    </Flex>
  );
}

const PER: Record<string, [string, string]> = { 'person-month': ['每人每月', 'per person per month'], 'person-year': ['每人每年', 'per person per year'] };
const UNIT: Record<string, [string, string]> = { years: ['周岁', 'years'], months: ['个月', 'months'] };

/** A trace value: money as yuan, pack values in words, everything else as compact JSON. */
export function Value({ value }: { value: unknown }): ReactNode {
  const { t } = useLang();
  return <>{formatValue(value, t)}</>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function formatValue(value: unknown, t: (zh: string, en: string) => string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('是', 'yes') : t('否', 'no');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, t)).join(', ')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value.fen === 'number') return yuan(value.fen);
    if (value.kind === 'money' && typeof value.fen === 'number') {
      const per = PER[String(value.per)];
      return `${yuan(value.fen)}${per ? ` ${t(per[0], per[1])}` : ''}`;
    }
    if (value.kind === 'count' && typeof value.value === 'number') {
      const unit = UNIT[String(value.unit)];
      return `${value.value} ${unit ? t(unit[0], unit[1]) : String(value.unit ?? '')}`.trim();
    }
    if (value.kind === 'rate' && typeof value.bp === 'number') return `${value.bp / 100}%`;
    if (value.kind === 'multiple' && typeof value.times === 'number') return `${value.times} × ${String(value.of)}`;
    if (value.kind === 'text' && typeof value.value === 'string') return value.value;
    // The engines' exact quotients ({ num, den } without a kind) are amounts in fen: shown in yuan with the exact fraction.
    if (value.kind === undefined && keys.length === 2 && typeof value.num === 'number' && typeof value.den === 'number' && value.den !== 0) {
      const fenValue = value.num / value.den;
      return Number.isInteger(fenValue) ? `${yuan(fenValue)}（${value.num}/${value.den} ${t('分', 'fen')}）` : `≈ ${yuan(Math.round(fenValue))}（${value.num}/${value.den} ${t('分', 'fen')}）`;
    }
    if (value.kind === 'fraction' && typeof value.num === 'number' && typeof value.den === 'number') {
      const num = Number(value.num);
      const den = Number(value.den);
      return `${num}/${den}${den !== 0 ? ` ≈ ${Number.isInteger(num / den) ? num / den : (num / den).toFixed(4)}` : ''}`;
    }
    return `{ ${keys.map((k) => `${k}: ${formatValue(value[k], t)}`).join(', ')} }`;
  }
  return String(value);
}

function stripBrackets(title: string): string {
  return title.replace(/^《/, '').replace(/》$/, '');
}

interface StandardSummary {
  standardId: string;
  divisionCode: string;
  versions: { versionId: string; title: string | null; docNo: string | null; effectiveFrom: string | null }[];
}

/** A standard by id, cached for the session: many clauses name the same one. */
export function useStandardSummary(standardId: string) {
  return useQuery({
    queryKey: ['eligibility', 'standard', standardId],
    queryFn: async () => (await api<StandardSummary>('eligibility', `/standards/${encodeURIComponent(standardId)}`)).data,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
    retry: false,
  });
}

/** 《标准名称》 version · 第 N 项 · field · line — and the quoted words. */
export function ClauseView({ clause }: { clause: Clause }) {
  const { t } = useLang();
  const { standardRef } = clause;
  const standard = useStandardSummary(standardRef.standardId);
  const version = standard.data?.versions.find((v) => v.versionId === standardRef.versionId);
  const title = version?.title ?? standard.data?.versions.find((v) => v.title)?.title ?? null;
  const missing = standard.error instanceof ApiError && standard.error.status === 404;
  let name: ReactNode;
  if (title) name = <Typography.Text strong>《{stripBrackets(title)}》</Typography.Text>;
  else if (standard.isPending) name = <Typography.Text type="secondary">{standardRef.standardId}…</Typography.Text>;
  else
    name = (
      <Tooltip title={missing ? t('目录中尚无此标准（未导入）', 'This standard is not in the catalog (not imported)') : t('无法读取标准名称', 'The standard name could not be read')}>
        <Typography.Text>{standardRef.standardId}</Typography.Text>
      </Tooltip>
    );
  return (
    <div data-testid="clause" style={{ minWidth: 0 }}>
      <Flex gap={6} wrap align="baseline">
        {name}
        <Typography.Text type="secondary">
          {t('版本', 'version')} {version?.docNo ? `${version.docNo} · ` : ''}
          <Typography.Text code>{standardRef.versionId}</Typography.Text>
        </Typography.Text>
        <Tag color="blue" data-testid="clause-item">
          {t(`第 ${standardRef.itemNo} 项`, `item ${standardRef.itemNo}`)}
        </Tag>
        <Typography.Text type="secondary">
          {clause.field} · {t(`第 ${clause.line} 行`, `line ${clause.line}`)}
        </Typography.Text>
      </Flex>
      <blockquote style={{ margin: '4px 0 0', padding: '2px 10px', borderInlineStart: '3px solid #d9d9d9', color: 'rgba(0,0,0,0.75)' }}>“{clause.quote}”</blockquote>
    </div>
  );
}

/** A short banner for results computed with sample (non-official) values. */
export function SampleDataNotice({ result }: { result: EngineResult }) {
  const { t } = useLang();
  const sample = result.trace.some((s) => s.parameters.some((p) => (p.source as Record<string, unknown> | undefined)?.sampleData === true));
  if (!sample) return null;
  return <Alert type="warning" showIcon title={t('本结果使用了示例数据（非官方数值）', 'This result uses sample data (not official values)')} />;
}
