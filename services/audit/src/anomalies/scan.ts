import { createHash } from 'node:crypto';
import { canonicalJson, isDomainError, LocalDate, newId, systemClock, today, type Actor, type Clock, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore, type StreamAppend } from '@benefits/event-store';
import type { PersonalDataVault } from '@benefits/identity';
import type { ReadModels, ReadModelView } from '@benefits/read-store';
import { isWithinDivision } from '@benefits/standards';
import type { AuditSource } from '../replica/replica-store';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from './rule';
import { AnomalyErrors, ANOMALY_CANDIDATE_INVALID } from './anomalies.errors';
import { contentHashOf, contentOf, findingIdOf, findingStreamId, foldFinding, FindingEvents, type FindingContent } from './finding';
import { loadRuleConfigs } from './rule-config';
import { refreshPublishedCalendars } from './rules/read-models/procedure-calendar';

/**
 * 疑点 scans (ADR 0012 §5). A scan is a stream of audit's own, `anomaly-scan-<scanId>`:
 *
 *   audit.AnomalyScanStarted.v1         {scanId, divisionCode, rules, asOf, configs}   (again on each resume, with attempt n)
 *   audit.AnomalyScanPageRecorded.v1    {ruleId, attempt, page, examined, findings: [{findingId, contentHash, change}]}
 *                                       one per page of up to PAGE_SIZE candidates, written with the pages' finding events
 *   audit.AnomalyScanProgressRecorded.v1 {ruleId, attempt, examined}   at most every PROGRESS_INTERVAL_MS while a rule runs
 *   audit.AnomalyScanRuleCompleted.v1   {ruleId, attempt, examined, counts, findingsHash}
 *   audit.AnomalyScanFailed.v1          {ruleId, error: {code, message}}
 *   audit.AnomalyScanCompleted.v1       {counts, perRule, resultHash}
 *
 * Each candidate becomes (or updates) a finding stream, `finding-<id>` (finding.ts): FindingRaised
 * the first time; FindingSeenAgain when a later scan finds it with different content; nothing when
 * the content is unchanged (the page event still lists it, `change: 'unchanged'`).
 *
 * A scan that stopped (process ended, rule failed, read model behind) is resumed by starting it
 * again with the same id: rules already completed are not run again; a rule that was under way runs
 * again from its start (a rule is one pass over read models, without a cursor of its own), and the
 * pages of its earlier attempt no longer count. Its findings are deterministic, so the re-run
 * records nothing twice.
 *
 * resultHash = SHA-256 of the canonical JSON of [{ruleId, count, findingsHash}] in the scan's rule
 * order, with findingsHash = SHA-256 of the canonical JSON of [{findingId, contentHash}] in the
 * order the rule reported them: anyone holding the finding streams can recompute it.
 */

export const ScanEvents = {
  started: 'audit.AnomalyScanStarted.v1',
  page: 'audit.AnomalyScanPageRecorded.v1',
  progress: 'audit.AnomalyScanProgressRecorded.v1',
  ruleCompleted: 'audit.AnomalyScanRuleCompleted.v1',
  failed: 'audit.AnomalyScanFailed.v1',
  completed: 'audit.AnomalyScanCompleted.v1',
} as const;

export const scanStreamId = (scanId: string) => `anomaly-scan-${scanId}`;
export const PAGE_SIZE = 200;
const PROGRESS_INTERVAL_MS = 30_000;

export interface RuleCounts {
  examined: number;
  candidates: number;
  raised: number;
  seenAgain: number;
  unchanged: number;
  /** Reported by the rule with no case (or division) within the scan's scope: not recorded. */
  outOfScope: number;
  /** The same subject reported twice by one rule in one scan: recorded once. */
  repeated: number;
}

const zeroCounts = (): RuleCounts => ({ examined: 0, candidates: 0, raised: 0, seenAgain: 0, unchanged: 0, outOfScope: 0, repeated: 0 });

export type ScanStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface ScanView {
  scanId: string;
  streamId: string;
  status: ScanStatus;
  divisionCode: string;
  rules: string[];
  asOf: string;
  attempt: number;
  startedAt: string;
  startedBy: string | null;
  completedAt: string | null;
  /** Per rule: done, running (with what it examined so far) or pending. */
  progress: { ruleId: string; state: 'done' | 'running' | 'pending' | 'failed'; examined: number; counts: RuleCounts | null; durationMs?: number }[];
  counts: Omit<RuleCounts, 'examined'> & { examined: number; findings: number } | null;
  resultHash: string | null;
  error: { ruleId: string | null; code: string; message: string } | null;
  revision: number;
}

