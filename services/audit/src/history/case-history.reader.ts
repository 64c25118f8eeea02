import { InvalidPositionError, START, type LogPosition, type LogPositionOrStart } from '@benefits/event-store';
import type { AuditSource } from '../replica/replica-store';
import type { EventEnvelope } from '@benefits/kernel';
import { AuditErrors } from '../audit.errors';
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

const READ_ALL_PAGE = 500;

/** Reads the streams a case history needs, as known at a log position when one is given. */
export class CaseHistoryReader {
  constructor(private readonly store: AuditSource) {}

  async read(caseId: string, asKnownAt: LogPosition | null): Promise<CaseHistory | null> {
    const streamId = `case-${caseId}`;
    const caseEvents = await this.readStream(streamId, asKnownAt);
    if (caseEvents.length === 0) return null;
    const payments: PaymentHistory[] = [];
    for (const paymentStreamId of await this.paymentStreamIds(caseId)) {
      const paymentEvents = await this.readStream(paymentStreamId, asKnownAt);
      if (paymentEvents.length === 0) continue; // created after asKnownAt
      const created = paymentEvents.find((e) => e.type === PAYMENT_CREATED);
      const data = (created?.data ?? {}) as { schedule?: { streamId?: unknown }; determinationId?: unknown };
      const scheduleStream = typeof data.schedule?.streamId === 'string' ? await this.readStream(data.schedule.streamId, asKnownAt) : [];
      const determinationStreams = await Promise.all(
        determinationStreamCandidates(caseId, data.determinationId).map((id) => this.readStream(id, asKnownAt)),
      );
      const history = paymentHistoryOf(paymentEvents, scheduleStream, determinationStreams);
      if (history) payments.push(history);
    }
    return { caseId, streamId, asKnownAt, ...timelineOf(caseEvents), payments };
  }

  /**
   * The ids of the case's payment streams, found by one scan of the log for streams starting with
   * `payment-<caseId>-` (their first event only). Chosen over a projection because it needs no
   * checkpoint and cannot miss a payment written a moment ago; the price is a full scan per
   * request, acceptable for one case at a time. A read model keyed by case replaces it when
   * auditors query many cases.
   */
  private async paymentStreamIds(caseId: string): Promise<string[]> {
    const prefix = `payment-${caseId}-`;
    const ids: string[] = [];
    let after: LogPositionOrStart = START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: READ_ALL_PAGE });
      for (const event of page.events) {
        if (event.streamRevision === 0 && event.streamId.startsWith(prefix)) ids.push(event.streamId);
      }
      if (page.events.length < READ_ALL_PAGE) break;
      after = page.continueAfter;
    }
    return ids.sort();
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
 * Where eligibility may have recorded the determination a payment cites: a stream per
 * determination or one per case. Whichever exists and holds an event with that determinationId is used.
 */
function determinationStreamCandidates(caseId: string, determinationId: unknown): string[] {
  const candidates = [`determination-${caseId}`];
  if (typeof determinationId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(determinationId)) {
    candidates.unshift(`determination-${determinationId}`);
  }
  return candidates;
}
