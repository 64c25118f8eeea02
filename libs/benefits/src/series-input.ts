import type { BandTableValue, ParameterLookup } from '@benefits/standards';
import type { MoneyJson } from '@benefits/kernel';
import type { Json } from './trace/types';

/**
 * A value from a published parameter series (低保标准 B) as the engine receives it: the value and
 * where it came from, so the trace can show the entry, its 文号 and whether it is sample data.
 * The shell looks it up (`lookupParameter` in @benefits/standards); the engine never does.
 */
export interface SeriesValue {
  name: 'dibao.standard';
  value: MoneyJson;
  /** The division whose series answered and the entry's effective date. */
  divisionCode: string;
  effectiveFrom: string;
  entryId?: string;
  source: { docNo: string; title: string | null };
  /** True for demonstration values: never an official figure. */
  sampleData: boolean;
}

export function seriesSource(b: SeriesValue): { [key: string]: Json } {
  const source: { [key: string]: Json } = {
    divisionCode: b.divisionCode,
    effectiveFrom: b.effectiveFrom,
    docNo: b.source.docNo,
    title: b.source.title,
    sampleData: b.sampleData,
  };
  if (b.entryId !== undefined) source.entryId = b.entryId;
  return source;
}

/** The engine input for a 低保标准 found by `lookupParameter` (the division that answered is recorded). */
export function seriesValueFrom(lookup: ParameterLookup): SeriesValue {
  const { entry } = lookup;
  const value = entry.value as { fen?: unknown };
  if (entry.name !== 'dibao.standard' || typeof value.fen !== 'number') {
    throw new TypeError(`expected a dibao.standard money entry, got ${entry.name}`);
  }
  const result: SeriesValue = {
    name: 'dibao.standard',
    value: { fen: value.fen },
    divisionCode: lookup.resolvedAt,
    effectiveFrom: entry.effectiveFrom,
    entryId: entry.entryId,
    source: { docNo: entry.source.docNo, title: entry.source.title },
    sampleData: entry.sampleData,
  };
  return result;
}

/**
 * A 临时救助 band table published as the parameter `linshi.band-table` (its own division's, else its
 * city's or province's), as the engine receives it: the table, the entry it came from and its
 * document. Like B, the shell looks it up; the engine never does.
 */
export interface BandTableSeriesValue {
  name: 'linshi.band-table';
  value: BandTableValue;
  /** The division whose series answered and the entry's effective date. */
  divisionCode: string;
  effectiveFrom: string;
  entryId?: string;
  /** The entry's stream revision (its place in the series; a correction has a later one). */
  revision?: number;
  source: { docNo: string; title: string | null; issuer?: string | null };
  /** True for demonstration tables: never an official one. */
  sampleData: boolean;
}

export function bandTableSource(t: BandTableSeriesValue): { [key: string]: Json } {
  const source: { [key: string]: Json } = {
    parameter: 'linshi.band-table',
    tableId: t.value.tableId,
    version: t.value.version,
    divisionCode: t.divisionCode,
    effectiveFrom: t.effectiveFrom,
    docNo: t.source.docNo,
    title: t.source.title,
    issuer: t.source.issuer ?? null,
    sampleData: t.sampleData,
  };
  if (t.entryId !== undefined) source.entryId = t.entryId;
  if (t.revision !== undefined) source.revision = t.revision;
  return source;
}

/** The engine input for a band table found by `lookupParameter`. */
export function bandTableValueFrom(lookup: ParameterLookup): BandTableSeriesValue {
  const { entry } = lookup;
  if (entry.name !== 'linshi.band-table') throw new TypeError(`expected a linshi.band-table entry, got ${entry.name}`);
  return {
    name: 'linshi.band-table',
    value: entry.value as BandTableValue,
    divisionCode: lookup.resolvedAt,
    effectiveFrom: entry.effectiveFrom,
    entryId: entry.entryId,
    revision: entry.streamRevision,
    source: { docNo: entry.source.docNo, title: entry.source.title, issuer: entry.source.issuer ?? null },
    sampleData: entry.sampleData,
  };
}

/**
 * The published band table a recorded result used, rebuilt from its parameters (the
 * `linshi.band-table` parameter of the `linshi.delegated` step carries the whole table and its
 * source): what a recomputation passes as `bandTable`. Null when the result used none.
 */
export function pinnedBandTable(parameters: readonly { key: string; value: unknown; source?: unknown }[]): BandTableSeriesValue | null {
  const p = parameters.find((x) => x.key === 'linshi.band-table');
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!p || !isObj(p.value) || !isObj(p.source)) return null;
  const s = p.source;
  if (typeof s.docNo !== 'string' || typeof s.divisionCode !== 'string' || typeof s.effectiveFrom !== 'string') return null;
  return {
    name: 'linshi.band-table',
    value: p.value as unknown as BandTableValue,
    divisionCode: s.divisionCode,
    effectiveFrom: s.effectiveFrom,
    ...(typeof s.entryId === 'string' ? { entryId: s.entryId } : {}),
    ...(typeof s.revision === 'number' ? { revision: s.revision } : {}),
    source: { docNo: s.docNo, title: typeof s.title === 'string' ? s.title : null, issuer: typeof s.issuer === 'string' ? s.issuer : null },
    sampleData: s.sampleData === true,
  };
}