export interface StartScan {
  divisionCode: string;
  rules?: string[];
  asOf?: string;
  /** Resume this scan (same division, rules and date) instead of starting a new one. */
  scanId?: string;
}

export interface AnomalyEngineOptions {
  /** Where audit records its own events (runtime.store). */
  store: EventStore;
  /** What rules read streams from (AUDIT_SOURCE). */
  source: Pick<AuditSource, 'readStream'>;
  readModels: Pick<ReadModels, 'fresh' | 'has'>;
  vault: () => Promise<Pick<PersonalDataVault, 'fingerprintsOf' | 'keyedFingerprint'>>;
  rules: readonly AnomalyRule<any>[];
  rulesFile: string;
  clock?: Clock;
  /** How long a rule's read model may take to catch up with the log at the scan's start (default 10 min). */
  catchUpMs?: number;
  onError?: (error: unknown) => void;
}

interface Running {
  promise: Promise<ScanView>;
  examined: Map<string, number>;
}

export class AnomalyEngine {
  private readonly running = new Map<string, Running>();
  private readonly clock: Clock;

  constructor(private readonly options: AnomalyEngineOptions) {
    this.clock = options.clock ?? systemClock;
    // A bad configuration file stops the service at start-up (and is checked again at each scan).
    this.configs();
  }

  get rules(): readonly AnomalyRule<any>[] {
    return this.options.rules;
  }

  /** Each rule's effective configuration (the file is read again on each call). */
  configs(): Map<string, unknown> {
    return loadRuleConfigs(this.options.rules, this.options.rulesFile);
  }

  /**
   * Records the scan's start (or resumption) and runs it in the background; resolves with the scan
   * as started. `completion(scanId)` waits for the end.
   */
  async start(request: StartScan, actor: Actor, correlationId: string): Promise<ScanView> {
    const ruleIds = request.rules && request.rules.length > 0 ? [...new Set(request.rules)] : this.options.rules.map((r) => r.id);
    const rules = ruleIds.map((id) => {
      const rule = this.options.rules.find((r) => r.id === id);
      if (!rule) throw AnomalyErrors.ANOMALY_RULE_UNKNOWN({ ruleId: id, known: this.options.rules.map((r) => r.id) });
      return rule;
    });
    const configs = this.configs();
    const asOf = request.asOf ?? today(this.clock).toString();
    const scanId = request.scanId ?? newId();
    const streamId = scanStreamId(scanId);
    if (this.running.has(scanId)) return this.status(scanId);
    const existing = await this.options.store.readStream(streamId);
    let attempt = 1;
    let done = new Map<string, { count: number; findingsHash: string; counts: RuleCounts }>();
    if (existing.length > 0) {
      const view = viewOf(existing);
      if (view.status === 'completed') throw AnomalyErrors.ANOMALY_SCAN_COMPLETED({ scanId });
      if (view.divisionCode !== request.divisionCode || view.asOf !== asOf || canonicalJson(view.rules) !== canonicalJson(ruleIds)) {
        throw AnomalyErrors.ANOMALY_SCAN_MISMATCH({ scanId, divisionCode: view.divisionCode, rules: view.rules, asOf: view.asOf });
      }
      attempt = view.attempt + 1;
      done = completedRules(existing);
    }
    const usedConfigs = Object.fromEntries(rules.map((r) => [r.id, configs.get(r.id)]));
    const started = await this.options.store.appendToStream(
      streamId,
      [
        {
          type: ScanEvents.started,
          data: { scanId, divisionCode: request.divisionCode, rules: ruleIds, asOf, configs: usedConfigs, attempt },
          metadata: { correlationId, causationId: null, actor, schemaVersion: 1 },
        },
      ],
      { expectedRevision: existing.length === 0 ? 'no_stream' : existing[existing.length - 1].streamRevision },
    );
    const run: Running = { examined: new Map(), promise: Promise.resolve(null as unknown as ScanView) };
    run.promise = this.execute({ scanId, streamId, divisionCode: request.divisionCode, asOf, rules, configs, attempt, done, actor, correlationId, revision: started.nextExpectedRevision }, run).finally(() =>
      this.running.delete(scanId),
    );
    run.promise.catch((error: unknown) => this.options.onError?.(error));
    this.running.set(scanId, run);
    return this.status(scanId);
  }

