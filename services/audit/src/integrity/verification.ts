import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import { canonicalJson, newId, sha256Hex, systemClock, type Actor, type Clock, type EventEnvelope } from '@benefits/kernel';
import { isWithinDivision } from '@benefits/standards';
import type { AuditSource } from '../replica/replica-store';
import { anchorFiles, anchoredHeads, anchorSettings, loadAnchor, signingKey, verifyingKey, writeAnchor, type AnchorSettings, type LoadedAnchor } from './anchors';
import { IntegrityErrors } from './integrity.errors';
import { verifyLog, type BrokenLink, type LogVerdict } from './verify-all';

/**
 * A verification of the whole log as a job recorded in the audit process's own store
 * (`verification-<id>`, ADR 0012): `audit.VerificationStarted.v1`, a `audit.VerificationPageRecorded.v1`
 * every RECORD_EVERY pages read (cursor and running counts), then `audit.VerificationCompleted.v1`
 * with the counts, the first broken streams (with the total) and the result hash — SHA-256 of the
 * canonical JSON of every finding in order — or `audit.VerificationFailed.v1`.
 *
 * The pass keeps its per-stream state in memory only, so a verification that stopped part way
 * (the process ended) cannot continue from its last page: started again with the same id, it reads
 * the log again from the start, recording a new Started event on the same stream.
 */

export const VERIFICATION_EVENTS = {
  started: 'audit.VerificationStarted.v1',
  page: 'audit.VerificationPageRecorded.v1',
  completed: 'audit.VerificationCompleted.v1',
  failed: 'audit.VerificationFailed.v1',
} as const;

/** Findings kept on the Completed event (the total is always there; the result hash covers all). */
export const RECORDED_FINDINGS = 1000;
/** Findings shown in an answer. */
export const SHOWN_FINDINGS = 100;

export type CheckAnchors = 'latest' | 'all' | 'none';

export interface VerificationRequest {
  verificationId?: string;
  /** Write a signed anchor of every stream's head from this pass. */
  anchor?: boolean;
  checkAnchors?: CheckAnchors;
}

export interface AnchorCheck {
  file: string;
  signature: LoadedAnchor['signature'];
  streams: number;
  logHead: string | null;
  code?: 'ANCHOR_SIGNATURE_INVALID' | 'LOG_SHORTER_THAN_ANCHORED';
}

interface Counts {
  events: number;
  streams: number;
  brokenStreams: number;
  positionViolations: number;
  anchoredStreams: number;
  anchorMismatches: number;
  anchorProblems: number;
}

export interface VerificationJob {
  verificationId: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  intact: boolean | null;
  startedAt: string;
  startedBy: string;
  anchor: boolean;
  checkAnchors: CheckAnchors;
  progress: { pages: number; events: number; brokenStreams: number; cursor: string | null };
  completedAt: string | null;
  mode: 'raw' | 'envelopes' | null;
  counts: Counts | null;
  head: string | null;
  firstPositionViolation: LogVerdict['firstPositionViolation'];
  anchors: AnchorCheck[];
  anchorWritten: { file: string; sha256: string; streams: number } | null;
  /** Broken streams the viewer may see (their division is the viewer's or under it; admin: all), first SHOWN_FINDINGS. */
  brokenStreams: BrokenLink[];
  brokenStreamsTotal: number;
  /** Broken streams not shown because they belong to no case in the viewer's division (counted, ids withheld). */
  brokenStreamsOutsideScope: number;
  resultHash: string | null;
  failure: string | null;
  eventsPerSecond: number | null;
}

export interface VerificationOptions {
  clock?: Clock;
  pageSize?: number;
  /** Record progress every this many pages (default 50). */
  recordEvery?: number;
  settings?: () => AnchorSettings;
}

const streamOf = (id: string) => `verification-${id}`;

/** Runs and reads verifications. One per process may run at a time per id; different ids run side by side. */
export class Verifications {
  private readonly running = new Map<string, Promise<void>>();
  private readonly clock: Clock;
  private readonly pageSize: number;
  private readonly recordEvery: number;
  private readonly settings: () => AnchorSettings;

  constructor(
    private readonly store: EventStore,
    private readonly source: AuditSource,
    options: VerificationOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.pageSize = options.pageSize ?? 1000;
    this.recordEvery = options.recordEvery ?? 50;
    this.settings = options.settings ?? (() => anchorSettings());
  }

