import type { CollectionSchema, Document, DocumentCollection, DocumentSession, Filter, FindOptions, Page } from '../document-store';
import { checkDocument, checkId, checkSchema } from '../query';

/**
 * A write-behind buffer over one page's transaction on an atomic store. Within the page:
 *
 * - `get` answers from the page's own pending writes, then from what the page already read
 *   (read-your-writes), and only otherwise asks the store;
 * - upserts of the same document coalesce — only the last one is written;
 * - pending writes go to the store as one `upsertMany` per collection (one statement on SQL) when
 *   the page flushes them: before the checkpoint is written, and before any find, count, delete or
 *   clear of the same collection, so queries see the page's earlier writes.
 *
 * Documents are copied (a JSON round trip, which drops undefined values as the stores do) when
 * written and when read, so a caller mutating an object after `upsert` or a result of `get` sees
 * what it would have seen against the store itself. Documents are validated at `upsert`, so a bad
 * document fails where it did before. The buffer lives and dies with its transaction: when the page
 * throws, the transaction rolls back and the buffer is dropped with it.
 */
export class PageBuffer implements DocumentSession {
  private readonly collections = new Map<string, BufferedCollection<Document>>();

  constructor(private readonly session: DocumentSession) {}

  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T> {
    checkSchema(schema);
    let buffered = this.collections.get(schema.name);
    if (!buffered) {
      buffered = new BufferedCollection<Document>(schema, this.session.collection<Document>(schema));
      this.collections.set(schema.name, buffered);
    }
    // A second schema object of the same name validates with its own declared fields.
    return (buffered.schema === schema ? buffered : buffered.as(schema)) as unknown as DocumentCollection<T>;
  }

  /** Writes every collection's pending documents. */
  async flush(): Promise<void> {
    for (const collection of this.collections.values()) await collection.flush();
  }

  /** Documents waiting to be written (for tests and measurements). */
  get pending(): number {
    let n = 0;
    for (const collection of this.collections.values()) n += collection.pendingCount;
    return n;
  }
}

const copy = <T>(document: T): T => JSON.parse(JSON.stringify(document)) as T;

class BufferedCollection<T extends Document> implements DocumentCollection<T> {
  /** id → document to write (already a private copy). */
  private pending = new Map<string, T>();
  /** id → document as the store has it for this page (null: absent), after any flushed write. */
  private known = new Map<string, T | null>();

  constructor(
    readonly schema: CollectionSchema,
    private readonly inner: DocumentCollection<T>,
    private readonly shared?: BufferedCollection<T>,
  ) {}

  /** The same buffer, validating with another schema of the same collection. */
  as(schema: CollectionSchema): BufferedCollection<T> {
    return new BufferedCollection<T>(schema, this.inner, this.root);
  }

  private get root(): BufferedCollection<T> {
    return this.shared ?? this;
  }

  get pendingCount(): number {
    return this.root.pending.size;
  }

  async upsert(id: string, document: T): Promise<void> {
    checkDocument(this.schema, id, document);
    this.root.pending.set(id, copy(document));
  }

  async get(id: string): Promise<T | null> {
    checkId(id);
    const root = this.root;
    const pending = root.pending.get(id);
    if (pending) return copy(pending);
    if (root.known.has(id)) {
      const known = root.known.get(id)!;
      return known === null ? null : copy(known);
    }
    const found = await this.inner.get(id);
    // A write of the same id may have been buffered while the read was out: it wins.
    if (!root.pending.has(id) && !root.known.has(id)) root.known.set(id, found === null ? null : copy(found));
    return found;
  }

  async delete(id: string): Promise<boolean> {
    checkId(id);
    await this.flush();
    const deleted = await this.inner.delete(id);
    this.root.known.set(id, null);
    return deleted;
  }

  async find(options?: FindOptions): Promise<Page<T>> {
    await this.flush();
    return this.inner.find(options);
  }

  async count(filter?: Filter): Promise<number> {
    await this.flush();
    return this.inner.count(filter);
  }

  async clear(): Promise<void> {
    const root = this.root;
    root.pending.clear();
    await this.inner.clear();
    root.known.clear();
  }

  async upsertMany(entries: readonly { id: string; document: T }[]): Promise<void> {
    for (const { id, document } of entries) await this.upsert(id, document);
  }

  async flush(): Promise<void> {
    const root = this.root;
    if (root.pending.size === 0) return;
    const entries = [...root.pending].map(([id, document]) => ({ id, document }));
    root.pending = new Map();
    try {
      if (root.inner.upsertMany) await root.inner.upsertMany(entries);
      else for (const { id, document } of entries) await root.inner.upsert(id, document);
    } catch (error) {
      // The transaction is lost anyway; keep the buffer consistent with what the caller wrote.
      for (const { id, document } of entries) if (!root.pending.has(id)) root.pending.set(id, document);
      throw error;
    }
    for (const { id, document } of entries) root.known.set(id, document);
  }
}