  /** Resolves when the scan running in this process ends (at once when none is). */
  async completion(scanId: string): Promise<ScanView> {
    await this.running.get(scanId)?.promise.catch(() => undefined);
    return this.status(scanId);
  }

  /** The scan as recorded, with the live progress of a rule under way in this process. */
  async status(scanId: string): Promise<ScanView> {
    // Asked before the stream is read: a scan that ends in between has its end recorded by then.
    const live = this.running.get(scanId);
    const events = await this.options.store.readStream(scanStreamId(scanId));
    if (events.length === 0) throw AnomalyErrors.ANOMALY_SCAN_NOT_FOUND({ scanId });
    const view = viewOf(events);
    if (view.status === 'running' && !live) view.status = 'interrupted';
    if (live) {
      for (const p of view.progress) {
        const examined = live.examined.get(p.ruleId);
        if (p.state !== 'done' && examined !== undefined) {
          p.state = 'running';
          p.examined = examined;
        }
      }
    }
    return view;
  }

  private async execute(
    scan: {
      scanId: string;
      streamId: string;
      divisionCode: string;
      asOf: string;
      rules: AnomalyRule<any>[];
      configs: Map<string, unknown>;
      attempt: number;
      done: Map<string, { count: number; findingsHash: string; counts: RuleCounts }>;
      actor: Actor;
      correlationId: string;
      revision: number;
    },
    run: Running,
  ): Promise<ScanView> {
    const store = this.options.store;
    let revision = scan.revision;
    const metadata = () => ({ correlationId: scan.correlationId, causationId: null, actor: scan.actor, schemaVersion: 1 });
    const appendScan = async (type: string, data: Record<string, unknown>) => {
      revision = (await store.appendToStream(scan.streamId, [{ type, data, metadata: metadata() }], { expectedRevision: revision })).nextExpectedRevision;
    };
    const views = new Map<string, Promise<ReadModelView>>();
    const summary: { ruleId: string; count: number; findingsHash: string }[] = [];
    const totals = { ...zeroCounts(), findings: 0 };
    let current: string | null = null;
    try {
      // The working-day calendar as published up to now (one stream by id), for the time-limit rules.
      await refreshPublishedCalendars(this.options.source);
      for (const rule of scan.rules) {
        current = rule.id;
        const earlier = scan.done.get(rule.id);
        if (earlier) {
          summary.push({ ruleId: rule.id, count: earlier.count, findingsHash: earlier.findingsHash });
          addCounts(totals, earlier.counts, earlier.count);
          continue;
        }
        const counts = zeroCounts();
        const reported: { findingId: string; contentHash: string }[] = [];
        const seen = new Set<string>();
        let page: Prepared[] = [];
        let pageNo = 0;
        let lastProgress = Date.now();
        const ruleStarted = Date.now();
        run.examined.set(rule.id, 0);
        const flush = async () => {
          if (page.length === 0) return;
          pageNo += 1;
          const recorded = await this.recordPage(page, scan, metadata);
          const pageEvent: NewEvent = {
            type: ScanEvents.page,
            data: { ruleId: rule.id, attempt: scan.attempt, page: pageNo, examined: counts.examined, findings: recorded.map((r) => ({ findingId: r.findingId, contentHash: r.contentHash, change: r.change })) },
            metadata: metadata(),
          };
          revision = (await store.appendToStream(scan.streamId, [pageEvent], { expectedRevision: revision })).nextExpectedRevision;
          for (const r of recorded) counts[r.change] += 1;
          page = [];
        };
        const context: RuleScanContext<unknown> = {
          config: scan.configs.get(rule.id),
          divisionCode: scan.divisionCode,
          asOf: scan.asOf,
          view: (name: string) => {
            let view = views.get(name);
            if (!view) {
              view = this.options.readModels.fresh(name, this.options.catchUpMs ?? 600_000);
              views.set(name, view);
            }
            return view;
          },
          vault: () => this.options.vault(),
          source: this.options.source,
          progress: (examined: number) => {
            counts.examined = examined;
            run.examined.set(rule.id, examined);
          },
        };
        for await (const candidate of rule.scan(context)) {
          counts.candidates += 1;
          const prepared = prepare(rule.id, candidate, scan.divisionCode);
          if (prepared === 'out-of-scope') {
            counts.outOfScope += 1;
            continue;
          }
          if (seen.has(prepared.findingId)) {
            counts.repeated += 1;
            continue;
          }
          seen.add(prepared.findingId);
          reported.push({ findingId: prepared.findingId, contentHash: prepared.contentHash });
          page.push(prepared);
          if (page.length >= PAGE_SIZE) await flush();
          if (Date.now() - lastProgress > PROGRESS_INTERVAL_MS) {
            lastProgress = Date.now();
            await appendScan(ScanEvents.progress, { ruleId: rule.id, attempt: scan.attempt, examined: counts.examined });
          }
        }
        await flush();
        const findingsHash = sha256(canonicalJson(reported));
        await appendScan(ScanEvents.ruleCompleted, { ruleId: rule.id, attempt: scan.attempt, examined: counts.examined, count: reported.length, counts, findingsHash, durationMs: Date.now() - ruleStarted });
        summary.push({ ruleId: rule.id, count: reported.length, findingsHash });
        addCounts(totals, counts, reported.length);
      }
      current = null;
      await appendScan(ScanEvents.completed, { counts: totals, perRule: summary, resultHash: sha256(canonicalJson(summary)) });
    } catch (error) {
      const code = isDomainError(error) ? error.code : ((error as { code?: unknown })?.code as string | undefined) ?? 'SCAN_FAILED';
      const message = error instanceof Error ? error.message : String(error);
      await appendScan(ScanEvents.failed, { ruleId: current, attempt: scan.attempt, error: { code: String(code), message: message.slice(0, 2000) } }).catch(() => undefined);
      throw error;
    }
    return viewOf(await store.readStream(scan.streamId));
  }

