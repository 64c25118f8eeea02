import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { type CollectionSchema, type DocumentSession, type Projection, type ReadModels, type ReadModelView } from '@benefits/read-store';
import { foldStandard, StandardEventTypes, type StandardState } from '@benefits/standards';

/**
 * The standards catalog as a read model, and the in-process copy every determination reads.
 *
 * One document per standard: its stream folded whole (`foldStandard`: versions, activations and the
 * acknowledgements of parse warnings), written again whenever the
 * stream has moved past what the document holds, so applying an event twice — a redelivery, a
 * rebuild — writes the same document. Beside it one small head document records the revision of
 * every standard: the catalog's content in a few bytes, compared on each check so the (large)
 * standard documents are read again only when a standard actually changed.
 */
export const STANDARDS_CATALOG_PROJECTION = 'eligibility.standards-catalog';

export const STANDARDS: CollectionSchema = {
  name: 'eligibility-standards',
  fields: { divisionCode: 'string', revision: 'number' },
};

export const CATALOG_HEAD: CollectionSchema = { name: 'eligibility-catalog-head', fields: {} };

const HEAD_ID = 'catalog';
const STREAM_PREFIX = 'standard-';
/** The catalog is a few standards; a page holds all of them in practice. */
const PAGE = 100;

export interface StandardDocument {
  [key: string]: unknown;
  standardId: string;
  divisionCode: string;
  /** Revision of the last event of the standard's stream folded into `state`. */
  revision: number;
  state: StandardState;
}

export interface CatalogHead {
  [key: string]: unknown;
  /** Per standard id, the revision its document holds. */
  revisions: Record<string, number>;
}

const isCatalogEvent = (event: Pick<EventEnvelope, 'streamId' | 'type'>) =>
  event.streamId.startsWith(STREAM_PREFIX) &&
  (Object.values(StandardEventTypes) as string[]).includes(event.type);

export function standardsCatalogProjection({ store }: { store: Pick<EventStore, 'readStream' | 'streamRevision'> }): Projection {
  return {
    name: STANDARDS_CATALOG_PROJECTION,
    collections: [STANDARDS, CATALOG_HEAD],
    handles: isCatalogEvent,
    async apply(event: EventEnvelope, session: DocumentSession) {
      const documents = session.collection<StandardDocument>(STANDARDS);
      const heads = session.collection<CatalogHead>(CATALOG_HEAD);
      const standardId = event.streamId.slice(STREAM_PREFIX.length);
      const [current, stored, head] = [await store.streamRevision(event.streamId), await documents.get(standardId), await heads.get(HEAD_ID)];
      // Already the fold of the stream as it is now (an event applied again, or an earlier event of
      // a stream that has moved on): nothing to read. The head is checked too, so a crash between
      // the two writes on a store without transactions is mended by the redelivery.
      if (stored && stored.revision === current && head?.revisions[standardId] === current) return;
      let document = stored;
      if (!stored || stored.revision !== current) {
        const events = await store.readStream(event.streamId);
        const state = foldStandard(events);
        if (!state) return;
        document = { standardId, divisionCode: state.divisionCode, revision: events[events.length - 1].streamRevision, state };
        await documents.upsert(standardId, document);
      }
      // Documents first, head second: a reader that sees a head sees documents at least as new.
      await heads.upsert(HEAD_ID, { revisions: { ...head?.revisions, [standardId]: document!.revision } });
    },
  };
}

interface Loaded {
  /** The head's revisions in a canonical order: equal stamps, equal catalog. */
  stamp: string;
  /** Events folded across the catalog: grows with every change, so a load never replaces a newer one. */
  size: number;
  standards: readonly StandardState[];
  checkedAt: number;
}

