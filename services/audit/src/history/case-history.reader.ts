import { InvalidPositionError, type LogPosition } from '@benefits/event-store';
import type { ReadModels } from '@benefits/read-store';
import type { EventEnvelope } from '@benefits/kernel';
import type { AuditSource } from '../replica/replica-store';
import { AuditErrors } from '../audit.errors';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, caseDocId, type CaseStreamDoc } from '../read-models/case-streams.projection';
import { paymentHistoryOf, timelineOf, PAYMENT_CREATED, type ChainStatus, type PaymentHistory, type TimelineEntry } from './case-history';
import { caseStateOf, caseStatesAfterEach, isEffectiveOn, type CaseState } from './case-state';
import { determinationsOf, paymentAppliesOn, type DeterminationEntry } from './effective-on';
import { parseKnownAt, recordedAtMs, type KnownAt } from './known-at';

export interface ReplayTimelineEntry extends TimelineEntry {
  /** Whether the event counts as effective on asEffectiveOn (always true without it). */
  effective: boolean;
  /** The case state after this event (folding the known events up to it that are effective). */
  state: CaseState;
}

export interface ReplayPayment extends PaymentHistory {
  /** Whether the payment is for asEffectiveOn (see effective-on.ts); null without it. */
  appliesOn: boolean | null;
}

export interface CaseHistory {
  caseId: string;
  streamId: string;
  /** As asked: a log position, an instant (a `+` that arrived as a space restored), or null for "now". */
  asKnownAt: string | null;
  /** How asKnownAt was read: `now`, `position` (the store's order) or `instant` (each event's recordedAt). */
  knownAt: { kind: 'now' | 'position' | 'instant' };
  /** yyyy-mm-dd, or null: fold only events effective on or before it. */
  asEffectiveOn: string | null;
  chain: ChainStatus;
  timeline: ReplayTimelineEntry[];
  /** The case state after every known event (effective on asEffectiveOn, if given). */
  state: CaseState;
  determinations: DeterminationEntry[];
  payments: ReplayPayment[];
}

export interface ReplayOptions {
  /** A log position or an ISO-8601 instant with offset (see known-at.ts); null or absent: now. */
  asKnownAt?: string | null;
  /** yyyy-mm-dd. */
  asEffectiveOn?: string | null;
  /**
   * Called with the case's own read-model document (division, benefit) before any of its streams
   * is read; throws to refuse (division scope). Not called when the case is unknown.
   */
  authorize?: (caseDoc: CaseStreamDoc) => void;
}

/** The largest page the read store gives; a case has a handful of streams per benefit period. */
const STREAM_PAGE = 1000;

/**
 * Reads the streams a case history needs, as known at a log position or an instant when one is
 * given. Which streams belong to the case comes from the `audit.case-streams` read model; every
 * stream is then read by id (as of the position; or whole, then cut after the last event recorded
 * by the instant). Nothing here reads the global log, so the cost follows the size of the case, not
 * of the caseload (only `readStream` is within reach of this class).
 */
export class CaseHistoryReader {
  constructor(
    private readonly store: Pick<AuditSource, 'readStream'>,
    private readonly readModels: Pick<ReadModels, 'fresh'>,
  ) {}

