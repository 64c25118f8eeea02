import { LocalDate } from '@benefits/kernel';
import { ApiError, sleep, type Api, type Who } from './api';
import {
  checkPeriod,
  dibaoLaterStep,
  parseSampleMarker,
  SAMPLE_LABEL,
  SAMPLE_SOURCE,
  type Benefit,
  type DibaoSample,
  type LinshiSample,
  type MemberIncome,
  type SampleCase,
  type TefuSample,
} from './caseload';

/**
 * Carries a sample case's plan out through the applications API, step by step, as the officers of
 * its division would: intake registers, a case officer works the case, an approver who recorded no
 * step decides. Eligibility's determinations arrive asynchronously (its consumer records them on
 * the case), so a step that needs one polls the case until it is there.
 *
 * The only writer besides us is that consumer; when it appends between our read and our write we get
 * 412 STALE_REVISION, re-read the revision and send the same step again. Any other refusal ends the
 * case's plan and is reported with the service's code, leaving the case where it stopped.
 */

export interface DriverContext {
  api: Api;
  /** The server's today (Asia/Shanghai): every date of a step. */
  today: string;
  /** How long to wait for eligibility's determination on a case. */
  determinationTimeoutMs: number;
}

export interface CaseFailure {
  index: number;
  benefit: Benefit;
  caseId: string | null;
  step: string;
  httpStatus: number;
  code: string;
  message: string;
}

export interface CaseOutcome {
  index: number;
  benefit: Benefit;
  caseId: string | null;
  /** The case's status when the driver left it (null: not created). */
  status: string | null;
  /** The steps recorded, in order. */
  steps: string[];
  failure: CaseFailure | null;
}

/** A step that failed: which one, and why (the service's code, or a driver code such as DETERMINATION_TIMEOUT). */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface CaseHandle {
  benefit: Benefit;
  caseId: string;
  revision: number;
  status: string;
  steps: string[];
}

export interface Staff {
  intake: Who;
  officer: Who;
  approver: Who;
  /** The second investigator of a 入户调查 (an id, not a user of the system). */
  cadre: string;
}

/** The sample officers of a division; the approver never records a step, so maker-checker holds. */
export function staffOf(division: string): Staff {
  return {
    intake: { role: 'intake_officer', division, sub: `sample-intake-${division}` },
    officer: { role: 'case_officer', division, sub: `sample-officer-${division}` },
    approver: { role: 'approver', division, sub: `sample-approver-${division}` },
    cadre: `sample-cadre-${division}`,
  };
}

const viewPath = (h: Pick<CaseHandle, 'benefit' | 'caseId'>) => (h.benefit === 'tefu' ? `/cases/${h.caseId}` : `/cases/${h.benefit}/${h.caseId}`);
const stepPath = (h: CaseHandle, step: string) => `${viewPath(h)}/${step}`;

function failureOf(step: string, error: unknown): StepFailure {
  if (error instanceof StepFailure) return error;
  if (error instanceof ApiError) return new StepFailure(step, error.status, error.code, error.message);
  return new StepFailure(step, 0, 'DRIVER_ERROR', error instanceof Error ? error.message : String(error));
}

async function view(ctx: DriverContext, h: Pick<CaseHandle, 'benefit' | 'caseId'>, who: Who): Promise<any> {
  const res = await ctx.api.get('applications', viewPath(h), who);
  return { ...res.body, revision: res.etag ?? res.body.revision };
}

async function refresh(ctx: DriverContext, h: CaseHandle, who: Who): Promise<any> {
  const v = await view(ctx, h, who);
  h.revision = v.revision;
  h.status = v.status;
  return v;
}

/** One command on the case with its current revision; a 412 re-reads the revision and tries again. */
async function step(ctx: DriverContext, h: CaseHandle, name: string, who: Who, body: unknown = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await ctx.api.post<{ revision: number; status: string }>('applications', stepPath(h, name), who, { body, ifMatch: h.revision });
      h.revision = res.body.revision;
      h.status = res.body.status;
      h.steps.push(name);
      return;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && attempt < 8) {
        await refresh(ctx, h, who).catch(() => undefined);
        continue;
      }
      throw failureOf(name, error);
    }
  }
}

