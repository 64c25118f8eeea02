/**
 * The document-store port: read models as collections of JSON documents keyed by id. Adapters:
 * PostgreSQL and PGlite (one jsonb table, shared SQL) and MongoDB (mongoose). Queries are simple on
 * purpose — equality, ranges, prefixes and "some element" matches on *declared* fields, a sort on
 * declared required fields with the id as tie-breaker, keyset pagination — so every adapter answers
 * them the same way and with an index.
 */

/** Types of declared (indexed) fields. `?` marks an optional field (absent or null allowed); `[]` an array of strings. */
export type FieldType = 'string' | 'number' | 'boolean' | 'string?' | 'number?' | 'boolean?' | 'string[]';

/** A collection and the top-level fields its queries may filter and sort on. */
export interface CollectionSchema {
  /** `[a-z][a-z0-9_-]*`, at most 48 characters. */
  name: string;
  /** Declared fields: validated on every upsert, indexed by every adapter. */
  fields: Readonly<Record<string, FieldType>>;
}

export type Scalar = string | number | boolean;

/**
 * A condition on one declared field. A bare value is equality. On an optional field an absent value
 * matches no condition. On an array field (`string[]`) the condition holds when at least one element
 * satisfies all of its parts (MongoDB's `$elemMatch`).
 */
export type FieldCondition =
  | Scalar
  | {
      eq?: Scalar;
      in?: readonly Scalar[];
      gt?: Scalar;
      gte?: Scalar;
      lt?: Scalar;
      lte?: Scalar;
      /** Strings only: the value begins with this text. */
      startsWith?: string;
    };

/** All conditions must hold (AND). */
export type Filter = Readonly<Record<string, FieldCondition>>;

export interface SortKey {
  /** A declared, required (not optional, not array) field. */
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindOptions {
  filter?: Filter;
  /** Default: by id ascending. The id always breaks ties (ascending). */
  sort?: readonly SortKey[];
  /** 1–1000; default 50. */
  limit?: number;
  /** From a previous page's `nextCursor`, with the same filter and sort. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

/** JSON documents: plain objects of JSON values. */
export type Document = Record<string, unknown>;

export interface DocumentCollection<T extends Document = Document> {
  readonly schema: CollectionSchema;
  /** Inserts or replaces the document with this id (whole-document replace: idempotent). */
  upsert(id: string, document: T): Promise<void>;
  /**
   * Upserts several documents at once (SQL: one statement per 1,000), each validated as `upsert`
   * does; an id named twice keeps its last document. Optional: callers fall back to `upsert`.
   */
  upsertMany?(entries: readonly { id: string; document: T }[]): Promise<void>;
  get(id: string): Promise<T | null>;
  /** True when a document was deleted. */
  delete(id: string): Promise<boolean>;
  find(options?: FindOptions): Promise<Page<T>>;
  count(filter?: Filter): Promise<number>;
  /** Deletes every document of the collection (a rebuild starts from here). */
  clear(): Promise<void>;
}

/** What a unit of work sees: collections whose writes belong to the unit. */
export interface DocumentSession {
  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T>;
}

export type DocumentStoreKind = 'postgres' | 'pglite' | 'mongo';

export interface DocumentStore extends DocumentSession {
  readonly kind: DocumentStoreKind;
  /**
   * Whether `transaction` is atomic. True for PostgreSQL and PGlite. MongoDB only has transactions
   * on a replica set; on a standalone server the work runs without one (see README: projections
   * are then at-least-once and must be idempotent).
   */
  readonly atomic: boolean;
  /**
   * Runs `work` as one unit: committed if it resolves, rolled back if it throws (when `atomic`).
   * Inside, use only the session's collections: on PGlite (one connection) the store's own would
   * wait for the unit to end.
   */
  transaction<R>(work: (session: DocumentSession) => Promise<R>): Promise<R>;
  /** Creates the collection's indexes if missing (also done on first use). */
  ensure(schema: CollectionSchema): Promise<void>;
  close(): Promise<void>;
}
