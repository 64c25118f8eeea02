import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, type Actor, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { ReadModels, ReadModelView } from '@benefits/read-store';
import type { AuditSource } from '../replica/replica-store';
import { AuditErrors } from '../audit.errors';
import { assertAuditMay, assertAuditRole, divisionPrefix } from '../access';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, caseDocId, type CaseStreamDoc } from '../read-models/case-streams.projection';
import { CaseRecomputer, type FindingSubject, type RecomputeFinding } from './recompute-case';
import { RecomputeErrors } from './recompute.errors';
import type { RecomputationScope } from './recompute.schemas';

/**
 * Recomputation jobs (ADR 0012 §3), recorded on `recomputation-<id>` in the process's own store:
 *
 *   RecomputationStarted {by, scope, startedAt, casesInScope, pageSize}
 *   RecomputationResumed {by, resumedAt, after}                     (a POST with the id of an unfinished job)
 *   RecomputationPageRecorded {page, after, cursor, cases, counts, totals, mismatches, notRecomputable}
 *   RecomputationFailed {code, message, failedAt}                    (the job stopped; POST again resumes)
 *   RecomputationCompleted {counts, resultHash, completedAt, pages}
 *
 * Cases are read from the read model `audit.case-streams` in pages of `pageSize` case documents
 * (kind 'case', divisionCode starting with the scope's code, benefit), keyed by the case stream id:
 * a page's `cursor` is the last case stream id it covered, and the next page reads the ones after it.
 * Only one page of findings is held at a time; the result hash is computed at the end by reading the
 * recorded pages back in order.
 */

export const RECOMPUTATION_STARTED = 'audit.RecomputationStarted.v1';
export const RECOMPUTATION_RESUMED = 'audit.RecomputationResumed.v1';
export const RECOMPUTATION_PAGE_RECORDED = 'audit.RecomputationPageRecorded.v1';
export const RECOMPUTATION_FAILED = 'audit.RecomputationFailed.v1';
export const RECOMPUTATION_COMPLETED = 'audit.RecomputationCompleted.v1';

export const recomputationStreamId = (id: string) => `recomputation-${id}`;

const DEFAULT_PAGE_SIZE = 100;
/** How long a job waits for the case-streams read model to apply what was recorded before it started. */
const CATCH_UP_MS = 30_000;
const STREAM_PAGE = 1000;

export interface Tally {
  match: number;
  mismatch: number;
  notRecomputable: number;
}
export interface RecomputationCounts {
  cases: number;
  determinations: Tally;
  determinationRecords: Tally;
  payments: Tally;
}

export const emptyCounts = (): RecomputationCounts => ({
  cases: 0,
  determinations: { match: 0, mismatch: 0, notRecomputable: 0 },
  determinationRecords: { match: 0, mismatch: 0, notRecomputable: 0 },
  payments: { match: 0, mismatch: 0, notRecomputable: 0 },
});

const TALLY_OF: Record<FindingSubject, keyof Omit<RecomputationCounts, 'cases'>> = {
  determination: 'determinations',
  determinationRecord: 'determinationRecords',
  payment: 'payments',
};

export function addCounts(a: RecomputationCounts, b: RecomputationCounts): RecomputationCounts {
  const t = (x: Tally, y: Tally): Tally => ({ match: x.match + y.match, mismatch: x.mismatch + y.mismatch, notRecomputable: x.notRecomputable + y.notRecomputable });
  return {
    cases: a.cases + b.cases,
    determinations: t(a.determinations, b.determinations),
    determinationRecords: t(a.determinationRecords, b.determinationRecords),
    payments: t(a.payments, b.payments),
  };
}

function countFindings(findings: readonly RecomputeFinding[], cases: number): RecomputationCounts {
  const counts = emptyCounts();
  counts.cases = cases;
  for (const f of findings) {
    const tally = counts[TALLY_OF[f.subject]];
    if (f.status === 'match') tally.match += 1;
    else if (f.status === 'mismatch') tally.mismatch += 1;
    else tally.notRecomputable += 1;
  }
  return counts;
}