/** The case's current determination once it is based on the current facts revision (eligibility works asynchronously). */
async function determination(ctx: DriverContext, h: CaseHandle, who: Who, label: string): Promise<{ determinationId: string; eligible?: boolean; [k: string]: unknown }> {
  const deadline = Date.now() + ctx.determinationTimeoutMs;
  for (let wait = 50; ; wait = Math.min(1000, wait * 2)) {
    const v = await refresh(ctx, h, who);
    const current = (v.determinations as { determinationId: string; basedOnCaseRevision: number }[]).find((d) => d.determinationId === v.currentDeterminationId);
    if (current && current.basedOnCaseRevision === v.factsRevision) return current as never;
    if (Date.now() > deadline) {
      throw new StepFailure(label, 0, 'DETERMINATION_TIMEOUT', `no determination on facts revision ${v.factsRevision} within ${ctx.determinationTimeoutMs} ms`);
    }
    await sleep(wait);
  }
}

async function create(ctx: DriverContext, benefit: Benefit, path: string, who: Who, body: unknown, steps: string[]): Promise<CaseHandle> {
  try {
    const res = await ctx.api.post<{ caseId: string; revision: number; status: string }>('applications', path, who, { body });
    steps.push('create');
    return { benefit, caseId: res.body.caseId, revision: res.body.revision, status: res.body.status, steps };
  } catch (error) {
    throw failureOf('create', error);
  }
}

/** Runs one sample case's plan as far as today allows; never throws. */
export async function runSampleCase(ctx: DriverContext, sample: SampleCase): Promise<CaseOutcome> {
  const steps: string[] = [];
  let handle: CaseHandle | null = null;
  const track = (h: CaseHandle) => (handle = h);
  try {
    if (sample.benefit === 'dibao') await runDibao(ctx, sample, steps, track);
    else if (sample.benefit === 'tefu') await runTefu(ctx, sample, steps, track);
    else await runLinshi(ctx, sample, steps, track);
    const h = handle as CaseHandle | null;
    return { index: sample.index, benefit: sample.benefit, caseId: h?.caseId ?? null, status: h?.status ?? null, steps, failure: null };
  } catch (error) {
    const f = failureOf('driver', error);
    const h = handle as CaseHandle | null;
    return {
      index: sample.index,
      benefit: sample.benefit,
      caseId: h?.caseId ?? null,
      status: h?.status ?? null,
      steps,
      failure: { index: sample.index, benefit: sample.benefit, caseId: h?.caseId ?? null, step: f.step, httpStatus: f.httpStatus, code: f.code, message: f.message },
    };
  }
}

// --- 低保 -------------------------------------------------------------------------------------

/** SAMPLE assets test (not an official rule): the household meets it. */
const SAMPLE_ASSETS = { kind: 'assessed', ruleId: 'sample.assets', source: { docNo: SAMPLE_SOURCE.docNo, title: null }, meets: true } as const;

const incomesFor = (incomes: readonly MemberIncome[], refs: readonly string[]) =>
  incomes.map(({ member, source, month, amountFen }) => ({ personRef: refs[member], source, month, amountFen }));

async function runDibao(ctx: DriverContext, s: DibaoSample, steps: string[], track: (h: CaseHandle) => void): Promise<void> {
  const staff = staffOf(s.divisionCode);
  const h = await create(ctx, 'dibao', '/cases/dibao', staff.intake, s.create, steps);
  track(h);
  await step(ctx, h, 'accept', staff.intake);
  const refs: string[] = (await refresh(ctx, h, staff.officer)).members.map((m: { personRef: string }) => m.personRef);
  await step(ctx, h, 'financial-check', staff.officer, {
    checkedOn: ctx.today,
    result: 'passed',
    sources: s.check.sources.map((source) => ({ source, reportRef: `sample:report/${source}` })),
    period: s.check.period,
    incomes: incomesFor(s.check.incomes, refs),
    assets: SAMPLE_ASSETS,
  });
  // 入户调查 and 民主评议 do not wait for the determination; the 公示 shows the amount, so it does.
  await step(ctx, h, 'home-visit', staff.officer, {
    visitedOn: ctx.today,
    investigators: [staff.officer.sub, staff.cadre],
    findings: `${SAMPLE_LABEL}：入户调查情况与申报一致`,
    recordRef: s.marker,
  });
  await step(ctx, h, 'community-review', staff.officer, { heldOn: ctx.today, ...s.review, minutesRef: 'sample:minutes/community-review' });
  const determined = await determination(ctx, h, staff.officer, 'determination');
  if (determined.eligible === false) {
    await step(ctx, h, 'reject', staff.approver, { reasons: [`${SAMPLE_LABEL}：家庭月人均收入不低于当地低保标准`] });
    return;
  }
  await step(ctx, h, 'public-notice', staff.officer, { startedOn: ctx.today, location: `社区公示栏（${SAMPLE_LABEL}）` });
}

