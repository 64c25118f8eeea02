import { LocalDate } from '@benefits/kernel';
import type { Api } from './api';
import { generateCaseload, SAMPLE_LABEL, type Benefit } from './caseload';
import { countiesUnder } from './divisions';
import { advanceDibaoCase, runSampleCase, staffOf, type CaseFailure, type CaseOutcome, type DriverContext } from './flows';
import { mapBounded, progressReporter } from './pool';
import { ensureStandardB, ensureStandards, linshiDivisionFor, type SetupAction } from './setup';
import { publishSampleFundingShares, recordSampleAccounts, type FinanceSetup } from './finance';

/**
 * The two runs behind `benefits demo`: `seed` creates a sample caseload and takes every case as far
 * as the server's today allows; `advance` later approves the 低保 sample cases whose 7-day 公示 is
 * over and applies the step planned for each. 公示 is counted on the server's own clock and no API
 * moves it, so a caseload with approved 低保 cases takes two runs at least a week apart.
 */

export interface RunSummary {
  sampleData: true;
  label: string;
  command: 'seed' | 'advance';
  seed?: number;
  today: string;
  divisions: string[];
  linshiDivision?: string;
  requested?: number;
  setup?: SetupAction[];
  /** `seed` only: SAMPLE 一卡通 accounts and funding shares put in place for the finance steps. */
  finance?: FinanceSetup;
  /** Cases per benefit and the status the run left them in (`notCreated` when the application itself was refused). */
  counts: Record<string, Record<string, number>>;
  /** The first MAX_LISTED_FAILURES failures (all of them are counted in failuresByCode). */
  failures: CaseFailure[];
  failuresNotListed: number;
  failuresByCode: Record<string, number>;
  /** What a failure code usually means here, for the codes that occurred. */
  hints: string[];
  elapsedMs: number;
  casesPerSecond: number;
  next: string | null;
}

export interface RunOptions {
  api: Api;
  /** The division given on the command line (a county, or a prefecture/province spread over its counties). */
  division: string;
  concurrency: number;
  determinationTimeoutMs?: number;
  progress?: (line: string) => void;
}

/** The server's today (Asia/Shanghai), as the case list reports it: every date of a sample case is relative to it. */
export async function serverToday(api: Api, division: string): Promise<string> {
  const res = await api.get<{ today: string }>('applications', `/cases?division=${division}&limit=1`, staffOf(division).officer);
  return res.body.today;
}

/** Enough failures to see the pattern; a run of thousands of cases should not print thousands of them. */
export const MAX_LISTED_FAILURES = 200;

const HINTS: Record<string, string> = {
  WORKING_DAY_CALENDAR_MISSING:
    'WORKING_DAY_CALENDAR_MISSING: 受理 counts the 低保 time limits (25 working days) on the published working-day calendar, and the server has no calendar for a year they reach into; such cases stay at `applied` until that year is published',
  DETERMINATION_TIMEOUT: 'DETERMINATION_TIMEOUT: eligibility recorded no determination in time (consumers behind or parked; see the server log), or raise --timeout-ms',
  PERSON_HAS_OPEN_DIBAO_CASE: 'PERSON_HAS_OPEN_DIBAO_CASE: the same --seed was seeded before on this server; use another --seed for more households',
  SAME_CAUSE_WITHIN_PERIOD: 'SAME_CAUSE_WITHIN_PERIOD: the same --seed was seeded before on this server (一事一救); use another --seed',
};

function summarise(outcomes: readonly CaseOutcome[]) {
  const counts: Record<string, Record<string, number>> = {};
  const failuresByCode: Record<string, number> = {};
  for (const o of outcomes) {
    const status = o.status ?? 'notCreated';
    counts[o.benefit] ??= {};
    counts[o.benefit][status] = (counts[o.benefit][status] ?? 0) + 1;
    if (o.failure) failuresByCode[o.failure.code] = (failuresByCode[o.failure.code] ?? 0) + 1;
  }
  const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
  return {
    counts,
    failures: failures.slice(0, MAX_LISTED_FAILURES),
    failuresNotListed: Math.max(0, failures.length - MAX_LISTED_FAILURES),
    failuresByCode,
    hints: Object.keys(failuresByCode).flatMap((code) => (HINTS[code] ? [HINTS[code]] : [])),
  };
}

