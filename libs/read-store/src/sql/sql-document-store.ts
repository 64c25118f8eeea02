import { createHash } from 'node:crypto';
import type {
  CollectionSchema,
  Document,
  DocumentCollection,
  DocumentSession,
  DocumentStore,
  DocumentStoreKind,
  Filter,
  FindOptions,
  Page,
  Scalar,
} from '../document-store';
import { checkDocument, checkId, checkSchema, fieldInfo, normalizeFilter, normalizeFind, toPage, type BaseType, type NormalizedCondition, type Part } from '../query';
import type { SqlDatabase, SqlSession } from '@benefits/sql';

/**
 * The document store over SQL, shared by the PostgreSQL and PGlite adapters: one table
 * `read_store.documents (collection, id, doc jsonb)`, a partial expression index per declared field
 * and collection, comparisons in the "C" collation (code-point order, as MongoDB compares strings).
 * Transactions are the database's, so a projection's documents and its checkpoint commit together.
 */

const TABLE = 'read_store.documents';

const SCHEMA_DDL = [
  'CREATE SCHEMA IF NOT EXISTS read_store',
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
     collection text NOT NULL,
     id text COLLATE "C" NOT NULL,
     doc jsonb NOT NULL,
     written_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (collection, id)
   )`,
];

/** Field names are checked against `[A-Za-z][A-Za-z0-9_]*`, so they can be inlined as literals. */
const text = (field: string) => `(doc->>'${field}')`;

function scalarExpression(field: string, base: BaseType): string {
  switch (base) {
    case 'string':
      return `${text(field)} COLLATE "C"`;
    case 'number':
      return `${text(field)}::numeric`;
    case 'boolean':
      return `${text(field)}::boolean`;
  }
}

const CAST: Record<BaseType, string> = { string: 'text', number: 'numeric', boolean: 'boolean' };
const COMPARE: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Numbers travel as text so no driver rounds them; the SQL casts. */
const param = (value: Scalar): unknown => (typeof value === 'number' ? String(value) : value);

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function partSql(expression: string, base: BaseType, part: Part, params: Params): string {
  const cast = CAST[base];
  if (part.op === 'in') return `${expression} = ANY(${params.add((part.value as Scalar[]).map(param))}::${cast}[])`;
  if (part.op === 'startsWith') return `starts_with(${expression}, ${params.add(part.value)}::text)`;
  return `${expression} ${COMPARE[part.op]} ${params.add(param(part.value as Scalar))}::${cast}`;
}

function conditionSql(condition: NormalizedCondition, params: Params): string {
  const { field, info, parts } = condition;
  if (!info.array) return parts.map((part) => partSql(scalarExpression(field, info.base), info.base, part, params)).join(' AND ');
  const elements = `jsonb_array_elements_text(CASE WHEN jsonb_typeof(doc->'${field}') = 'array' THEN doc->'${field}' ELSE '[]'::jsonb END)`;
  const where = parts.map((part) => partSql('e.v COLLATE "C"', 'string', part, params)).join(' AND ');
  return `EXISTS (SELECT 1 FROM ${elements} AS e(v) WHERE ${where})`;
}

function whereSql(collection: string, conditions: NormalizedCondition[], params: Params): string[] {
  return [`collection = ${params.add(collection)}`, ...conditions.map((c) => `(${conditionSql(c, params)})`)];
}

function indexName(collection: string, field: string): string {
  return `rs_${createHash('sha256').update(`${collection}\u0000${field}`).digest('hex').slice(0, 24)}`;
}

/** Index DDL for one collection; the collection name is checked, so it can be inlined. */
function indexDdl(schema: CollectionSchema): string[] {
  return Object.entries(schema.fields)
    .map(([field, type]) => ({ field, info: fieldInfo(type) }))
    .filter(({ info }) => !info.array)
    .map(({ field, info }) => `CREATE INDEX IF NOT EXISTS ${indexName(schema.name, field)} ON ${TABLE} ((${scalarExpression(field, info.base)}), id) WHERE collection = '${schema.name}'`);
}

async function runDdl(session: SqlSession, statements: string[]): Promise<void> {
  // Serialises concurrent first uses of the same database (two processes creating the same index).
  await session.query(`SELECT pg_advisory_xact_lock(hashtext('read_store.ddl'))`);
  for (const statement of statements) await session.query(statement);
}

/** Rows per multi-row upsert statement. */
const UPSERT_CHUNK = 1000;

class SqlCollection<T extends Document> implements DocumentCollection<T> {
  constructor(
    readonly schema: CollectionSchema,
    private readonly session: SqlSession,
    private readonly ready: () => Promise<void>,
  ) {}

  async upsert(id: string, document: T): Promise<void> {
    checkDocument(this.schema, id, document);
    await this.ready();
    await this.session.query(
      `INSERT INTO ${TABLE} (collection, id, doc) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (collection, id) DO UPDATE SET doc = EXCLUDED.doc, written_at = now()`,
      [this.schema.name, id, JSON.stringify(document)],
    );
  }

  async upsertMany(entries: readonly { id: string; document: T }[]): Promise<void> {
    for (const { id, document } of entries) checkDocument(this.schema, id, document);
    if (entries.length === 0) return;
    await this.ready();
    // ON CONFLICT may not touch a row twice in one statement: the last document of an id wins.
    const last = new Map<string, T>();
    for (const { id, document } of entries) {
      last.delete(id);
      last.set(id, document);
    }
    const rows = [...last];
    for (let from = 0; from < rows.length; from += UPSERT_CHUNK) {
      const chunk = rows.slice(from, from + UPSERT_CHUNK);
      await this.session.query(
        `INSERT INTO ${TABLE} (collection, id, doc)
         SELECT $1, u.id, u.doc::jsonb FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(id, doc, n) ORDER BY u.n
         ON CONFLICT (collection, id) DO UPDATE SET doc = EXCLUDED.doc, written_at = now()`,
        [this.schema.name, chunk.map(([id]) => id), chunk.map(([, document]) => JSON.stringify(document))],
      );
    }
  }

  async get(id: string): Promise<T | null> {
    checkId(id);
    await this.ready();
    const rows = await this.session.query<{ doc: T }>(`SELECT doc FROM ${TABLE} WHERE collection = $1 AND id = $2`, [this.schema.name, id]);
    return rows[0]?.doc ?? null;
  }

  async delete(id: string): Promise<boolean> {
    checkId(id);
    await this.ready();
    const rows = await this.session.query(`DELETE FROM ${TABLE} WHERE collection = $1 AND id = $2 RETURNING id`, [this.schema.name, id]);
    return rows.length > 0;
  }

  async find(options: FindOptions = {}): Promise<Page<T>> {
    const query = normalizeFind(this.schema, options);
    await this.ready();
    const params = new Params();
    const where = whereSql(this.schema.name, query.conditions, params);
    const keys = query.sort.map((key) => ({ expression: scalarExpression(key.field, fieldInfo(this.schema.fields[key.field]).base), ...key }));
    if (query.after) {
      const after = query.after;
      // Lexicographic "after" over (sort keys…, id): k1 beyond, or k1 equal and k2 beyond, …, or all equal and id beyond.
      const value = (i: number) => `${params.add(param(after.values[i]))}::${CAST[fieldInfo(this.schema.fields[keys[i].field]).base]}`;
      const equalUpTo = (n: number) => keys.slice(0, n).map((k, i) => `${k.expression} = ${value(i)}`);
      const alternatives = keys.map((k, i) => [...equalUpTo(i), `${k.expression} ${k.direction === 'asc' ? '>' : '<'} ${value(i)}`].join(' AND '));
      alternatives.push([...equalUpTo(keys.length), `id > ${params.add(after.id)}`].join(' AND '));
      where.push(`(${alternatives.map((a) => `(${a})`).join(' OR ')})`);
    }
    const order = [...keys.map((k) => `${k.expression} ${k.direction === 'asc' ? 'ASC' : 'DESC'}`), 'id ASC'].join(', ');
    // A set of values (`in`) picks few documents: select them through the field's index first, then
    // sort. Without the fence (OFFSET 0) the planner may walk the whole collection in id order and
    // filter, which costs the collection's size per query (seen with 100,000 accounts).
    const selective = query.conditions.some((c) => !c.info.array && c.parts.some((part) => part.op === 'in'));
    const sql = selective
      ? `SELECT id, doc FROM (SELECT id, doc FROM ${TABLE} WHERE ${where.join(' AND ')} OFFSET 0) AS matched ORDER BY ${order} LIMIT ${query.limit + 1}`
      : `SELECT id, doc FROM ${TABLE} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${query.limit + 1}`;
    const rows = await this.session.query<{ id: string; doc: T }>(sql, params.values);
    return toPage(query, rows.map((r) => ({ id: r.id, document: r.doc })));
  }

  async count(filter: Filter = {}): Promise<number> {
    const conditions = normalizeFilter(this.schema, filter);
    await this.ready();
    const params = new Params();
    const rows = await this.session.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${TABLE} WHERE ${whereSql(this.schema.name, conditions, params).join(' AND ')}`, params.values);
    return Number(rows[0].n);
  }

  async clear(): Promise<void> {
    await this.ready();
    await this.session.query(`DELETE FROM ${TABLE} WHERE collection = $1`, [this.schema.name]);
  }
}