  /** Starts (or returns) the verification; `created` tells whether a pass was started now. */
  async start(actor: Actor, request: VerificationRequest): Promise<{ job: VerificationJob; created: boolean }> {
    const verificationId = request.verificationId ?? newId();
    const existing = await this.store.readStream(streamOf(verificationId));
    const last = existing[existing.length - 1];
    if (this.running.has(verificationId) || last?.type === VERIFICATION_EVENTS.completed) {
      return { job: this.fold(verificationId, existing, actor), created: false };
    }
    // A missing or unusable signing key is refused before anything is recorded (503 ANCHOR_KEY_MISSING / _INVALID).
    if (request.anchor) signingKey(this.settings());
    const anchor = request.anchor ?? false;
    const checkAnchors = request.checkAnchors ?? 'latest';
    const startedAt = this.clock.now().toISOString();
    const started = {
      type: VERIFICATION_EVENTS.started,
      data: { verificationId, anchor, checkAnchors, pageSize: this.pageSize, startedAt, restart: existing.length > 0 },
      metadata: { correlationId: `verification-${verificationId}`, actor },
    };
    try {
      await this.store.appendToStream(streamOf(verificationId), [started], { expectedRevision: last ? last.streamRevision : 'no_stream' });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        const runningHere = this.running.has(verificationId);
        return { job: this.fold(verificationId, await this.store.readStream(streamOf(verificationId)), actor, runningHere), created: false };
      }
      throw error;
    }
    const run = this.run(verificationId, actor, anchor, checkAnchors).finally(() => this.running.delete(verificationId));
    this.running.set(verificationId, run);
    // Running here until read: a small log can be verified while the stream is read, and the pass then
    // leaves `running` before fold looks — its completion is on the stream by then (as in `read`).
    return { job: this.fold(verificationId, await this.store.readStream(streamOf(verificationId)), actor, true), created: true };
  }

  /** Resolves when the verification running in this process ends (tests, the CLI's in-process use). */
  async settled(verificationId: string): Promise<void> {
    await this.running.get(verificationId);
  }

  async read(verificationId: string, viewer: Actor): Promise<VerificationJob> {
    // Whether it runs here is asked before the stream is read: a pass that ends between the two has
    // its completion on the stream by then, and is not mistaken for an interrupted one.
    const runningHere = this.running.has(verificationId);
    const events = await this.store.readStream(streamOf(verificationId));
    if (events.length === 0) throw IntegrityErrors.VERIFICATION_NOT_FOUND({ verificationId });
    return this.fold(verificationId, events, viewer, runningHere);
  }

  private async run(verificationId: string, actor: Actor, anchor: boolean, checkAnchors: CheckAnchors): Promise<void> {
    const metadata = { correlationId: `verification-${verificationId}`, actor };
    const stream = streamOf(verificationId);
    let revision = (await this.store.readStream(stream)).length - 1;
    const append = async (type: string, data: unknown) => {
      const r = await this.store.appendToStream(stream, [{ type, data, metadata }], { expectedRevision: revision });
      revision = r.nextExpectedRevision;
    };
    const began = Date.now();
    try {
      const settings = this.settings();
      const checked = checkAnchors === 'none' ? [] : this.loadAnchors(settings, checkAnchors);
      const anchoredCounts = checked.map((a) => a.heads.size);
      const anchored = anchoredHeads(checked.filter((a) => a.signature === 'valid'));
      // Only the merged heads are kept through the pass (an anchor holds every stream: memory counts).
      for (const a of checked) a.heads.clear();
      const { verdict, verifier, mode } = await verifyLog(this.source, {
        pageSize: this.pageSize,
        anchored,
        onPage: async (p) => {
          if (p.page % this.recordEvery === 0) {
            await append(VERIFICATION_EVENTS.page, { page: p.page, cursor: p.cursor, events: p.events, brokenStreams: p.brokenStreams });
          }
        },
      });
      const anchors: AnchorCheck[] = checked.map((a, i) => {
        const check: AnchorCheck = { file: a.file, signature: a.signature, streams: anchoredCounts[i], logHead: a.header?.logHead.position ?? null };
        if (a.signature !== 'valid') check.code = 'ANCHOR_SIGNATURE_INVALID';
        else if (a.header && a.header.events > verdict.events) check.code = 'LOG_SHORTER_THAN_ANCHORED';
        return check;
      });
      let anchorWritten: VerificationJob['anchorWritten'] = null;
      if (anchor) {
        const broken = new Set(verdict.brokenStreams.map((b) => b.streamId));
        const heads = (function* () {
          for (const [id, h] of verifier.heads()) yield [id, broken.has(id) ? { ...h, broken: true } : h] as [string, typeof h & { broken?: boolean }];
        })();
        const written = writeAnchor(
          settings,
          { logHead: { position: String(verdict.head), at: this.clock.now().toISOString() }, streams: verdict.streams, events: verdict.events, brokenStreams: verdict.brokenStreams.length, verificationId },
          heads,
          this.clock.now(),
        );
        anchorWritten = { file: written.file, sha256: written.sha256, streams: written.header.streams };
      }
      const counts: Counts = {
        events: verdict.events,
        streams: verdict.streams,
        brokenStreams: verdict.brokenStreams.length,
        positionViolations: verdict.positionViolations,
        anchoredStreams: verdict.anchoredStreams,
        anchorMismatches: verdict.anchorMismatches,
        anchorProblems: anchors.filter((a) => a.code).length,
      };
      const durationMs = Date.now() - began;
      await append(VERIFICATION_EVENTS.completed, {
        verificationId,
        intact: counts.brokenStreams === 0 && counts.positionViolations === 0 && counts.anchorProblems === 0,
        counts,
        head: String(verdict.head),
        firstPositionViolation: verdict.firstPositionViolation,
        mode,
        anchors,
        anchorWritten,
        brokenStreams: verdict.brokenStreams.slice(0, RECORDED_FINDINGS),
        brokenStreamsTotal: verdict.brokenStreams.length,
        resultHash: sha256Hex(canonicalJson(verdict.brokenStreams)),
        completedAt: this.clock.now().toISOString(),
        durationMs,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await append(VERIFICATION_EVENTS.failed, { verificationId, reason, failedAt: this.clock.now().toISOString() }).catch(() => undefined);
    }
  }

  private loadAnchors(settings: AnchorSettings, which: 'latest' | 'all'): LoadedAnchor[] {
    const files = anchorFiles(settings.dir);
    const chosen = which === 'all' ? files : files.slice(-1);
    const key = verifyingKey(settings);
    return chosen.map((file) => loadAnchor(settings, file, key));
  }

  /** The job as its stream tells it, filtered for the viewer. */
  private fold(verificationId: string, events: readonly EventEnvelope[], viewer: Actor, runningHere = this.running.has(verificationId)): VerificationJob {
    const job: VerificationJob = {
      verificationId,
      status: 'running',
      intact: null,
      startedAt: '',
      startedBy: '',
      anchor: false,
      checkAnchors: 'latest',
      progress: { pages: 0, events: 0, brokenStreams: 0, cursor: null },
      completedAt: null,
      mode: null,
      counts: null,
      head: null,
      firstPositionViolation: null,
      anchors: [],
      anchorWritten: null,
      brokenStreams: [],
      brokenStreamsTotal: 0,
      brokenStreamsOutsideScope: 0,
      resultHash: null,
      failure: null,
      eventsPerSecond: null,
    };
    for (const e of events) {
      const d = e.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      switch (e.type) {
        case VERIFICATION_EVENTS.started:
          Object.assign(job, { status: 'running', intact: null, startedAt: d.startedAt, startedBy: e.metadata.actor?.id ?? '', anchor: d.anchor, checkAnchors: d.checkAnchors, failure: null });
          job.progress = { pages: 0, events: 0, brokenStreams: 0, cursor: null };
          break;
        case VERIFICATION_EVENTS.page:
          job.progress = { pages: d.page, events: d.events, brokenStreams: d.brokenStreams, cursor: d.cursor };
          break;
        case VERIFICATION_EVENTS.completed: {
          const all = d.brokenStreams as BrokenLink[];
          const visible = all.filter((b) => maySee(viewer, b));
          const hiddenOfRecorded = all.length - visible.length;
          Object.assign(job, {
            status: 'completed',
            intact: d.intact,
            completedAt: d.completedAt,
            mode: d.mode,
            counts: d.counts,
            head: d.head,
            firstPositionViolation: d.firstPositionViolation,
            anchors: d.anchors,
            anchorWritten: d.anchorWritten,
            brokenStreams: visible.slice(0, SHOWN_FINDINGS),
            brokenStreamsTotal: d.brokenStreamsTotal,
            // Beyond the recorded ones the division is not known here: counted as outside unless admin.
            brokenStreamsOutsideScope: viewer.role === 'admin' ? 0 : hiddenOfRecorded + (d.brokenStreamsTotal - all.length),
            resultHash: d.resultHash,
            eventsPerSecond: d.durationMs > 0 ? Math.round((d.counts.events / d.durationMs) * 1000) : null,
          });
          job.progress = { ...job.progress, events: d.counts.events, brokenStreams: d.counts.brokenStreams, cursor: d.head };
          break;
        }
        case VERIFICATION_EVENTS.failed:
          Object.assign(job, { status: 'failed', intact: null, failure: d.reason });
          break;
      }
    }
    if (job.status === 'running' && !runningHere) job.status = 'interrupted';
    return job;
  }
}

/**
 * Division scope of a finding: admin sees every stream; an auditor sees the streams of cases in
 * their division or under it. Streams of no known case (envelopes, accounts, audit's own) are
 * shown to admin and to province-level auditors (a 2-digit prefix + 0000 covers every division
 * under the province, and those streams' divisions are not read here); below that, counted only.
 */
export function maySee(viewer: Actor, link: Pick<BrokenLink, 'divisionCode'>): boolean {
  if (viewer.role === 'admin') return true;
  if (link.divisionCode) return isWithinDivision(link.divisionCode, viewer.divisionCode);
  return /^\d{2}0000$/.test(viewer.divisionCode);
}
