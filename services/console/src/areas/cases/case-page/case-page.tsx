import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Flex, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { useActor } from '../../../auth/session';
import { roleLabel } from '../../../auth/roles';
import { ErrorAlert } from '../../../components/error-alert';
import { Explanation } from '../../../components/explanation';
import { instant, yuan } from '../../../components/format';
import { Page } from '../../../components/page';
import { QueryState } from '../../../components/query-state';
import { useLang, useT } from '../../../i18n';
import { AccountPanel, accountPanelApplies } from './account-panel';
import { ActionModal, actionLabel, ACTIONS, todayIso } from './actions';
import { ModuleCasePage } from '../modules/module-case-page';
import {
  BENEFIT_LABELS,
  CHECK_SOURCES,
  dueLabel,
  eventLabel,
  EXTRA_NEEDS,
  FAMILY_TYPES,
  HOUSEHOLD_CATEGORIES,
  nextStepLabel,
  RELATIONS,
  statusColor,
  statusLabel,
  words,
} from './labels';
import {
  availableActions,
  BENEFITS,
  approvalWaitsFor,
  blockedByMakerChecker,
  casePath,
  engineResultOf,
  objectionsOf,
  type ActionKey,
  type Benefit,
  type CaseMember,
  type CaseView,
  type DueItem,
  type EligibilityDetermination,
  type LoadedCase,
} from './model';

/** Whether the case waits for eligibility's determination (it arrives by itself after the facts). */
function awaitingDetermination(view: CaseView): boolean {
  const current = view.determinations.find((d) => d.determinationId === view.currentDeterminationId);
  if (view.benefit === 'dibao') {
    return view.factsRevision > 0 && ['checked', 'visited', 'reviewed', 'publicNotice'].includes(view.status) && (!current || current.basedOnCaseRevision !== view.factsRevision);
  }
  return view.status === 'submitted' && !current;
}

export const caseQueryKey = (benefit: string, caseId: string) => ['applications', 'case', benefit, caseId];

async function fetchCase(benefit: Benefit, caseId: string): Promise<LoadedCase> {
  const res = await api<CaseView>('applications', casePath(benefit, caseId));
  return { view: res.data, etag: res.etag ?? String(res.data.revision) };
}

/** `/cases/:benefit/:caseId` — one case: what it is, where it stands, what may be done now. */
export function CasePage() {
  const t = useT();
  const { benefit, caseId } = useParams();
  const unknown = (
    <Page title={t('案件', 'Case')}>
      <Alert type="error" showIcon title={t('无此救助类别', 'No such benefit')} description={t('地址应为 /cases/dibao|linshi|tefu/案件编号', 'The address is /cases/dibao|linshi|tefu/<case id>')} />
    </Page>
  );
  if (!benefit || !caseId) return unknown;
  // A benefit registered as a module (applications lists it) has the generic page.
  if (!BENEFITS.includes(benefit as Benefit)) return <ModuleCasePage benefit={benefit} caseId={caseId} unknown={unknown} />;
  return <CaseLoader benefit={benefit as Benefit} caseId={caseId} />;
}

function CaseLoader({ benefit, caseId }: { benefit: Benefit; caseId: string }) {
  const t = useT();
  const query = useQuery({
    queryKey: caseQueryKey(benefit, caseId),
    queryFn: () => fetchCase(benefit, caseId),
    // While eligibility's determination is on its way, look again every few seconds.
    refetchInterval: (q) => (q.state.data && awaitingDetermination(q.state.data.view) ? 3_000 : false),
  });
  const title = `${t(BENEFIT_LABELS[benefit][0], BENEFIT_LABELS[benefit][1])} · ${t('案件', 'case')}`;
  return (
    <QueryState query={query}>
      {(loaded) => <CaseBody loaded={loaded} title={title} reload={async () => (await query.refetch()).data} />}
    </QueryState>
  );
}