export async function seedCaseload(options: RunOptions & { seed: number; cases: number; linshiDivision?: string }): Promise<RunSummary> {
  const started = Date.now();
  const { api } = options;
  const today = await serverToday(api, options.division);
  const divisions = countiesUnder(options.division);
  const linshiDivision = options.linshiDivision ?? linshiDivisionFor(divisions);
  const samples = generateCaseload({ seed: options.seed, cases: options.cases, divisions, linshiDivision, today });

  const used = (benefit: Benefit) => [...new Set(samples.filter((s) => s.benefit === benefit).map((s) => s.divisionCode))].sort();
  const needs = (['tefu', 'dibao', 'linshi'] as const).flatMap((benefit) => used(benefit).map((division) => ({ benefit, division })));
  const setup = [
    ...(await ensureStandards(api, needs, today)),
    ...(await ensureStandardB(api, [...new Set([...used('dibao'), ...used('linshi')])].sort(), today)),
  ];

  const ctx: DriverContext = { api, today, determinationTimeoutMs: options.determinationTimeoutMs ?? 60_000 };
  const report = options.progress ? progressReporter(samples.length, `${SAMPLE_LABEL} cases`, options.progress) : undefined;
  const outcomes = await mapBounded(samples, options.concurrency, (sample) => runSampleCase(ctx, sample), report);

  // The finance side: sample accounts for the members of the cases created (a few left without, so
  // that 待补录账户 shows up) and sample funding shares for every benefit and division seeded.
  const accounts = await recordSampleAccounts(api, outcomes.map((o, i) => ({ ...o, divisionCode: samples[i].divisionCode })), options.concurrency);
  const finance: FinanceSetup = { sampleData: true, ...accounts, fundingShares: await publishSampleFundingShares(api, needs, today) };

  const elapsedMs = Date.now() - started;
  const inNotice = outcomes.filter((o) => o.benefit === 'dibao' && o.status === 'publicNotice').length;
  const approvableOn = LocalDate.parse(today).plusDays(7).toString();
  return {
    sampleData: true,
    label: SAMPLE_LABEL,
    command: 'seed',
    seed: options.seed,
    today,
    divisions,
    linshiDivision,
    requested: options.cases,
    setup,
    finance,
    ...summarise(outcomes),
    elapsedMs,
    casesPerSecond: Number((samples.length / Math.max(0.001, elapsedMs / 1000)).toFixed(2)),
    next:
      inNotice > 0
        ? `${inNotice} 低保 case(s) are in 公示 until ${LocalDate.parse(today).plusDays(6)}; from ${approvableOn} run \`npx benefits demo advance --division ${options.division}\` to approve them and apply the planned 增发/减发/停发/退出`
        : null,
  };
}

export async function advanceCaseload(options: RunOptions): Promise<RunSummary> {
  const started = Date.now();
  const { api } = options;
  const today = await serverToday(api, options.division);
  const who = staffOf(options.division).approver;
  const candidates: { caseId: string; divisionCode: string }[] = [];
  for (let cursor: string | null = null; ; ) {
    const query: string = `/cases?benefit=dibao&status=publicNotice&division=${options.division}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.get<{ items: { caseId: string; divisionCode: string }[]; nextCursor: string | null }>('applications', query, who);
    candidates.push(...page.body.items.map(({ caseId, divisionCode }) => ({ caseId, divisionCode })));
    if (!page.body.nextCursor) break;
    cursor = page.body.nextCursor;
  }
  const ctx: DriverContext = { api, today, determinationTimeoutMs: options.determinationTimeoutMs ?? 60_000 };
  const report = options.progress ? progressReporter(candidates.length, `${SAMPLE_LABEL} 低保 cases in 公示 looked at`, options.progress) : undefined;
  const results = await mapBounded(candidates, options.concurrency, (c) => advanceDibaoCase(ctx, c.caseId, c.divisionCode), report);
  const outcomes = results.filter((o): o is CaseOutcome => o !== null);
  const elapsedMs = Date.now() - started;
  const waiting = candidates.length - outcomes.length;
  return {
    sampleData: true,
    label: SAMPLE_LABEL,
    command: 'advance',
    today,
    divisions: countiesUnder(options.division),
    ...summarise(outcomes),
    elapsedMs,
    casesPerSecond: Number((outcomes.length / Math.max(0.001, elapsedMs / 1000)).toFixed(2)),
    next:
      candidates.length === 0
        ? `no 低保 case is in 公示 in ${options.division}`
        : waiting > 0
          ? `${waiting} 低保 case(s) in 公示 were left alone: not sample cases, or their 公示 is not over yet (approval from the day after it ends)`
          : null,
  };
}