/** Whether a 低保 case can be approved today: its 公示 (7 days from startedOn) is over. */
export function publicNoticeOver(publicNotice: { endsOn?: string } | null | undefined, today: string): boolean {
  return Boolean(publicNotice?.endsOn) && LocalDate.parse(today).isAfter(LocalDate.parse(publicNotice!.endsOn!));
}

/**
 * `demo advance` for one 低保 sample case in 公示: approval once the 公示 is over, then the step
 * planned for it (增发/减发 through a change of circumstances and its confirmation, 停发 or 退出).
 * Returns null for a case that is not a sample case or not ready yet.
 */
export async function advanceDibaoCase(ctx: DriverContext, caseId: string, division: string): Promise<CaseOutcome | null> {
  const staff = staffOf(division);
  const h: CaseHandle = { benefit: 'dibao', caseId, revision: 0, status: '', steps: [] };
  let v: any;
  try {
    v = await refresh(ctx, h, staff.approver);
  } catch (error) {
    const f = failureOf('view', error);
    return { index: -1, benefit: 'dibao', caseId, status: null, steps: [], failure: { index: -1, benefit: 'dibao', caseId, step: f.step, httpStatus: f.httpStatus, code: f.code, message: f.message } };
  }
  const marker = parseSampleMarker(v.state?.homeVisit?.recordRef);
  if (!marker || v.status !== 'publicNotice' || !publicNoticeOver(v.state?.publicNotice, ctx.today)) return null;
  const outcome: CaseOutcome = { index: marker.index, benefit: 'dibao', caseId, status: h.status, steps: h.steps, failure: null };
  try {
    const current = await determination(ctx, h, staff.approver, 'approve');
    await step(ctx, h, 'approve', staff.approver, { determinationId: current.determinationId });
    const later = dibaoLaterStep(marker.seed, marker.index);
    if (later === 'suspend') {
      await step(ctx, h, 'suspend', staff.approver, { effectiveFrom: ctx.today, reason: `${SAMPLE_LABEL}：家庭成员外出务工，暂停发放待核实` });
    } else if (later === 'exit') {
      await step(ctx, h, 'exit', staff.approver, { effectiveFrom: ctx.today, reason: 'voluntary', note: `${SAMPLE_LABEL}：申请人主动申请退出` });
    } else if (later === 'increase' || later === 'decrease') {
      await changeIncomes(ctx, h, staff, later, v);
    }
  } catch (error) {
    const f = failureOf('advance', error);
    outcome.failure = { index: marker.index, benefit: 'dibao', caseId, step: f.step, httpStatus: f.httpStatus, code: f.code, message: f.message };
  }
  outcome.status = h.status;
  return outcome;
}

/**
 * 增发/减发: the household's incomes change (halved, or up by a third — nothing if it had none, which
 * becomes a small new income), eligibility redetermines, the approver confirms the new amount; if
 * the household is no longer eligible it exits (收入超标).
 */
async function changeIncomes(ctx: DriverContext, h: CaseHandle, staff: Staff, kind: 'increase' | 'decrease', v: any): Promise<void> {
  const old = (v.state?.incomes ?? []) as { personRef: string; source: MemberIncome['source']; month: string; amountFen: number }[];
  const period = checkPeriod(ctx.today);
  const perMember = new Map<string, { source: MemberIncome['source']; total: number }>();
  for (const i of old) {
    const e = perMember.get(i.personRef) ?? { source: i.source, total: 0 };
    e.total += i.amountFen;
    perMember.set(i.personRef, e);
  }
  const effective = perMember.size === 0 ? 'decrease' : kind;
  if (perMember.size === 0) perMember.set(v.members[0].personRef, { source: 'wages', total: 3 * 30_000 });
  const factor = effective === 'increase' ? 0.5 : 4 / 3;
  const incomes = [...perMember.entries()].flatMap(([personRef, { source, total }]) =>
    period.months.map((month) => ({ personRef, source, month, amountFen: Math.round((total / 3) * factor / 100) * 100 })),
  );
  await step(ctx, h, 'changes', staff.officer, {
    effectiveFrom: ctx.today,
    reason: `${SAMPLE_LABEL}：${effective === 'increase' ? '家庭收入减少（增发）' : '家庭收入增加（减发）'}`,
    period: { from: period.from, to: period.to },
    incomes,
    removedMembers: [],
    addedMembers: [],
  });
  const redetermined = await determination(ctx, h, staff.approver, 'change-confirmation');
  if (redetermined.eligible === false) {
    await step(ctx, h, 'exit', staff.approver, { effectiveFrom: ctx.today, reason: 'incomeAboveStandard', note: `${SAMPLE_LABEL}：收入增加后不再符合条件` });
    return;
  }
  await step(ctx, h, 'change-confirmation', staff.approver, { determinationId: redetermined.determinationId });
}

