import mongoose from 'mongoose';
import type {
  CollectionSchema,
  Document,
  DocumentCollection,
  DocumentSession,
  DocumentStore,
  Filter,
  FindOptions,
  Page,
  Scalar,
} from '../document-store';
import { checkDocument, checkId, checkSchema, fieldInfo, normalizeFilter, normalizeFind, toPage, type NormalizedCondition, type NormalizedFind, type Part } from '../query';

type Db = mongoose.mongo.Db;
type ClientSession = mongoose.mongo.ClientSession;
type MongoFilter = Record<string, unknown>;

/**
 * The document store on MongoDB, through a mongoose connection (the driver underneath is used
 * directly: read models are plain documents, not mongoose models). A document is stored as
 * `{ _id: id, d: document }`; each declared field gets an index on `d.<field>` (then `_id`).
 * Strings compare in binary (code-point) order, as the SQL adapters' "C" collation does.
 *
 * Transactions need a replica set (or sharded cluster): there `transaction` is atomic. On a
 * standalone server the work runs without one (`atomic` = false).
 */

const collectionName = (schema: CollectionSchema) => `readmodel_${schema.name}`;
const path = (field: string) => `d.${field}`;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function operators(parts: Part[]): MongoFilter {
  const out: MongoFilter = {};
  for (const part of parts) {
    if (part.op === 'startsWith') out.$regex = `^${escapeRegex(part.value as string)}`;
    else out[`$${part.op}`] = part.value;
  }
  return out;
}

function conditionFilter(condition: NormalizedCondition): MongoFilter {
  const ops = operators(condition.parts);
  if (condition.info.array) return { [path(condition.field)]: { $elemMatch: ops } };
  // Several parts may use the same operator key only once; combine with $and to keep each.
  const sameKey = new Set(condition.parts.map((p) => p.op)).size !== condition.parts.length;
  if (sameKey) return { $and: condition.parts.map((p) => ({ [path(condition.field)]: operators([p]) })) };
  return { [path(condition.field)]: ops };
}

export function filterOf(conditions: NormalizedCondition[]): MongoFilter {
  return conditions.length === 0 ? {} : { $and: conditions.map(conditionFilter) };
}

/** The MongoDB filter and sort of a normalised query (keyset "after" included). */
export function mongoFind(query: NormalizedFind): { filter: MongoFilter; sort: Record<string, 1 | -1> } {
  const and: MongoFilter[] = [filterOf(query.conditions)];
  if (query.after) {
    const after = query.after;
    const equalUpTo = (n: number) => Object.fromEntries(query.sort.slice(0, n).map((k, i) => [path(k.field), after.values[i] as Scalar]));
    // Lexicographic "after" over (sort keys…, _id), as on the SQL side.
    const alternatives: MongoFilter[] = query.sort.map((k, i) => ({ ...equalUpTo(i), [path(k.field)]: { [k.direction === 'asc' ? '$gt' : '$lt']: after.values[i] } }));
    alternatives.push({ ...equalUpTo(query.sort.length), _id: { $gt: after.id } });
    and.push({ $or: alternatives });
  }
  const sort: Record<string, 1 | -1> = {};
  for (const k of query.sort) sort[path(k.field)] = k.direction === 'asc' ? 1 : -1;
  sort._id = 1;
  return { filter: { $and: and }, sort };
}

class MongoCollection<T extends Document> implements DocumentCollection<T> {
  constructor(
    readonly schema: CollectionSchema,
    private readonly db: Db,
    private readonly session: ClientSession | undefined,
    private readonly ready: () => Promise<void>,
  ) {}

  private get native() {
    return this.db.collection<{ _id: string; d: Document }>(collectionName(this.schema));
  }

  async upsert(id: string, document: T): Promise<void> {
    checkDocument(this.schema, id, document);
    await this.ready();
    // A JSON round trip drops undefined values and prototypes, as jsonb does on the SQL side.
    await this.native.replaceOne({ _id: id }, { d: JSON.parse(JSON.stringify(document)) }, { upsert: true, session: this.session });
  }