  /**
   * Writes one page's finding events: reads each finding stream, decides raised / seen again /
   * unchanged, and appends all in one appendMany. A finding written meanwhile by someone else (a
   * worklist step, another scan) makes the page retry with what is there now.
   */
  private async recordPage(page: Prepared[], scan: { scanId: string; asOf: string }, metadata: () => NewEvent['metadata']): Promise<(Prepared & { change: 'raised' | 'seenAgain' | 'unchanged' })[]> {
    for (let attempt = 0; ; attempt += 1) {
      const decided: (Prepared & { change: 'raised' | 'seenAgain' | 'unchanged' })[] = [];
      const appends: StreamAppend[] = [];
      for (const item of page) {
        const events = await this.options.store.readStream(findingStreamId(item.findingId));
        const state = foldFinding(events);
        if (!state) {
          decided.push({ ...item, change: 'raised' });
          appends.push({
            streamId: findingStreamId(item.findingId),
            expectedRevision: 'no_stream',
            events: [
              {
                type: FindingEvents.raised,
                data: { findingId: item.findingId, ruleId: item.ruleId, subjectKey: item.subjectKey, scanId: scan.scanId, asOf: scan.asOf, contentHash: item.contentHash, ...item.content },
                metadata: metadata(),
              },
            ],
          });
        } else if (state.contentHash === item.contentHash) {
          decided.push({ ...item, change: 'unchanged' });
        } else {
          decided.push({ ...item, change: 'seenAgain' });
          appends.push({
            streamId: findingStreamId(item.findingId),
            expectedRevision: state.revision,
            events: [{ type: FindingEvents.seenAgain, data: { findingId: item.findingId, scanId: scan.scanId, asOf: scan.asOf, contentHash: item.contentHash, ...item.content }, metadata: metadata() }],
          });
        }
      }
      try {
        await this.options.store.appendMany(appends);
        return decided;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 4) throw error;
      }
    }
  }
}

interface Prepared {
  ruleId: string;
  subjectKey: string;
  findingId: string;
  content: FindingContent;
  contentHash: string;
}

const SUBJECT_KEY = /^[^\u0000]{1,200}$/;
const DIVISION = /^\d{6}$/;