function CaseBody({ loaded, title, reload }: { loaded: LoadedCase; title: string; reload(): Promise<LoadedCase | undefined> }) {
  const { t, lang } = useLang();
  const actor = useActor();
  const queryClient = useQueryClient();
  const { view } = loaded;
  const [action, setAction] = useState<ActionKey | null>(null);
  const actions = availableActions(view, actor);
  const afterAction = async () => {
    setAction(null);
    await reload();
    await queryClient.invalidateQueries({ queryKey: ['eligibility', 'determinations', view.caseId] });
  };

  return (
    <Page
      title={title}
      extra={
        <Flex gap={8} wrap align="center" role="toolbar" aria-label={t('可执行操作', 'Available actions')}>
          {actions.map((key) => (
            <Button key={key} type={ACTIONS[key].primary ? 'primary' : 'default'} danger={ACTIONS[key].danger} onClick={() => setAction(key)}>
              {actionLabel(key, t)}
            </Button>
          ))}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('重新载入案件', 'Reload the case')}>
            {t('重新载入', 'Reload')}
          </Button>
        </Flex>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <CaseHeader view={view} />
        {actor.role === 'approver' && !blockedByMakerChecker(view, actor) && approvalWaitsFor(view) ? (
          <Alert type="warning" showIcon data-testid="approval-waits" title={approvalWaitsFor(view)![lang]} />
        ) : null}
        {actions.length === 0 ? (
          <Alert
            type="info"
            showIcon
            data-testid="no-actions"
            title={
              blockedByMakerChecker(view, actor)
                ? t('您办理过此案件的环节，不能审批（审核确认须由未经办的审批人员作出）。', 'You recorded a step of this case, so you may not decide it (maker-checker).')
                : t('您的角色当前没有可对此案件执行的办理操作。', 'Your role has no step to take on this case right now.')
            }
          />
        ) : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Household view={view} />
              {accountPanelApplies(view) && (actor.role === 'case_officer' || actor.role === 'finance_clerk') ? <AccountPanel view={view} /> : null}
              {view.benefit === 'dibao' ? <DibaoSteps view={view} /> : <Decision view={view} />}
              <Determinations view={view} />
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <CurrentStep view={view} />
              {view.benefit === 'dibao' ? <PublicNotice view={view} /> : null}
              <CaseTimeline view={view} />
            </Space>
          </Col>
        </Row>
      </Space>
      {action ? (
        <ActionModal
          key={action}
          action={action}
          loaded={loaded}
          open
          onClose={() => setAction(null)}
          onDone={() => void afterAction()}
          reload={reload}
          stillAvailable={(next) => availableActions(next, actor).includes(action)}
        />
      ) : null}
    </Page>
  );
}

function openedOn(view: CaseView): string {
  const appliedOn = view.state?.appliedOn;
  if (typeof appliedOn === 'string') return appliedOn;
  const first = view.timeline[0];
  return first?.effectiveFrom ?? (first ? instant(first.recordedAt).slice(0, 10) : '—');
}

function CaseHeader({ view }: { view: CaseView }) {
  const t = useT();
  return (
    <Card size="small" aria-label={t('案件概况', 'Case summary')}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t('救助类别', 'Benefit')}>{words(BENEFIT_LABELS, view.benefit, t)}</Descriptions.Item>
        <Descriptions.Item label={t('状态', 'Status')}>
          <Tag color={statusColor(view.status)} data-testid="case-status" data-status={view.status}>
            {statusLabel(view.benefit, view.status, t)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('行政区划', 'Division')}>{view.divisionCode}</Descriptions.Item>
        <Descriptions.Item label={t('申请日期', 'Opened on')}>{openedOn(view)}</Descriptions.Item>
        <Descriptions.Item label={t('案件编号', 'Case id')}>
          <Typography.Text code copyable>
            {view.caseId}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('版本', 'Revision')}>
          <span data-testid="case-revision">{view.revision}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Household({ view }: { view: CaseView }) {
  const t = useT();
  const app = view.application ?? {};
  return (
    <Card size="small" title={t('家庭成员', 'Household')} aria-label={t('家庭成员', 'Household')}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 8 }}>
        {view.householdCategory ? <Descriptions.Item label={t('分类管理', 'Category')}>{words(HOUSEHOLD_CATEGORIES, view.householdCategory, t)}</Descriptions.Item> : null}
        {view.benefit === 'linshi' ? (
          <>
            <Descriptions.Item label={t('救助类型', 'Type')}>{app.type === 'jinan' ? t('急难型', 'Emergency') : t('支出型', 'Expenditure')}</Descriptions.Item>
            <Descriptions.Item label={t('事由', 'Cause')}>{String(app.causeDescription ?? app.cause ?? '—')}</Descriptions.Item>
            <Descriptions.Item label={t('发生日期', 'Occurred on')}>{String(app.occurredOn ?? '—')}</Descriptions.Item>
          </>
        ) : null}
        {view.family ? (
          <>
            <Descriptions.Item label={t('家庭类型', 'Family type')}>{words(FAMILY_TYPES, view.family.familyType, t)}</Descriptions.Item>
            <Descriptions.Item label={t('子女死亡/伤残日期', 'Child event date')}>{view.family.childEventDate}</Descriptions.Item>
          </>
        ) : null}
      </Descriptions>
      <Table
        size="small"
        pagination={false}
        rowKey="personRef"
        aria-label={t('成员', 'Members')}
        dataSource={view.members}
        scroll={{ x: true }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'name', render: (n: string | null, m: CaseMember) => (m.erased ? <Tag>{t('个人信息已删除', 'erased')}</Tag> : n) },
          { title: t('关系', 'Relation'), render: (_: unknown, m: CaseMember) => words(RELATIONS, m.relation ?? m.role, t) },
          { title: t('身份证号', 'Resident id'), dataIndex: 'residentIdMasked', render: (v: string | null) => v ?? '—' },
          {
            title: t('出生日期 / 年龄', 'Born / age'),
            render: (_: unknown, m: CaseMember) => m.birthDate ?? (typeof m.ageYears === 'number' ? t(`${m.ageYears} 岁`, `${m.ageYears} years`) : '—'),
          },
          { title: t('特殊情况', 'Extra need'), dataIndex: 'extraNeed', render: (v?: string | null) => (v ? words(EXTRA_NEEDS, v, t) : '—') },
        ]}
      />
    </Card>
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What the 低保 steps recorded: 核对, 入户调查, 民主评议, and the decision. */
function DibaoSteps({ view }: { view: CaseView }) {
  const t = useT();
  const s = view.state ?? {};
  const fc = isRecord(s.financialCheck) ? s.financialCheck : null;
  const hv = isRecord(s.homeVisit) ? s.homeVisit : null;
  const cr = isRecord(s.communityReview) ? s.communityReview : null;
  const approval = isRecord(s.approval) ? s.approval : null;
  const rejection = isRecord(s.rejection) ? s.rejection : null;
  if (!fc && !hv && !cr && !approval && !rejection) return null;
  const name = (ref: unknown) => view.members.find((m) => m.personRef === ref)?.name ?? String(ref);
  const items: ReactNode[] = [];
  if (fc) {
    const incomes = Array.isArray(fc.incomes) ? (fc.incomes as { personRef: string; month: string; amountFen: number }[]) : [];
    const period = isRecord(fc.period) ? `${fc.period.from} — ${fc.period.to}` : '—';
    items.push(
      <Descriptions.Item key="fc" label={t('家庭经济状况核对', 'Financial check')}>
        {String(fc.checkedOn)} · {fc.result === 'passed' ? t('通过', 'passed') : t('未通过', 'failed')} ·{' '}
        {(Array.isArray(fc.sources) ? (fc.sources as { source: string }[]) : []).map((x) => words(CHECK_SOURCES, x.source, t)).join('、')} · {t('期间', 'period')} {period} ·{' '}
        {incomes.length === 0 ? t('无收入记录', 'no incomes') : incomes.map((i) => `${name(i.personRef)} ${i.month} ${yuan(i.amountFen)}`).join('；')}
      </Descriptions.Item>,
    );
  }
  if (hv) {
    items.push(
      <Descriptions.Item key="hv" label={t('入户调查', 'Home visit')}>
        {String(hv.effectiveFrom)} · {(hv.investigators as string[]).join('、')} · {String(hv.findings)}
      </Descriptions.Item>,
    );
  }
  if (cr) {
    items.push(
      <Descriptions.Item key="cr" label={t('民主评议', 'Community review')}>
        {String(cr.effectiveFrom)} · {t(`参加 ${cr.attendance} 人，同意 ${cr.votesFor} 人`, `${cr.attendance} present, ${cr.votesFor} for`)} · {String(cr.minutesRef)}
      </Descriptions.Item>,
    );
  }
  if (approval) {
    items.push(
      <Descriptions.Item key="ap" label={t('审核确认', 'Decision')}>
        <span data-testid="approval">
          {t('批准', 'Approved')} {String(approval.effectiveFrom)} · {t('每月', 'monthly')} {yuan(approval.householdAmountFen as number)} · {t('自', 'paid from')} {String(approval.paymentFrom)} {t('起发放', '')} ·{' '}
          {t('引用测算', 'cites')} <Typography.Text code>{String(approval.determinationId)}</Typography.Text>
        </span>
      </Descriptions.Item>,
    );
  }
  if (rejection) {
    items.push(
      <Descriptions.Item key="rj" label={t('不予批准', 'Rejected')}>
        {String(rejection.effectiveFrom)} · {(rejection.reasons as string[]).join('；')}
      </Descriptions.Item>,
    );
  }
  return (
    <Card size="small" title={t('办理记录', 'Steps recorded')} aria-label={t('办理记录', 'Steps recorded')}>
      <Descriptions size="small" column={1}>
        {items}
      </Descriptions>
    </Card>
  );
}

