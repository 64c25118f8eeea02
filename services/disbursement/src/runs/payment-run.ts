import type { Actor } from '@benefits/kernel';
import type { BenefitId, PaymentRun } from '../entitlements/entitlement';
import { isDisbursedBenefit, runPeriodKey } from '../entitlements/entitlement';

/**
 * 发放批次 as recorded progress. A run works through the division's caseload in pages; after each
 * page it records how far it got on the stream `paymentrun-<benefit>-<division>-<period>`, so a run
 * killed half-way is resumed from its last recorded page by asking for the same run again, and two
 * processes running the same run cannot both record a page (expected revision). The payments of a
 * page are created before its progress is recorded; a page done again after a crash finds them
 * (create-if-absent) and counts them as this run's when they name this run.
 *
 * Phases: first the payments an earlier run held or the bank refused that can go now (`carry`:
 * a held payment whose account was recorded or whose duplicate was released; a reissue of a failed
 * or reversed payment whose account changed), then the arrears/recovery differences of cases whose
 * schedule changed after a period was paid (`adjustments`), then the periods the schedules have in
 * the run (`regular`). Separate phases keep the kinds of payment streams apart, so no case is looked
 * at twice in one phase.
 *
 * The run is also its envelope's preparation (ADR 0011): its completion prepares the envelope
 * `envelope-<runId>` from the payments the ledger lists under it.
 */
export const RUN_STARTED = 'disbursement.PaymentRunStarted.v1';
export const RUN_PAGE_RECORDED = 'disbursement.PaymentRunPageRecorded.v1';
export const RUN_COMPLETED = 'disbursement.PaymentRunCompleted.v1';

export type RunPhase = 'carry' | 'adjustments' | 'regular';
export const PHASES: readonly RunPhase[] = ['carry', 'adjustments', 'regular'];

export interface RunCounts {
  created: number;
  alreadyExisted: number;
  createdFen: number;
  arrearsFen: number;
  recoveryFen: number;
}

export const ZERO_COUNTS: RunCounts = { created: 0, alreadyExisted: 0, createdFen: 0, arrearsFen: 0, recoveryFen: 0 };

export function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  return {
    created: a.created + b.created,
    alreadyExisted: a.alreadyExisted + b.alreadyExisted,
    createdFen: a.createdFen + b.createdFen,
    arrearsFen: a.arrearsFen + b.arrearsFen,
    recoveryFen: a.recoveryFen + b.recoveryFen,
  };
}

export interface RunStartedData {
  runId: string;
  seq: number;
  benefit: BenefitId;
  divisionCode: string;
  period: string;
  startedAt: string;
}

export interface RunPageRecordedData {
  runId: string;
  phase: RunPhase;
  page: number;
  /** Where the next page of this phase starts; null when the phase is done. */
  nextCursor: string | null;
  cases: number;
  counts: RunCounts;
}

export interface RunCompletedData {
  runId: string;
  pages: number;
  counts: RunCounts;
  completedAt: string;
}

export type RunEvent =
  | { type: typeof RUN_STARTED; data: RunStartedData }
  | { type: typeof RUN_PAGE_RECORDED; data: RunPageRecordedData }
  | { type: typeof RUN_COMPLETED; data: RunCompletedData };

export interface RunSummary {
  runId: string;
  seq: number;
  run: { benefit: BenefitId; divisionCode: string; period: string };
  status: 'running' | 'completed';
  startedAt: string;
  startedBy: Actor | null;
  completedAt: string | null;
  pages: number;
  /** Where the run stands: the phase in hand and the cursor its next page starts at. */
  progress: { phase: RunPhase; cursor: string | null } | null;
  counts: RunCounts;
  /** Everyone who recorded a step of the run (maker side of maker-checker). */
  actors: string[];
}

export interface RunsState {
  runs: RunSummary[];
}

export function runStreamId(run: PaymentRun): string {
  return `paymentrun-${run.benefit}-${run.divisionCode}-${runPeriodKey(run.period)}`;
}

export function runIdOf(run: PaymentRun, seq: number): string {
  return `${run.benefit}-${run.divisionCode}-${runPeriodKey(run.period)}-${seq}`;
}

const RUN_ID = /^([a-z]{2,32})-(\d{6})-(\d{4}(?:-\d{2})?)-([1-9]\d{0,8})$/;

/** The run a run id names (its stream), or null when it is not one. */
export function parseRunId(runId: string): { benefit: BenefitId; divisionCode: string; period: string; seq: number; streamId: string } | null {
  const match = RUN_ID.exec(runId);
  if (!match || !isDisbursedBenefit(match[1])) return null;
  const [, benefit, divisionCode, period, seq] = match;
  return { benefit: benefit as BenefitId, divisionCode, period, seq: Number(seq), streamId: `paymentrun-${benefit}-${divisionCode}-${period}` };
}

/** Pure fold of a run stream: every run of (benefit, division, period), the latest last. */
export function foldRuns(events: readonly { type: string; data: unknown; actor?: Actor | null }[]): RunsState {
  const runs: RunSummary[] = [];
  for (const event of events) {
    switch (event.type) {
      case RUN_STARTED: {
        const d = event.data as RunStartedData;
        runs.push({
          runId: d.runId,
          seq: d.seq,
          run: { benefit: d.benefit, divisionCode: d.divisionCode, period: d.period },
          status: 'running',
          startedAt: d.startedAt,
          startedBy: event.actor ?? null,
          completedAt: null,
          pages: 0,
          progress: { phase: PHASES[0], cursor: null },
          counts: ZERO_COUNTS,
          actors: event.actor ? [event.actor.id] : [],
        });
        break;
      }
      case RUN_PAGE_RECORDED: {
        const d = event.data as RunPageRecordedData;
        const run = runs.find((r) => r.runId === d.runId);
        if (!run) break;
        run.pages += 1;
        run.counts = addCounts(run.counts, d.counts);
        if (event.actor && !run.actors.includes(event.actor.id)) run.actors = [...run.actors, event.actor.id].sort();
        const nextPhase = PHASES[PHASES.indexOf(d.phase) + 1];
        run.progress = d.nextCursor !== null ? { phase: d.phase, cursor: d.nextCursor } : nextPhase ? { phase: nextPhase, cursor: null } : null;
        break;
      }
      case RUN_COMPLETED: {
        const d = event.data as RunCompletedData;
        const run = runs.find((r) => r.runId === d.runId);
        if (!run) break;
        run.status = 'completed';
        run.completedAt = d.completedAt;
        if (event.actor && !run.actors.includes(event.actor.id)) run.actors = [...run.actors, event.actor.id].sort();
        run.progress = null;
        break;
      }
    }
  }
  return { runs };
}

/** The run a request for (benefit, division, period) continues — the latest, when it did not complete — or null for a new one. */
export function runToResume(state: RunsState): RunSummary | null {
  const last = state.runs[state.runs.length - 1];
  return last && last.status === 'running' ? last : null;
}