interface StartedData {
  recomputationId: string;
  by: Actor;
  scope: RecomputationScope;
  /** The division the scope is checked against: the scope's, or the case's. */
  divisionCode: string;
  startedAt: string;
  casesInScope: number | null;
  pageSize: number;
}

interface PageData {
  page: number;
  /** The case stream id the page read after (null: from the first). */
  after: string | null;
  /** The last case stream id of the page: where the next page starts. */
  cursor: string | null;
  cases: number;
  counts: RecomputationCounts;
  totals: RecomputationCounts;
  mismatches: RecomputeFinding[];
  notRecomputable: RecomputeFinding[];
}

export interface RecomputationReport {
  recomputationId: string;
  streamId: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  scope: RecomputationScope;
  startedBy: Actor | null;
  startedAt: string;
  completedAt: string | null;
  progress: { pages: number; casesExamined: number; casesInScope: number | null };
  counts: RecomputationCounts;
  resultHash: string | null;
  failure: { code: string; message: string } | null;
  mismatches: RecomputeFinding[];
  notRecomputable: RecomputeFinding[];
  nextCursor: string | null;
}

export interface StartInput {
  scope: RecomputationScope;
  recomputationId?: string;
  pageSize?: number;
}

/** SHA-256 of the canonical JSON of the mismatch findings in order (an array), fed page by page. */
export class ResultHash {
  private readonly hash = createHash('sha256');
  private first = true;

  constructor() {
    this.hash.update('[', 'utf8');
  }

  add(finding: RecomputeFinding): void {
    this.hash.update(`${this.first ? '' : ','}${canonicalJson(finding)}`, 'utf8');
    this.first = false;
  }

  digest(): string {
    return this.hash.update(']', 'utf8').digest('hex');
  }
}

/** sha256(canonicalJson(findings)), for checking a report's hash from its findings. */
export function resultHashOf(findings: readonly RecomputeFinding[]): string {
  return createHash('sha256').update(canonicalJson(findings), 'utf8').digest('hex');
}

