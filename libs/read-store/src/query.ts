import { createHash } from 'node:crypto';
import { canonicalJson } from '@benefits/kernel';
import type { CollectionSchema, Document, FieldType, Filter, FindOptions, Scalar, SortKey } from './document-store';
import { ReadStoreErrors } from './errors';

/**
 * Adapter-neutral query handling: schema and document validation, normalised conditions, keyset
 * cursors. Adapters translate the normalised form into SQL or a MongoDB filter.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

const COLLECTION_NAME = /^[a-z][a-z0-9_-]{0,47}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const ID = /^[^\u0000]{1,200}$/;

export type BaseType = 'string' | 'number' | 'boolean';

export interface FieldInfo {
  base: BaseType;
  optional: boolean;
  array: boolean;
}

export function fieldInfo(type: FieldType): FieldInfo {
  if (type === 'string[]') return { base: 'string', optional: true, array: true };
  const optional = type.endsWith('?');
  return { base: (optional ? type.slice(0, -1) : type) as BaseType, optional, array: false };
}

export function checkSchema(schema: CollectionSchema): void {
  if (!COLLECTION_NAME.test(schema.name)) throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ reason: 'collection name', name: schema.name });
  for (const [field, type] of Object.entries(schema.fields)) {
    if (!FIELD_NAME.test(field) || field === 'id') throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ reason: 'field name', field });
    fieldInfo(type);
  }
}

export function checkId(id: string): void {
  if (typeof id !== 'string' || !ID.test(id)) throw ReadStoreErrors.READ_MODEL_DOCUMENT_INVALID({ reason: 'id must be 1–200 characters without NUL', id });
}

const isBase = (base: BaseType, value: unknown): value is Scalar =>
  base === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === base;

/** PostgreSQL's jsonb and text cannot hold U+0000; refused on every adapter so they stay alike. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/** Declared fields must hold values of their type; the rest of the document is free JSON. */
export function checkDocument(schema: CollectionSchema, id: string, document: Document): void {
  checkId(id);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw ReadStoreErrors.READ_MODEL_DOCUMENT_INVALID({ collection: schema.name, id, reason: 'not an object' });
  }
  if (containsNul(document)) throw ReadStoreErrors.READ_MODEL_DOCUMENT_INVALID({ collection: schema.name, id, reason: 'U+0000 in a string' });
  for (const [field, type] of Object.entries(schema.fields)) {
    const info = fieldInfo(type);
    const value = document[field];
    if (value === undefined || value === null) {
      if (info.optional) continue;
      throw ReadStoreErrors.READ_MODEL_DOCUMENT_INVALID({ collection: schema.name, id, field, reason: 'required' });
    }
    const ok = info.array ? Array.isArray(value) && value.every((v) => isBase(info.base, v)) : isBase(info.base, value);
    if (!ok) throw ReadStoreErrors.READ_MODEL_DOCUMENT_INVALID({ collection: schema.name, id, field, reason: `expected ${type}` });
  }
}

export type Operator = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'startsWith';

export interface Part {
  op: Operator;
  value: Scalar | readonly Scalar[];
}

export interface NormalizedCondition {
  field: string;
  info: FieldInfo;
  /** All must hold (on one element, for an array field). */
  parts: Part[];
}

const OPERATORS: readonly Operator[] = ['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'startsWith'];

function declared(schema: CollectionSchema, field: string): FieldInfo {
  const type = schema.fields[field];
  if (!type) throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ collection: schema.name, field, reason: 'not a declared field' });
  return fieldInfo(type);
}

export function normalizeFilter(schema: CollectionSchema, filter: Filter = {}): NormalizedCondition[] {
  return Object.keys(filter)
    .sort()
    .map((field) => {
      const info = declared(schema, field);
      const condition = filter[field];
      const entries: [string, unknown][] =
        typeof condition === 'object' && condition !== null ? Object.entries(condition).filter(([, v]) => v !== undefined) : [['eq', condition]];
      if (entries.length === 0) throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ field, reason: 'empty condition' });
      const parts = entries.map(([op, value]): Part => {
        if (!OPERATORS.includes(op as Operator)) throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ field, op, reason: 'unknown operator' });
        const bad = () => ReadStoreErrors.READ_MODEL_QUERY_INVALID({ field, op, reason: `value does not fit ${schema.fields[field]}` });
        if (containsNul(value)) throw bad();
        if (op === 'in') {
          if (!Array.isArray(value) || !value.every((v) => isBase(info.base, v))) throw bad();
        } else if (op === 'startsWith') {
          if (info.base !== 'string' || typeof value !== 'string') throw bad();
        } else {
          if (!isBase(info.base, value)) throw bad();
          if (info.base === 'boolean' && op !== 'eq') throw bad();
        }
        return { op: op as Operator, value: value as Scalar };
      });
      return { field, info, parts };
    });
}

