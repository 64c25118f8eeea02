import { InvalidPositionError, type LogPosition } from '@benefits/event-store';
import type { ReadModels } from '@benefits/read-store';
import type { EventEnvelope } from '@benefits/kernel';
import type { AuditSource } from '../replica/replica-store';
import { AuditErrors } from '../audit.errors';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, type CaseStreamDoc } from '../read-models/case-streams.projection';
import { paymentHistoryOf, timelineOf, PAYMENT_CREATED, type ChainStatus, type PaymentHistory, type TimelineEntry } from './case-history';

export interface CaseHistory {
  caseId: string;
  streamId: string;
  /** The log position the history is as known at; null for "now". */
  asKnownAt: string | null;
  chain: ChainStatus;
  timeline: TimelineEntry[];
  payments: PaymentHistory[];
}

/** The largest page the read store gives; a case has a handful of streams per benefit period. */
const STREAM_PAGE = 1000;

/**
 * Reads the streams a case history needs, as known at a log position when one is given. Which
 * streams belong to the case comes from the `audit.case-streams` read model; every stream is then
 * read by id. Nothing here reads the global log, so the cost follows the size of the case, not of
 * the caseload (only `readStream` is within reach of this class).
 */
export class CaseHistoryReader {
  constructor(
    private readonly store: Pick<AuditSource, 'readStream'>,
    private readonly readModels: Pick<ReadModels, 'fresh'>,
  ) {}

  async read(caseId: string, asKnownAt: LogPosition | null): Promise<CaseHistory | null> {
    const streams = new Map<string, Promise<EventEnvelope[]>>();
    // Schedules and determinations are shared by many payments of a case: each is read once.
    const read = (streamId: string) => {
      let events = streams.get(streamId);
      if (!events) streams.set(streamId, (events = this.readStream(streamId, asKnownAt)));
      return events;
    };
    const streamId = `case-${caseId}`;
    const caseEvents = await read(streamId);
    if (caseEvents.length === 0) return null;
    const owned = await this.streamsOf(caseId);
    const determinationStreams = owned.filter((s) => s.kind === 'determination').map((s) => s.streamId);
    const payments: PaymentHistory[] = [];
    for (const { streamId: paymentStreamId } of owned.filter((s) => s.kind === 'payment')) {
      // Read as known at the position: a payment created after it reads as no events and is left out.
      const paymentEvents = await read(paymentStreamId);
      if (paymentEvents.length === 0) continue;
      const created = paymentEvents.find((e) => e.type === PAYMENT_CREATED);
      const data = (created?.data ?? {}) as { schedule?: { streamId?: unknown }; determinationId?: unknown };
      const scheduleStream = typeof data.schedule?.streamId === 'string' ? await read(data.schedule.streamId) : [];
      const determinations = await Promise.all(determinationStreamCandidates(caseId, data.determinationId, determinationStreams).map(read));
      const history = paymentHistoryOf(paymentEvents, scheduleStream, determinations);
      if (history) payments.push(history);
    }
    return { caseId, streamId, asKnownAt, ...timelineOf(caseEvents), payments };
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

  private async readStream(streamId: string, asKnownAt: LogPosition | null): Promise<EventEnvelope[]> {
    try {
      return await this.store.readStream(streamId, asKnownAt === null ? {} : { toPosition: asKnownAt });
    } catch (error) {
      if (error instanceof InvalidPositionError) throw AuditErrors.INVALID_POSITION({ asKnownAt });
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