  async read(caseId: string, options: ReplayOptions | LogPosition | null = {}): Promise<CaseHistory | null> {
    const opts: ReplayOptions = options === null || typeof options === 'string' ? { asKnownAt: options } : options;
    const knownAt = parseKnownAt(opts.asKnownAt);
    const asEffectiveOn = opts.asEffectiveOn ?? null;
    const owned = await this.streamsOf(caseId);
    const caseDoc = owned.find((s) => s.streamId === caseDocId(caseId));
    if (!caseDoc) return null;
    opts.authorize?.(caseDoc);
    // A stream whose first event was recorded after the instant was not known then: not read at all.
    const knownStreams = knownAt.kind === 'instant' ? owned.filter((s) => recordedAtMs(s.firstRecordedAt) <= knownAt.epochMs) : owned;
    const streams = new Map<string, Promise<EventEnvelope[]>>();
    // Schedules and determinations are shared by many payments of a case: each is read once.
    const read = (streamId: string) => {
      let events = streams.get(streamId);
      if (!events) streams.set(streamId, (events = this.readStream(streamId, knownAt)));
      return events;
    };
    const streamId = caseDoc.streamId;
    const caseEvents = await read(streamId);
    if (caseEvents.length === 0) return null;
    const determinationStreams = knownStreams.filter((s) => s.kind === 'determination').map((s) => s.streamId);
    const payments: ReplayPayment[] = [];
    for (const { streamId: paymentStreamId } of knownStreams.filter((s) => s.kind === 'payment')) {
      // Read as known then: a payment created later reads as no events and is left out.
      const paymentEvents = await read(paymentStreamId);
      if (paymentEvents.length === 0) continue;
      const created = paymentEvents.find((e) => e.type === PAYMENT_CREATED);
      const data = (created?.data ?? {}) as { schedule?: { streamId?: unknown }; determinationId?: unknown };
      const scheduleStream = typeof data.schedule?.streamId === 'string' ? await read(data.schedule.streamId) : [];
      const determinations = await Promise.all(determinationStreamCandidates(caseId, data.determinationId, determinationStreams).map(read));
      const history = paymentHistoryOf(paymentEvents, scheduleStream, determinations);
      if (history) payments.push({ ...history, appliesOn: paymentAppliesOn(history, asEffectiveOn) });
    }
    const determinations = determinationsOf(await Promise.all(determinationStreams.map(read)), asEffectiveOn);
    const counts = (event: EventEnvelope) => isEffectiveOn(event, asEffectiveOn);
    const states = caseStatesAfterEach(caseEvents, counts, asEffectiveOn);
    const { chain, timeline } = timelineOf(caseEvents);
    return {
      caseId,
      streamId,
      asKnownAt: knownAt.kind === 'instant' ? knownAt.instant : (opts.asKnownAt ?? null),
      knownAt: { kind: knownAt.kind },
      asEffectiveOn,
      chain,
      timeline: timeline.map((entry, i) => ({ ...entry, effective: counts(caseEvents[i]), state: states[i] })),
      state: caseStateOf(caseEvents.filter(counts), asEffectiveOn),
      determinations,
      payments,
    };
  }

  /**
   * The case's streams by stream id, from a read model that has applied everything committed
   * before this call (a payment written just before the request is listed); when it cannot catch
   * up within its bound the request fails with READ_MODEL_BEHIND (503, Retry-After) instead of
   * answering with payments missing.
   */
  private async streamsOf(caseId: string): Promise<CaseStreamDoc[]> {
    const view = await this.readModels.fresh(CASE_STREAMS_PROJECTION);
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

  private async readStream(streamId: string, knownAt: KnownAt): Promise<EventEnvelope[]> {
    if (knownAt.kind === 'instant') {
      // Read by id, then keep the prefix recorded by the instant: the chain stays contiguous from revision 0.
      const events = await this.store.readStream(streamId, {});
      const cut = events.findIndex((e) => recordedAtMs(e.recordedAt) > knownAt.epochMs);
      return cut === -1 ? events : events.slice(0, cut);
    }
    try {
      return await this.store.readStream(streamId, knownAt.kind === 'position' ? { toPosition: knownAt.position } : {});
    } catch (error) {
      if (error instanceof InvalidPositionError) throw AuditErrors.INVALID_POSITION({ asKnownAt: knownAt.kind === 'position' ? knownAt.position : null });
      throw error;
    }
  }
}

/**
 * Where the determination a payment cites may be recorded: a stream per determination, the
 * case's determination stream, or any other determination stream the read model lists for the
 * case. The first holding an event with that determinationId is used.
 */
function determinationStreamCandidates(caseId: string, determinationId: unknown, listed: readonly string[]): string[] {
  const candidates = [`determination-${caseId}`];
  if (typeof determinationId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(determinationId)) {
    candidates.unshift(`determination-${determinationId}`);
  }
  return [...new Set([...candidates, ...listed])];
}