export class RecomputationJobs {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly store: EventStore,
    private readonly source: Pick<AuditSource, 'readStream'>,
    private readonly readModels: Pick<ReadModels, 'fresh'>,
  ) {}

  /**
   * Starts (or resumes) a recomputation and returns at once; the work runs in the background.
   * `created` is false when the id named an existing recomputation (resumed, running or done).
   */
  async start(actor: Actor, input: StartInput): Promise<{ report: RecomputationReport; accepted: boolean }> {
    assertAuditRole(actor, 'recompute');
    const divisionCode = await this.scopeDivision(actor, input.scope);
    const recomputationId = input.recomputationId ?? randomUUID();
    const streamId = recomputationStreamId(recomputationId);
    const [existing] = await this.store.readStream(streamId, { maxCount: 1 });
    if (existing) {
      const started = existing.data as StartedData;
      if (canonicalJson(started.scope) !== canonicalJson(input.scope)) {
        throw RecomputeErrors.RECOMPUTATION_SCOPE_CONFLICT({ recomputationId, recorded: started.scope, requested: input.scope });
      }
      // The head is read before the report: a resume appended by another request after this read makes
      // ours fail its expected revision, so of two resumes at once only one goes on (the other answers
      // the running report).
      const head = await this.store.streamRevision(streamId);
      const report = await this.report(actor, recomputationId, {});
      if (report.status === 'completed' || report.status === 'running') return { report, accepted: report.status === 'running' };
      // Unfinished (crashed or failed): resume after the last recorded page.
      const last = await this.lastPage(streamId);
      try {
        await this.store.appendToStream(
          streamId,
          [{ type: RECOMPUTATION_RESUMED, data: { by: actor, resumedAt: new Date().toISOString(), after: last?.cursor ?? null }, metadata: meta(actor, recomputationId) }],
          { expectedRevision: head === 'no_stream' ? 'no_stream' : Number(head) },
        );
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) return { report: await this.report(actor, recomputationId, {}), accepted: true };
        throw error;
      }
      this.launch(recomputationId, started, actor);
      return { report: await this.report(actor, recomputationId, {}), accepted: true };
    }
    const view = await this.readModels.fresh(CASE_STREAMS_PROJECTION, CATCH_UP_MS);
    const casesInScope = 'caseId' in input.scope ? 1 : await view.collection<CaseStreamDoc>(CASE_STREAMS).count(caseFilter(input.scope));
    const started: StartedData = {
      recomputationId,
      by: actor,
      scope: input.scope,
      divisionCode,
      startedAt: new Date().toISOString(),
      casesInScope,
      pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
    };
    try {
      await this.store.appendToStream(streamId, [{ type: RECOMPUTATION_STARTED, data: started, metadata: meta(actor, recomputationId) }], { expectedRevision: 'no_stream' });
    } catch (error) {
      // Started by a concurrent request with the same id: answer with that one.
      if (error instanceof WrongExpectedRevisionError) return this.start(actor, input);
      throw error;
    }
    this.launch(recomputationId, started, actor);
    return { report: await this.report(actor, recomputationId, {}), accepted: true };
  }

  /** Resolves once every job this process runs has stopped (after its current page). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Waits for a job of this process to finish (tests). */
  async settled(recomputationId: string): Promise<void> {
    await this.running.get(recomputationId);
  }

  private launch(recomputationId: string, started: StartedData, actor: Actor): void {
    if (this.running.has(recomputationId)) return;
    const job = this.run(recomputationId, started, actor)
      .catch(async (error: unknown) => {
        // Another runner of the same job appended first: it carries on, this one stops quietly.
        if (error instanceof WrongExpectedRevisionError) return;
        const e = error as { code?: string; message?: string };
        await this.append(recomputationStreamId(recomputationId), [
          {
            type: RECOMPUTATION_FAILED,
            data: { code: e.code ?? 'ERROR', message: e.message ?? String(error), failedAt: new Date().toISOString() },
            metadata: meta(actor, recomputationId),
          },
        ]).catch(() => undefined);
      })
      .finally(() => this.running.delete(recomputationId));
    this.running.set(recomputationId, job);
  }

  private async run(recomputationId: string, started: StartedData, actor: Actor): Promise<void> {
    const streamId = recomputationStreamId(recomputationId);
    // Every page is appended after the revision this runner last saw: if another runner of the same
    // job (another process resuming it) appended in between, this one stops instead of doubling pages.
    const head = await this.store.streamRevision(streamId);
    let revision = head === 'no_stream' ? -1 : Number(head);
    const appendNext = async (event: NewEvent) => {
      revision = Number((await this.store.appendToStream(streamId, [event], { expectedRevision: revision })).nextExpectedRevision);
    };
    const last = await this.lastPage(streamId);
    let page = last?.page ?? 0;
    let after = last?.cursor ?? null;
    let totals = last?.totals ?? emptyCounts();
    const recomputer = new CaseRecomputer(this.source);
    const view = await this.readModels.fresh(CASE_STREAMS_PROJECTION, CATCH_UP_MS);
    const period = 'caseId' in started.scope ? null : (started.scope.period ?? null);
    // The last page was recorded but not the completion (the job stopped in between): nothing left to read.
    let done = last !== null && (last.cases < started.pageSize || 'caseId' in started.scope);
    while (!done) {
      if (this.stopping) return;
      const cases = await this.casePage(view, started.scope, after, started.pageSize);
      done = cases.length < started.pageSize || 'caseId' in started.scope;
      if (cases.length === 0 && page > 0) break;
      const findings: RecomputeFinding[] = [];
      for (const doc of cases) {
        const streams = await streamsOf(view, doc.caseId);
        findings.push(
          ...(await recomputer.recompute({ caseId: doc.caseId, divisionCode: doc.divisionCode ?? null, benefit: doc.benefit ?? null, period }, streams)),
        );
      }
      page += 1;
      const counts = countFindings(findings, cases.length);
      totals = addCounts(totals, counts);
      const data: PageData = {
        page,
        after,
        cursor: cases.at(-1)?.streamId ?? after,
        cases: cases.length,
        counts,
        totals,
        mismatches: findings.filter((f) => f.status === 'mismatch'),
        notRecomputable: findings.filter((f) => f.status === 'not_recomputable'),
      };
      await appendNext({ type: RECOMPUTATION_PAGE_RECORDED, data, metadata: meta(actor, recomputationId) });
      after = data.cursor;
    }
    const hash = new ResultHash();
    let pages = 0;
    for await (const event of this.events(streamId)) {
      if (event.type !== RECOMPUTATION_PAGE_RECORDED) continue;
      pages += 1;
      for (const finding of (event.data as PageData).mismatches) hash.add(finding);
    }
    await appendNext({ type: RECOMPUTATION_COMPLETED, data: { counts: totals, resultHash: hash.digest(), completedAt: new Date().toISOString(), pages }, metadata: meta(actor, recomputationId) });
  }

  /** The report as recorded, with one answer's worth of findings from `cursor` on. */
  async report(actor: Actor, recomputationId: string, query: { cursor?: string; limit?: number }): Promise<RecomputationReport> {
    assertAuditRole(actor, 'recompute');
    const streamId = recomputationStreamId(recomputationId);
    // Asked before the stream is read: a job that ends in between has its end recorded by then, and is
    // not mistaken for an interrupted one.
    const runningHere = this.running.has(recomputationId);
    const [first] = await this.store.readStream(streamId, { maxCount: 1 });
    if (!first || first.type !== RECOMPUTATION_STARTED) throw RecomputeErrors.RECOMPUTATION_NOT_FOUND({ recomputationId });
    const started = first.data as StartedData;
    assertAuditMay(actor, 'recompute', started.divisionCode);
    const head = await this.store.streamRevision(streamId);
    const [lastEvent] = head === 'no_stream' ? [] : await this.store.readStream(streamId, { fromRevision: Number(head) });
    const lastPage = await this.lastPage(streamId);
    const completed = lastEvent?.type === RECOMPUTATION_COMPLETED ? (lastEvent.data as { counts: RecomputationCounts; resultHash: string; completedAt: string }) : null;
    const failed = lastEvent?.type === RECOMPUTATION_FAILED ? (lastEvent.data as { code: string; message: string }) : null;
    const status: RecomputationReport['status'] = completed ? 'completed' : runningHere ? 'running' : failed ? 'failed' : 'interrupted';
    const findings = await this.findings(streamId, query);
    return {
      recomputationId,
      streamId,
      status,
      scope: started.scope,
      startedBy: started.by ?? null,
      startedAt: started.startedAt,
      completedAt: completed?.completedAt ?? null,
      progress: { pages: lastPage?.page ?? 0, casesExamined: lastPage?.totals.cases ?? 0, casesInScope: started.casesInScope },
      counts: completed?.counts ?? lastPage?.totals ?? emptyCounts(),
      resultHash: completed?.resultHash ?? null,
      failure: failed ? { code: failed.code, message: failed.message } : null,
      ...findings,
    };
  }

  /** Non-matching findings from a cursor (`<revision>:<offset>` into a page's mismatches then not-recomputables). */
  private async findings(streamId: string, query: { cursor?: string; limit?: number }) {
    const limit = query.limit ?? 100;
    const [fromRevision, fromOffset] = query.cursor ? query.cursor.split(':').map(Number) : [1, 0];
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 1) throw RecomputeErrors.RECOMPUTATION_CURSOR_INVALID({ cursor: query.cursor });
    const mismatches: RecomputeFinding[] = [];
    const notRecomputable: RecomputeFinding[] = [];
    let taken = 0;
    for await (const event of this.events(streamId, fromRevision)) {
      if (event.type !== RECOMPUTATION_PAGE_RECORDED) continue;
      const data = event.data as PageData;
      const all = [...data.mismatches, ...data.notRecomputable];
      const start = event.streamRevision === fromRevision ? fromOffset : 0;
      for (let i = start; i < all.length; i += 1) {
        if (taken === limit) return { mismatches, notRecomputable, nextCursor: `${event.streamRevision}:${i}` };
        (all[i].status === 'mismatch' ? mismatches : notRecomputable).push(all[i]);
        taken += 1;
      }
    }
    return { mismatches, notRecomputable, nextCursor: null };
  }

  private async *events(streamId: string, fromRevision = 0): AsyncGenerator<EventEnvelope> {
    let next = fromRevision;
    for (;;) {
      const chunk = await this.store.readStream(streamId, { fromRevision: next, maxCount: 20 });
      yield* chunk;
      if (chunk.length < 20) return;
      next = chunk[chunk.length - 1].streamRevision + 1;
    }
  }

  /** The last recorded page, reading the stream backwards a few events at a time. */
  private async lastPage(streamId: string): Promise<PageData | null> {
    const head = await this.store.streamRevision(streamId);
    if (head === 'no_stream') return null;
    for (let to = Number(head); to >= 0; to -= 8) {
      const from = Math.max(0, to - 7);
      const chunk = await this.store.readStream(streamId, { fromRevision: from, maxCount: to - from + 1 });
      const page = [...chunk].reverse().find((e) => e.type === RECOMPUTATION_PAGE_RECORDED);
      if (page) return page.data as PageData;
    }
    return null;
  }

  private async append(streamId: string, events: NewEvent[]): Promise<void> {
    await this.store.appendToStream(streamId, events, { expectedRevision: 'stream_exists' });
  }

  private async casePage(view: ReadModelView, scope: RecomputationScope, after: string | null, limit: number): Promise<CaseStreamDoc[]> {
    const collection = view.collection<CaseStreamDoc>(CASE_STREAMS);
    if ('caseId' in scope) {
      const doc = await collection.get(caseDocId(scope.caseId));
      return doc ? [doc] : [];
    }
    const filter = { ...caseFilter(scope), ...(after ? { streamId: { gt: after } } : {}) };
    const page = await collection.find({ filter, sort: [{ field: 'streamId', direction: 'asc' }], limit });
    return page.items;
  }

  /** The division a scope is checked against; for one case, the case's (404 when the read model has no such case). */
  private async scopeDivision(actor: Actor, scope: RecomputationScope): Promise<string> {
    if (!('caseId' in scope)) {
      assertAuditMay(actor, 'recompute', scope.divisionCode);
      return scope.divisionCode;
    }
    const view = await this.readModels.fresh(CASE_STREAMS_PROJECTION, CATCH_UP_MS);
    const doc = await view.collection<CaseStreamDoc>(CASE_STREAMS).get(caseDocId(scope.caseId));
    if (!doc) throw AuditErrors.CASE_NOT_FOUND({ caseId: scope.caseId });
    assertAuditMay(actor, 'recompute', doc.divisionCode ?? '');
    return doc.divisionCode ?? '';
  }
}

function caseFilter(scope: Exclude<RecomputationScope, { caseId: string }>) {
  return { kind: 'case', divisionCode: { startsWith: divisionPrefix(scope.divisionCode) }, ...(scope.benefit ? { benefit: scope.benefit } : {}) };
}

async function streamsOf(view: ReadModelView, caseId: string): Promise<CaseStreamDoc[]> {
  const collection = view.collection<CaseStreamDoc>(CASE_STREAMS);
  const out: CaseStreamDoc[] = [];
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter: { caseId }, sort: [{ field: 'streamId', direction: 'asc' }], limit: STREAM_PAGE, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

function meta(actor: Actor, recomputationId: string): NewEvent['metadata'] {
  return { correlationId: `recomputation-${recomputationId}`, causationId: null, actor, schemaVersion: 1 };
}