  async upsertMany(entries: readonly { id: string; document: T }[]): Promise<void> {
    for (const { id, document } of entries) checkDocument(this.schema, id, document);
    if (entries.length === 0) return;
    await this.ready();
    // Ordered: a later document of the same id replaces an earlier one, as with upsert one by one.
    await this.native.bulkWrite(
      entries.map(({ id, document }) => ({ replaceOne: { filter: { _id: id }, replacement: { d: JSON.parse(JSON.stringify(document)) }, upsert: true } })),
      { ordered: true, session: this.session },
    );
  }

  async get(id: string): Promise<T | null> {
    checkId(id);
    await this.ready();
    const found = await this.native.findOne({ _id: id }, { session: this.session });
    return (found?.d as T | undefined) ?? null;
  }

  async delete(id: string): Promise<boolean> {
    checkId(id);
    await this.ready();
    const result = await this.native.deleteOne({ _id: id }, { session: this.session });
    return result.deletedCount > 0;
  }

  async find(options: FindOptions = {}): Promise<Page<T>> {
    const query = normalizeFind(this.schema, options);
    await this.ready();
    const { filter, sort } = mongoFind(query);
    const rows = await this.native
      .find(filter, { session: this.session })
      .sort(sort)
      .limit(query.limit + 1)
      .toArray();
    return toPage(query, rows.map((r) => ({ id: r._id, document: r.d as T })));
  }

  async count(filter: Filter = {}): Promise<number> {
    const conditions = normalizeFilter(this.schema, filter);
    await this.ready();
    return this.native.countDocuments(filterOf(conditions), { session: this.session });
  }

  async clear(): Promise<void> {
    await this.ready();
    await this.native.deleteMany({}, { session: this.session });
  }
}

export class MongoDocumentStore implements DocumentStore {
  readonly kind = 'mongo' as const;
  private readonly ensured = new Map<string, Promise<void>>();

  private constructor(
    private readonly connection: mongoose.Connection,
    private readonly db: Db,
    readonly atomic: boolean,
  ) {}

  /** `serverSelectionTimeoutMS` keeps an absent server from stalling start-up for 30 s. */
  static async open(url: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<MongoDocumentStore> {
    const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000 });
    try {
      await connection.asPromise();
      const db = connection.getClient().db(connection.name);
      const hello = (await db.admin().command({ hello: 1 })) as { setName?: string; msg?: string };
      return new MongoDocumentStore(connection, db, Boolean(hello.setName) || hello.msg === 'isdbgrid');
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T> {
    checkSchema(schema);
    return new MongoCollection<T>(schema, this.db, undefined, () => this.ensure(schema));
  }

  async transaction<R>(work: (session: DocumentSession) => Promise<R>): Promise<R> {
    const sessionOf = (session: ClientSession | undefined): DocumentSession => ({
      collection: <T extends Document = Document>(schema: CollectionSchema) => {
        checkSchema(schema);
        return new MongoCollection<T>(schema, this.db, session, () => this.ensure(schema));
      },
    });
    if (!this.atomic) return work(sessionOf(undefined));
    const client = this.connection.getClient();
    const session = client.startSession();
    try {
      let result: R | undefined;
      await session.withTransaction(async () => {
        result = await work(sessionOf(session));
      });
      return result as R;
    } finally {
      await session.endSession();
    }
  }

  ensure(schema: CollectionSchema): Promise<void> {
    checkSchema(schema);
    let ready = this.ensured.get(schema.name);
    if (!ready) {
      ready = (async () => {
        const native = this.db.collection(collectionName(schema));
        for (const [field, type] of Object.entries(schema.fields)) {
          await native.createIndex(fieldInfo(type).array ? { [path(field)]: 1 } : { [path(field)]: 1, _id: 1 });
        }
      })();
      this.ensured.set(schema.name, ready);
      ready.catch(() => this.ensured.delete(schema.name));
    }
    return ready;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
