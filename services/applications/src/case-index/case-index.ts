import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import type { BenefitWorkflow, CaseDueItem, CaseSummary } from '../integration/benefit-workflow';

/**
 * The cross-benefit case list (GET /cases) as a read model: one document per case, the benefit
 * workflow's `summary` of the case stream plus two fields derived for queries. Pure functions
 * here; the projection re-reads the case stream for each case event, so a document is always the
 * summary of the whole stream (idempotent: applying an event twice writes the same document).
 */

export const CASE_INDEX_PROJECTION = 'applications.case-index';

export const CASE_INDEX: CollectionSchema = {
  name: 'case-index',
  fields: {
    benefit: 'string',
    status: 'string',
    divisionCode: 'string',
    openedOn: 'string',
    updatedAt: 'string',
    // The earliest open due date; absent when nothing is due.
    nextDueOn: 'string?',
    // `<kind>|<dueOn>` per open due item: "an item of this kind due before D" is one range on one element.
    dueKeys: 'string[]',
  },
};

export interface CaseIndexEntry extends CaseSummary {
  [key: string]: unknown;
  nextDueOn: string | null;
  dueKeys: string[];
}

export const DUE_KEY_SEPARATOR = '|';
export const dueKey = (item: CaseDueItem) => `${item.kind}${DUE_KEY_SEPARATOR}${item.dueOn}`;

export function indexEntry(summary: CaseSummary): CaseIndexEntry {
  const due = [...summary.due].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.kind < b.kind ? -1 : 1));
  return { ...summary, due, nextDueOn: due[0]?.dueOn ?? null, dueKeys: due.map(dueKey) };
}

/** Overdue: an open due item whose last day is before today (Asia/Shanghai). */
export function isOverdue(entry: Pick<CaseSummary, 'due'>, today: string): boolean {
  return entry.due.some((item) => item.dueOn < today);
}

export const isCaseStream = (streamId: string) => streamId.startsWith('case-');

export interface CaseIndexProjectionOptions {
  store: EventStore;
  workflows: readonly BenefitWorkflow[];
}

/** What a test may change of the case index; its read store is the runtime's (`ServiceRuntime.readStore`). */
export interface CaseIndexOptions {
  /** Default: every benefit's workflow (`../workflows.ts`). */
  workflows?: readonly BenefitWorkflow[];
  /** Idle poll interval of the projection (default 200 ms). */
  pollIntervalMs?: number;
}

export function caseIndexProjection({ store, workflows }: CaseIndexProjectionOptions): Projection {
  return {
    name: CASE_INDEX_PROJECTION,
    collections: [CASE_INDEX],
    handles: (event) => isCaseStream(event.streamId) && workflows.some((w) => w.ownsEventType(event.type)),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const documents = session.collection<CaseIndexEntry>(CASE_INDEX);
      const caseId = event.streamId.slice('case-'.length);
      // Already the summary of the stream as it is now (an earlier event of a stream that has moved
      // on, e.g. during a rebuild): nothing to re-read.
      const revision = await store.streamRevision(event.streamId);
      const stored = await documents.get(caseId);
      if (stored && stored.revision === revision) return;
      const workflow = workflows.find((w) => w.ownsEventType(event.type));
      const summary = workflow?.summary(await store.readStream(event.streamId));
      if (summary) await documents.upsert(summary.caseId, indexEntry(summary));
    },
  };
}
