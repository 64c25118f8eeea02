import { Errors, type Actor, type EventEnvelope } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import {
  decideActivation,
  decideImport,
  documentContentHash,
  foldStandard,
  parseStandardsDocument,
  StandardsErrors,
  StandardsParseError,
  standardIdFor,
  standardStreamId,
  type ImportDecision,
  type StandardActivatedData,
  type StandardState,
} from '@benefits/standards';

const PAGE = 500;

/**
 * The catalog's reads and writes over the event store. Read models are folded from the streams on
 * each request (no projection yet): the catalog is a few standards with a few versions each, and a
 * projection can replace `listStandards` without changing the pure functions it feeds.
 */
export class StandardsRepository {
  constructor(private readonly store: EventStore) {}

  async standard(standardId: string): Promise<StandardState | null> {
    return foldStandard(await this.store.readStream(standardStreamId(standardId)));
  }

  async requireStandard(standardId: string): Promise<StandardState> {
    const state = await this.standard(standardId);
    if (!state) throw StandardsErrors.STANDARD_NOT_FOUND({ standardId });
    return state;
  }

  /** Every standard, folded from one pass over the log. */
  async listStandards(): Promise<StandardState[]> {
    const byStream = new Map<string, EventEnvelope[]>();
    let after: string = 'start';
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page.events) {
        if (!event.streamId.startsWith('standard-')) continue;
        const list = byStream.get(event.streamId) ?? [];
        list.push(event);
        byStream.set(event.streamId, list);
      }
      if (page.events.length < PAGE) break;
      after = page.continueAfter;
    }
    return [...byStream.values()].map((events) => foldStandard(events)).filter((s): s is StandardState => s !== null);
  }

  async importDocument(input: { text: string; sourceName: string | null; divisionCode: string; actor: Actor; correlationId: string }): Promise<ImportDecision> {
    let parsed;
    try {
      parsed = parseStandardsDocument(input.text, { sourceName: input.sourceName ?? undefined });
    } catch (error) {
      if (error instanceof StandardsParseError) {
        throw StandardsErrors.DOCUMENT_UNPARSEABLE({ parseCode: error.code, zh: error.messageZh, en: error.messageEn });
      }
      throw error;
    }
    const standardId = standardIdFor(input.divisionCode);
    const streamId = standardStreamId(standardId);
    const events = await this.store.readStream(streamId);
    const others = await this.listStandards();
    const decision = decideImport(foldStandard(events), {
      otherStandards: others,
      parsed,
      contentHash: documentContentHash(input.text),
      divisionCode: input.divisionCode,
      sourceName: input.sourceName,
      actor: input.actor,
      correlationId: input.correlationId,
    });
    if (decision.kind === 'publish') await this.append(streamId, [decision.event], events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision);
    return decision;
  }

  async activate(input: { standardId: string; versionId: string; divisionCode: string; effectiveFrom: string; reason: string; actor: Actor; correlationId: string }): Promise<StandardActivatedData> {
    const streamId = standardStreamId(input.standardId);
    const events = await this.store.readStream(streamId);
    const event = decideActivation(foldStandard(events), input);
    await this.append(streamId, [event], events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision);
    return event.data;
  }

  private async append(streamId: string, events: Parameters<EventStore['appendToStream']>[1], expectedRevision: number | 'no_stream') {
    try {
      await this.store.appendToStream(streamId, events, { expectedRevision });
    } catch (error) {
      // Someone changed the standard between our read and our write: nothing was written; retrying is safe.
      if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'concurrent change; retry' });
      throw error;
    }
  }
}