export class SqlDocumentStore implements DocumentStore {
  readonly atomic = true;
  private schemaReady: Promise<void> | null = null;
  private readonly ensured = new Map<string, Promise<void>>();
  /** Collections whose indexes are known to exist (their creation committed). */
  private readonly created = new Set<string>();

  constructor(
    readonly kind: DocumentStoreKind,
    private readonly db: SqlDatabase,
  ) {}

  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T> {
    checkSchema(schema);
    return new SqlCollection<T>(schema, this.db, () => this.ensure(schema));
  }

  async transaction<R>(work: (session: DocumentSession) => Promise<R>): Promise<R> {
    return this.db.transaction((tx) =>
      work({
        collection: <T extends Document = Document>(schema: CollectionSchema) => {
          checkSchema(schema);
          // Not yet created by this store: create inside the unit (it commits or rolls back with it).
          // (Never waits for the store's own ensure: on PGlite that would queue behind this unit.)
          const ready = () => (this.created.has(schema.name) ? Promise.resolve() : runDdl(tx, [...SCHEMA_DDL, ...indexDdl(schema)]));
          return new SqlCollection<T>(schema, tx, ready);
        },
      }),
    );
  }

  ensure(schema: CollectionSchema): Promise<void> {
    checkSchema(schema);
    let ready = this.ensured.get(schema.name);
    if (!ready) {
      ready = this.createSchema()
        .then(() => this.db.transaction((tx) => runDdl(tx, indexDdl(schema))))
        .then(() => void this.created.add(schema.name));
      this.ensured.set(schema.name, ready);
      ready.catch(() => this.ensured.delete(schema.name));
    }
    return ready;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private createSchema(): Promise<void> {
    if (!this.schemaReady) {
      const ready = this.db.transaction((tx) => runDdl(tx, SCHEMA_DDL));
      this.schemaReady = ready;
      ready.catch(() => {
        if (this.schemaReady === ready) this.schemaReady = null;
      });
    }
    return this.schemaReady;
  }
}
