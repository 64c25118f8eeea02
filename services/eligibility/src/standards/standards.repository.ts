import { Errors, type Actor } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import {
  decideAcknowledgeWarning,
  decideActivation,
  decideImport,
  decidePublishRulePack,
  documentContentHash,
  foldStandard,
  parseStandardsDocument,
  StandardsErrors,
  StandardsParseError,
  standardIdFor,
  standardStreamId,
  type ImportDecision,
  type ParsedDocument,
  type PublishRulePackDecision,
  type RulePack,
  RULE_PACKS,
  type StandardActivatedData,
  type StandardState,
  type StandardWarningAcknowledgedData,
} from '@benefits/standards';
import type { ReadModels } from '@benefits/read-store';
import { standardsCatalog, type StandardsCatalog } from './standards-catalog';

type PublishRulePackCommandShape = readonly { key: string; problem: string; expected?: string }[];

/** How long a write waits for the catalog read model to show it before answering anyway (it shows it moments later). */
const AFTER_WRITE_WAIT_MS = 5000;

/**
 * The catalog's writes over the event store, and its reads: one standard folded from its stream,
 * the whole catalog from the `eligibility.standards-catalog` read model (never a scan of the log).
 */
export class StandardsRepository {
  private readonly catalog: StandardsCatalog;

  constructor(
    private readonly store: EventStore,
    readModels: ReadModels,
  ) {
    this.catalog = standardsCatalog(readModels);
  }

  async standard(standardId: string): Promise<StandardState | null> {
    return foldStandard(await this.store.readStream(standardStreamId(standardId)));
  }

  async requireStandard(standardId: string): Promise<StandardState> {
    const state = await this.standard(standardId);
    if (!state) throw StandardsErrors.STANDARD_NOT_FOUND({ standardId });
    return state;
  }

  /** Every standard, with everything committed before the call (read-your-writes). */
  listStandards(): Promise<readonly StandardState[]> {
    return this.catalog.fresh();
  }

  async importDocument(input: { text: string; sourceName: string | null; divisionCode: string; actor: Actor; correlationId: string }): Promise<ImportDecision & { parsed: ParsedDocument }> {
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
    // Read-your-writes: a document imported for another division a moment ago must be refused here.
    const others = await this.catalog.fresh();
    const decision = decideImport(foldStandard(events), {
      otherStandards: others,
      parsed,
      contentHash: documentContentHash(input.text),
      divisionCode: input.divisionCode,
      sourceName: input.sourceName,
      actor: input.actor,
      correlationId: input.correlationId,
    });
    if (decision.kind === 'publish') {
      await this.append(streamId, [decision.event], events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision);
      await this.refreshAfterWrite();
    }
    return { ...decision, parsed };
  }

  async activate(input: { standardId: string; versionId: string; divisionCode: string; effectiveFrom: string; reason: string; actor: Actor; correlationId: string }): Promise<StandardActivatedData> {
    const streamId = standardStreamId(input.standardId);
    const events = await this.store.readStream(streamId);
    const event = decideActivation(foldStandard(events), input);
    await this.append(streamId, [event], events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision);
    await this.refreshAfterWrite();
    return event.data;
  }

  /**
   * Publishes a rule pack on the stream of the standard it cites (checked against that version's
   * text, never edited in place); publishing the same pack again writes nothing.
   */
  async publishRulePack(input: { pack: RulePack; actor: Actor; correlationId: string; shapeProblems: PublishRulePackCommandShape }): Promise<PublishRulePackDecision> {
    const streamId = standardStreamId(input.pack.standard.standardId);
    const events = await this.store.readStream(streamId);
    const decision = decidePublishRulePack(foldStandard(events), { pack: input.pack, actor: input.actor, correlationId: input.correlationId, shipped: RULE_PACKS, shapeProblems: input.shapeProblems });
    if (decision.kind === 'publish') {
      await this.append(streamId, [decision.event], events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision);
      await this.refreshAfterWrite();
    }
    return decision;
  }

  /** Records an authorised user's acknowledgement of one parse warning of a version; answers with the stream revision it got. */
  async acknowledgeWarning(input: {
    standardId: string;
    versionId: string;
    warningId: string;
    note: string;
    actor: Actor;
    at: string;
    correlationId: string;
  }): Promise<{ acknowledgement: StandardWarningAcknowledgedData; streamRevision: number; state: StandardState }> {
    const streamId = standardStreamId(input.standardId);
    const events = await this.store.readStream(streamId);
    const event = decideAcknowledgeWarning(foldStandard(events), input);
    const appended = await this.append(streamId, [event], events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision);
    await this.refreshAfterWrite();
    const state = foldStandard(await this.store.readStream(streamId)) as StandardState;
    return { acknowledgement: event.data, streamRevision: appended.nextExpectedRevision, state };
  }

  /**
   * Brings this process's catalog copy past the write just made, so a determination handled right
   * after the answer uses it. A read model that is slow to follow does not undo the write: the copy
   * then catches up by itself moments later.
   */
  private async refreshAfterWrite(): Promise<void> {
    try {
      await this.catalog.fresh(AFTER_WRITE_WAIT_MS);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'READ_MODEL_BEHIND' && code !== 'READ_MODEL_UNAVAILABLE') throw error;
    }
  }

  private async append(streamId: string, events: Parameters<EventStore['appendToStream']>[1], expectedRevision: number | 'no_stream') {
    try {
      return await this.store.appendToStream(streamId, events, { expectedRevision });
    } catch (error) {
      // Someone changed the standard between our read and our write: nothing was written; retrying is safe.
      if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'concurrent change; retry' });
      throw error;
    }
  }
}