/** 临时救助 and 特扶: the decision once made (approval with its amount, or the refusal's reasons). */
function Decision({ view }: { view: CaseView }) {
  const t = useT();
  const s = view.state ?? {};
  const approval = view.benefit === 'linshi' ? (isRecord(s.approval) ? s.approval : null) : view.decision && 'determinationId' in view.decision ? view.decision : null;
  const rejection = view.benefit === 'linshi' ? (isRecord(s.rejection) ? s.rejection : null) : view.decision && 'reasons' in view.decision ? view.decision : null;
  if (!approval && !rejection) return null;
  return (
    <Card size="small" title={t('审批结果', 'Decision')} aria-label={t('审批结果', 'Decision')}>
      <Descriptions size="small" column={1}>
        {approval ? (
          <Descriptions.Item label={t('批准', 'Approved')}>
            <span data-testid="approval">
              {String(approval.effectiveFrom)} ·{' '}
              {view.benefit === 'linshi'
                ? `${t('批准金额', 'amount')} ${yuan(approval.approvedTotalFen as number)}${Array.isArray(approval.instalments) && approval.instalments.length > 0 ? t(`，分 ${approval.instalments.length} 期发放`, `, in ${approval.instalments.length} instalments`) : ''}`
                : `${t('每人每月', 'per person per month')} ${yuan(approval.amountPerPersonPerMonthFen as number)}`}{' '}
              · {t('引用测算', 'cites')} <Typography.Text code>{String(approval.determinationId)}</Typography.Text>
            </span>
          </Descriptions.Item>
        ) : null}
        {rejection ? (
          <Descriptions.Item label={t('不予批准', 'Rejected')}>
            {String(rejection.effectiveFrom)} · {(rejection.reasons as string[]).join('；')}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

function Determinations({ view }: { view: CaseView }) {
  const t = useT();
  const query = useQuery({
    queryKey: ['eligibility', 'determinations', view.caseId, view.determinations.length, view.currentDeterminationId],
    queryFn: async () => (await api<{ caseId: string; determinations: EligibilityDetermination[] }>('eligibility', `/eligibility/cases/${view.caseId}/determinations`)).data,
    retry: false,
  });
  const waiting = awaitingDetermination(view);
  let body: ReactNode;
  if (query.isError && query.error instanceof ApiError && query.error.status === 404) {
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          waiting
            ? t('资格测算进行中，结果将自动显示…', 'Eligibility is determining; the result will appear…')
            : t('尚无测算结果（家庭经济状况核对或提交申请后由资格测算自动给出）。', 'No determination yet (eligibility determines after the facts are recorded).')
        }
      />
    );
  } else if (query.isError) {
    body = <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  } else {
    body = (
      <QueryState query={query}>
        {(data) => {
          const list = [...data.determinations].reverse();
          if (list.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('尚无测算结果', 'No determination yet')} />;
          const current = list.find((d) => d.determinationId === view.currentDeterminationId) ?? list[0];
          const others = list.filter((d) => d !== current);
          return (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Flex gap={8} wrap align="center">
                <Tag color={current.determinationId === view.currentDeterminationId ? 'blue' : 'default'}>
                  {current.determinationId === view.currentDeterminationId ? t('当前测算（审批引用）', 'Current (cited by approval)') : t('最新测算（尚未记入案件）', 'Latest (not yet on the case)')}
                </Tag>
                <Typography.Text code>{current.determinationId}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('依据案件版本', 'on case revision')} {current.basedOnCaseRevision} · {t('生效', 'effective')} {current.effectiveFrom}
                </Typography.Text>
              </Flex>
              <Explanation result={engineResultOf(current, view.members)} title={t('当前测算说明', 'Current determination')} />
              {others.length > 0 ? (
                <Collapse
                  size="small"
                  items={others.map((d) => ({
                    key: d.determinationId,
                    label: `${t('早先测算', 'Earlier')} ${d.determinationId} · ${d.effectiveFrom}`,
                    children: <Explanation result={engineResultOf(d, view.members)} compact />,
                  }))}
                />
              ) : null}
            </Space>
          );
        }}
      </QueryState>
    );
  }
  return (
    <Card size="small" title={t('测算结果（资格与金额）', 'Determination (eligibility and amount)')} aria-label={t('测算结果', 'Determination')}>
      {body}
    </Card>
  );
}

function CurrentStep({ view }: { view: CaseView }) {
  const t = useT();
  const today = todayIso();
  return (
    <Card size="small" title={t('当前环节与时限', 'Current step and deadlines')} aria-label={t('当前环节与时限', 'Current step and deadlines')}>
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('下一步：', 'Next: ')}</Typography.Text>
        <Typography.Text strong data-testid="next-step">
          {nextStepLabel(view.benefit, view.status, t)}
        </Typography.Text>
      </Typography.Paragraph>
      {view.due.length === 0 ? (
        <Typography.Text type="secondary">{t('无未到期的时限', 'No open deadline')}</Typography.Text>
      ) : (
        <Table<DueItem>
          size="small"
          pagination={false}
          rowKey={(d) => `${d.kind}-${d.dueOn}`}
          aria-label={t('时限', 'Deadlines')}
          dataSource={view.due}
          columns={[
            { title: t('事项', 'Item'), dataIndex: 'kind', render: (k: string) => dueLabel(k, view.status, t) },
            { title: t('截止日期', 'Due on'), dataIndex: 'dueOn' },
            {
              title: t('状态', 'State'),
              render: (_: unknown, d: DueItem) =>
                d.overdue ?? d.dueOn < today ? <Tag color="error">{t('已逾期', 'Overdue')}</Tag> : <Tag color="processing">{t('进行中', 'Open')}</Tag>,
            },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('工作日时限按公布的工作日日历计算，截止日期在办理各环节时由服务算出并记入案件。', 'Working-day limits count on the published working-day calendar; the service computes each due date when a step is recorded.')}
      </Typography.Paragraph>
    </Card>
  );
}

function PublicNotice({ view }: { view: CaseView }) {
  const t = useT();
  const notice = isRecord(view.state?.publicNotice) ? view.state.publicNotice : null;
  const objections = objectionsOf(view);
  if (!notice && objections.length === 0) return null;
  return (
    <Card size="small" title={t('公示', 'Public notice')} aria-label={t('公示', 'Public notice')}>
      {notice ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('第几次公示', 'Notice no.')}>{String(notice.noticeNo)}</Descriptions.Item>
          <Descriptions.Item label={t('地点', 'Location')}>{String(notice.location)}</Descriptions.Item>
          <Descriptions.Item label={t('公示期', 'Period')}>
            {String(notice.startedOn)} — {String(notice.endsOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('审核确认期限', 'Decision due')}>{String(notice.decisionDueOn)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Typography.Text strong>{t('异议', 'Objections')}</Typography.Text>
      {objections.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('无异议', 'None')}</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="objectionId"
          aria-label={t('异议', 'Objections')}
          dataSource={objections}
          columns={[
            { title: t('编号', 'Id'), dataIndex: 'objectionId', render: (id: string) => <span style={{ whiteSpace: 'nowrap' }}>{id}</span> },
            { title: t('提出日期', 'Raised'), dataIndex: 'raisedOn' },
            { title: t('内容', 'Summary'), dataIndex: 'summary' },
            {
              title: t('处理', 'Outcome'),
              dataIndex: 'outcome',
              render: (o: string | null) =>
                o === null ? <Tag color="warning">{t('待处理', 'Open')}</Tag> : o === 'upheld' ? <Tag color="error">{t('异议成立', 'Upheld')}</Tag> : <Tag color="success">{t('异议不成立', 'Dismissed')}</Tag>,
            },
          ]}
        />
      )}
    </Card>
  );
}

function CaseTimeline({ view }: { view: CaseView }) {
  const { t, lang } = useLang();
  return (
    <Card size="small" title={t('办理过程', 'Timeline')} aria-label={t('办理过程', 'Timeline')}>
      <Timeline
        items={view.timeline.map((e) => ({
          key: e.eventId,
          content: (
            <div data-event-type={e.type}>
              <Typography.Text strong>{eventLabel(e.type, t)}</Typography.Text>
              {e.effectiveFrom ? <Typography.Text type="secondary"> · {e.effectiveFrom}</Typography.Text> : null}
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                {e.actor ? `${roleLabel(e.actor.role, lang)} ${e.actor.id}` : t('系统', 'system')} · {t('记录于', 'recorded')} {instant(e.recordedAt)} · {t('版本', 'rev.')} {e.revision}
              </div>
            </div>
          ),
        }))}
      />
      <Link to="/" style={{ fontSize: 12 }}>
        {t('返回首页', 'Home')}
      </Link>
    </Card>
  );
}