export function normalizeSort(schema: CollectionSchema, sort: readonly SortKey[] = []): SortKey[] {
  return sort.map(({ field, direction }) => {
    const info = declared(schema, field);
    if (info.optional || info.array) throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ field, reason: 'only required scalar fields can be sorted on' });
    if (direction !== 'asc' && direction !== 'desc') throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ field, direction });
    return { field, direction };
  });
}

export function normalizeLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw ReadStoreErrors.READ_MODEL_QUERY_INVALID({ limit });
  return limit;
}

/** Where a page starts: the sort values and id of the previous page's last document. */
export interface After {
  values: Scalar[];
  id: string;
}

export interface NormalizedFind {
  conditions: NormalizedCondition[];
  sort: SortKey[];
  limit: number;
  after: After | null;
  /** Identifies filter and sort: a cursor only continues the query it came from. */
  queryKey: string;
}

function queryKeyOf(collection: string, conditions: NormalizedCondition[], sort: SortKey[]): string {
  const shape = { collection, conditions: conditions.map(({ field, parts }) => ({ field, parts })), sort };
  return createHash('sha256').update(canonicalJson(shape)).digest('base64url').slice(0, 16);
}

export function normalizeFind(schema: CollectionSchema, options: FindOptions = {}): NormalizedFind {
  const conditions = normalizeFilter(schema, options.filter);
  const sort = normalizeSort(schema, options.sort);
  const limit = normalizeLimit(options.limit);
  const queryKey = queryKeyOf(schema.name, conditions, sort);
  const after = options.cursor ? decodeCursor(schema, options.cursor, queryKey, sort) : null;
  return { conditions, sort, limit, after, queryKey };
}

export function encodeCursor(queryKey: string, sort: readonly SortKey[], id: string, document: Document): string {
  const values = sort.map((key) => document[key.field] as Scalar);
  return Buffer.from(JSON.stringify({ q: queryKey, v: values, id }), 'utf8').toString('base64url');
}

function decodeCursor(schema: CollectionSchema, cursor: string, queryKey: string, sort: readonly SortKey[]): After {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,4000}$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw ReadStoreErrors.INVALID_CURSOR({ reason: 'not a cursor' });
  }
  const c = parsed as { q?: unknown; v?: unknown; id?: unknown };
  if (c === null || typeof c !== 'object' || c.q !== queryKey || typeof c.id !== 'string' || !Array.isArray(c.v) || c.v.length !== sort.length) {
    throw ReadStoreErrors.INVALID_CURSOR({ reason: 'the cursor belongs to another query' });
  }
  // Values of the sort fields' types only: a forged cursor must not reach the database as a bad cast.
  const fits = (value: unknown, i: number) =>
    isBase(fieldInfo(schema.fields[sort[i].field]).base, value) && (typeof value !== 'string' || !value.includes('\u0000'));
  if (!c.v.every(fits) || !ID.test(c.id)) throw ReadStoreErrors.INVALID_CURSOR({ reason: 'values' });
  return { values: c.v as Scalar[], id: c.id };
}

/** Builds the page from up to limit + 1 rows read in order. */
export function toPage<T extends Document>(query: NormalizedFind, rows: { id: string; document: T }[]): { items: T[]; nextCursor: string | null } {
  const more = rows.length > query.limit;
  const taken = more ? rows.slice(0, query.limit) : rows;
  const last = taken[taken.length - 1];
  return {
    items: taken.map((r) => r.document),
    nextCursor: more && last ? encodeCursor(query.queryKey, query.sort, last.id, last.document) : null,
  };
}