// --- 计生特扶 -----------------------------------------------------------------------------------

async function runTefu(ctx: DriverContext, s: TefuSample, steps: string[], track: (h: CaseHandle) => void): Promise<void> {
  const staff = staffOf(s.divisionCode);
  const h = await create(ctx, 'tefu', '/cases/tefu', staff.intake, s.create, steps);
  track(h);
  const refs: string[] = (await refresh(ctx, h, staff.officer)).members.map((m: { personRef: string }) => m.personRef);
  const evidence = [{ kind: 'subsidyDecision', reference: 'sample:evidence/elderly-care-subsidy' }];
  for (const { member, receiving } of s.elderlyCareSubsidy) {
    await step(ctx, h, 'facts', staff.officer, { subject: refs[member], fact: { kind: 'elderlyCareSubsidy', receiving }, effectiveFrom: ctx.today, evidence });
  }
  await step(ctx, h, 'submit', staff.intake);
  const determined = await determination(ctx, h, staff.officer, 'determination');
  await step(ctx, h, 'eligibility-confirmation', staff.officer, {
    evidence: [{ kind: s.create.family.familyType === 'childDeceased' ? 'deathCertificate' : 'disabilityCertificate', reference: s.marker }],
  });
  await step(ctx, h, 'approve', staff.approver, { determinationId: determined.determinationId });
  if (s.later === 'elderlyCareSubsidy' && s.laterMember !== null) {
    await step(ctx, h, 'facts', staff.officer, { subject: refs[s.laterMember], fact: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: ctx.today, evidence });
  } else if (s.later === 'death') {
    // Every member dies: the last death terminates the case.
    for (const ref of refs) {
      await step(ctx, h, 'facts', staff.officer, { subject: ref, fact: { kind: 'death' }, effectiveFrom: ctx.today, evidence: [{ kind: 'deathCertificate', reference: 'sample:evidence/death-certificate' }] });
    }
  }
}

// --- 临时救助 -----------------------------------------------------------------------------------

/** A whole-yuan share of a cap, at least 1 元. */
const shareOf = (capFen: number, share: number) => Math.max(100, Math.floor((capFen * share) / 100) * 100);

async function runLinshi(ctx: DriverContext, s: LinshiSample, steps: string[], track: (h: CaseHandle) => void): Promise<void> {
  const staff = staffOf(s.divisionCode);
  const h = await create(ctx, 'linshi', '/cases/linshi', staff.intake, s.create, steps);
  track(h);
  const determined = (await determination(ctx, h, staff.officer, 'determination')) as { determinationId: string; eligible?: boolean; capFen?: number };
  if (determined.eligible === false) {
    await step(ctx, h, 'reject', staff.approver, { reasons: [`${SAMPLE_LABEL}：不符合临时救助条件`] });
    return;
  }
  const plan = s.plan;
  if (plan.kind === 'advanceAid') {
    await step(ctx, h, 'advance-aid', staff.approver, { determinationId: determined.determinationId, amountFen: shareOf(determined.capFen ?? 0, plan.shareOfCap) });
    await step(ctx, h, 'paperwork', staff.officer, { completedOn: ctx.today, documentRefs: [s.marker], note: `${SAMPLE_LABEL}：补齐登记、签字盖章` });
  } else if (plan.kind === 'approveWithinCap') {
    await step(ctx, h, 'approve', staff.approver, { determinationId: determined.determinationId, amountFen: shareOf(determined.capFen ?? 0, plan.shareOfCap) });
  } else if (plan.kind === 'approve') {
    await step(ctx, h, 'approve', staff.approver, { determinationId: determined.determinationId });
  } else {
    const total = ((determined as { amounts?: { amountFen: number }[] }).amounts ?? []).reduce((sum, a) => sum + a.amountFen, 0);
    if (total < 200) {
      await step(ctx, h, 'approve', staff.approver, { determinationId: determined.determinationId });
      return;
    }
    const first = Math.floor(total / 200) * 100;
    const later = LocalDate.parse(ctx.today).plusDays(30).toString();
    await step(ctx, h, 'approve', staff.approver, {
      determinationId: determined.determinationId,
      instalments: [
        { amountFen: first, plannedOn: ctx.today },
        { amountFen: total - first, plannedOn: later },
      ],
    });
  }
}