function prepare(ruleId: string, candidate: AnomalyCandidate & { divisionCodes?: string[] }, scanDivision: string): Prepared | 'out-of-scope' {
  const invalid = (reason: string) => ANOMALY_CANDIDATE_INVALID({ ruleId, reason });
  if (typeof candidate?.subjectKey !== 'string' || !SUBJECT_KEY.test(candidate.subjectKey)) throw invalid('subjectKey: 1–200 characters');
  if (!Array.isArray(candidate.cases) || candidate.cases.some((c) => typeof c?.caseId !== 'string' || typeof c.divisionCode !== 'string' || !DIVISION.test(c.divisionCode))) {
    throw invalid('cases: [{caseId, divisionCode (6 digits)}]');
  }
  if (candidate.divisionCodes !== undefined && (!Array.isArray(candidate.divisionCodes) || candidate.divisionCodes.some((d) => typeof d !== 'string' || !DIVISION.test(d)))) {
    throw invalid('divisionCodes: 6-digit codes');
  }
  if (!Array.isArray(candidate.evidence) || candidate.evidence.some((e) => typeof e?.streamId !== 'string' || !Number.isSafeInteger(e.revision) || e.revision < 0)) {
    throw invalid('evidence: [{streamId, revision}]');
  }
  if (typeof candidate.summary?.zh !== 'string' || typeof candidate.summary?.en !== 'string') throw invalid('summary: {zh, en}');
  if (candidate.amountFen !== undefined && !Number.isSafeInteger(candidate.amountFen)) throw invalid('amountFen: integer fen');
  // A subject without a case (an envelope, an account) belongs to the scan's division unless the rule names one.
  const scoped = candidate.cases.length === 0 && (candidate.divisionCodes ?? []).length === 0 ? { ...candidate, divisionCodes: [scanDivision] } : candidate;
  const content = contentOf(scoped);
  if (!content.divisionCodes.some((d) => isWithinDivision(d, scanDivision))) return 'out-of-scope';
  let contentHash: string;
  try {
    contentHash = contentHashOf(content);
  } catch (error) {
    throw invalid(`content is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ruleId, subjectKey: candidate.subjectKey, findingId: findingIdOf(ruleId, candidate.subjectKey), content, contentHash };
}

function addCounts(totals: RuleCounts & { findings: number }, counts: RuleCounts, findings: number): void {
  for (const key of Object.keys(counts) as (keyof RuleCounts)[]) totals[key] += counts[key];
  totals.findings += findings;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Rules completed in earlier attempts, with their findings hash (for a resumed scan's result hash). */
function completedRules(events: readonly EventEnvelope[]): Map<string, { count: number; findingsHash: string; counts: RuleCounts }> {
  const done = new Map<string, { count: number; findingsHash: string; counts: RuleCounts }>();
  for (const e of events) {
    if (e.type !== ScanEvents.ruleCompleted) continue;
    const d = e.data as { ruleId: string; count: number; findingsHash: string; counts: RuleCounts };
    done.set(d.ruleId, { count: d.count, findingsHash: d.findingsHash, counts: d.counts });
  }
  return done;
}

/** The scan as its stream records it. */
export function viewOf(events: readonly EventEnvelope[]): ScanView {
  const first = events[0];
  const start = first.data as { scanId: string; divisionCode: string; rules: string[]; asOf: string };
  const view: ScanView = {
    scanId: start.scanId,
    streamId: first.streamId,
    status: 'running',
    divisionCode: start.divisionCode,
    rules: start.rules,
    asOf: start.asOf,
    attempt: 1,
    startedAt: first.recordedAt,
    startedBy: first.metadata.actor?.id ?? null,
    completedAt: null,
    progress: start.rules.map((ruleId) => ({ ruleId, state: 'pending' as const, examined: 0, counts: null })),
    counts: null,
    resultHash: null,
    error: null,
    revision: events[events.length - 1].streamRevision,
  };
  let attempt = 1;
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const progress = typeof d.ruleId === 'string' ? view.progress.find((p) => p.ruleId === d.ruleId) : undefined;
    switch (e.type) {
      case ScanEvents.started:
        attempt = d.attempt ?? 1;
        view.attempt = attempt;
        view.status = 'running';
        view.error = null;
        for (const p of view.progress) if (p.state !== 'done') Object.assign(p, { state: 'pending', examined: 0 });
        break;
      case ScanEvents.page:
      case ScanEvents.progress:
        if (progress && d.attempt === attempt && progress.state !== 'done') Object.assign(progress, { state: 'running', examined: d.examined });
        break;
      case ScanEvents.ruleCompleted:
        if (progress) Object.assign(progress, { state: 'done', examined: d.examined, counts: d.counts, ...(typeof d.durationMs === 'number' ? { durationMs: d.durationMs } : {}) });
        break;
      case ScanEvents.failed:
        view.status = 'failed';
        view.error = { ruleId: d.ruleId ?? null, code: d.error?.code ?? 'SCAN_FAILED', message: d.error?.message ?? '' };
        if (progress && progress.state !== 'done') progress.state = 'failed';
        break;
      case ScanEvents.completed:
        view.status = 'completed';
        view.completedAt = e.recordedAt;
        view.counts = d.counts;
        view.resultHash = d.resultHash;
        break;
    }
  }
  return view;
}

/** A date given to a scan: yyyy-mm-dd. */
export function isScanDate(value: string): boolean {
  return LocalDate.isValid(value);
}