function stampOf(head: CatalogHead | null): { stamp: string; size: number } {
  const entries = Object.entries(head?.revisions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { stamp: entries.map(([id, revision]) => `${id}@${revision}`).join(','), size: entries.reduce((n, [, revision]) => n + revision + 1, 0) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** How long the in-process copy is used before it is checked against the read model again (in the background). */
export const CATALOG_RECHECK_MS = 1000;

/**
 * The catalog as this process knows it, kept beside the read models it comes from (one per
 * `ReadModels`, see `standardsCatalog`), so the HTTP app and the consumer of one process share it.
 *
 * Two ways to read it:
 * - `fresh()` waits until the projection has applied everything committed before the call — an
 *   import or activation just made included — and refreshes the copy (HTTP reads, redetermination
 *   runs, imports);
 * - `recent()` answers from the copy without touching the read store, and starts a background check
 *   when the copy is older than `CATALOG_RECHECK_MS` (message handlers). A handler must not wait for
 *   the read store: in embedded mode the read store is the messaging database, whose single
 *   connection the handler's inbox transaction holds until the handler returns. The consumer loads
 *   the copy before it starts listening (`warmUp`), and every catalog write of this process
 *   refreshes it before answering, so a determination right after an import or activation sees it.
 *   Writes by another process reach the copy within the recheck interval plus the projection's lag.
 *
 * The standard list is the same frozen array until the catalog changes: `packInForce` keys its
 * loaded rule packs on it, so quotes are checked once per catalog change, not once per determination.
 */
export class StandardsCatalog {
  private loaded: Loaded | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly readModels: ReadModels,
    private readonly recheckMs = CATALOG_RECHECK_MS,
  ) {}

  /** Everything committed before the call (bounded wait; READ_MODEL_BEHIND when the projection is further behind). */
  async fresh(timeoutMs?: number): Promise<readonly StandardState[]> {
    return (await this.load(await this.readModels.fresh(STANDARDS_CATALOG_PROJECTION, timeoutMs))).standards;
  }

  /** The in-process copy (loaded on first use if this process has none yet). */
  async recent(): Promise<readonly StandardState[]> {
    const loaded = this.loaded;
    if (!loaded) return this.fresh();
    if (Date.now() - loaded.checkedAt >= this.recheckMs) this.checkInBackground();
    return loaded.standards;
  }

  /** Loads the copy, waiting as long as the projection needs to catch up (a consumer before it listens). */
  async warmUp(options: { stillWanted: () => boolean; onWait?: (error: unknown) => void }): Promise<void> {
    while (!this.loaded && options.stillWanted()) {
      try {
        await this.fresh(30_000);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== 'READ_MODEL_BEHIND' && code !== 'READ_MODEL_UNAVAILABLE') throw error;
        options.onWait?.(error);
        if (code === 'READ_MODEL_UNAVAILABLE') await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  private checkInBackground(): void {
    this.checking ??= this.readModels
      .view(STANDARDS_CATALOG_PROJECTION)
      .then((view) => this.load(view))
      // A failed check keeps the copy; the next read past the interval tries again.
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => (this.checking = null));
  }

  private async load(view: ReadModelView): Promise<Loaded> {
    const checkedAt = Date.now();
    const { stamp, size } = stampOf(await view.collection<CatalogHead>(CATALOG_HEAD).get(HEAD_ID));
    const known = this.loaded;
    if (known && (known.stamp === stamp || known.size > size)) {
      if (known.stamp === stamp) known.checkedAt = Math.max(known.checkedAt, checkedAt);
      return known;
    }
    const standards: StandardState[] = [];
    const collection = view.collection<StandardDocument>(STANDARDS);
    let cursor: string | null = null;
    do {
      const page = await collection.find({ limit: PAGE, cursor });
      standards.push(...page.items.map((d) => d.state));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const next: Loaded = { stamp, size, standards: deepFreeze(standards), checkedAt };
    // Two loads may overlap (a background check and a fresh read): the larger catalog wins.
    if (!this.loaded || this.loaded.size <= size) this.loaded = next;
    return this.loaded;
  }
}

const catalogs = new WeakMap<ReadModels, StandardsCatalog>();

/** The catalog copy of these read models: one per `ReadModels`, shared by everything that uses them. */
export function standardsCatalog(readModels: ReadModels): StandardsCatalog {
  let catalog = catalogs.get(readModels);
  if (!catalog) {
    catalog = new StandardsCatalog(readModels);
    catalogs.set(readModels, catalog);
  }
  return catalog;
}
