import { canonicalJson, LocalDate, type Actor, type NewEvent } from '@benefits/kernel';
import { divisionChain } from '../divisions';
import { StandardsErrors } from '../errors';
import type { Recorded } from '../catalog/catalog';
import { checkBandTable, checkBandTableSource } from './band-table';
import { isParameterName, PARAMETERS, type CalendarValue, type MoneyValue, type ParameterName, type ParameterValue } from './definitions';

export * from './band-table';

export const ParameterEventTypes = {
  ValuePublished: 'standards.ParameterValuePublished.v1',
} as const;

/** One series per parameter and division. */
export function parameterStreamId(name: string, divisionCode: string): string {
  return `parameter-${name}-${divisionCode}`;
}

export interface ParameterSource {
  /** 文号 of the document that published the value, e.g. 「嘉民发〔2025〕1号」. */
  docNo: string;
  title: string | null;
  /** 发文机关, e.g. 「嘉兴市南湖区人民政府」: required for a band table; absent on older entries. */
  issuer?: string | null;
}

export interface ParameterValuePublishedData {
  /** Also the event id, so a correction can name what it supersedes. */
  entryId: string;
  name: ParameterName;
  divisionCode: string;
  effectiveFrom: string;
  /** Last day the value applies; null = until superseded by a later entry. */
  effectiveTo: string | null;
  value: ParameterValue;
  source: ParameterSource;
  /** True for demonstration values: never an official figure. */
  sampleData: boolean;
  /** A correction names the entry it replaces; it may change the value and the dates, even in the past. */
  supersedes: string | null;
  correctionReason: string | null;
  publishedBy: Actor;
}

export type ParameterEntry = ParameterValuePublishedData & Recorded;

export function foldSeries(events: readonly { type: string; data: unknown; eventId: string; streamRevision: number; recordedAt: string }[]): ParameterEntry[] {
  return events
    .filter((e) => e.type === ParameterEventTypes.ValuePublished)
    .map((e) => ({ ...(e.data as ParameterValuePublishedData), eventId: e.eventId, streamRevision: e.streamRevision, recordedAt: e.recordedAt }));
}

/**
 * "As known at": only what had been recorded by then — up to a stream revision (the shell maps a
 * log position to the events read up to it) and/or a recording time (ISO instant).
 */
export interface KnownAt {
  revision?: number;
  time?: string;
}

export interface AsOfQuery {
  /** "As effective on" this date. */
  date: string;
  knownAt?: KnownAt;
}

function knownAt(entries: readonly ParameterEntry[], at: KnownAt | undefined): ParameterEntry[] {
  if (!at) return [...entries];
  return entries.filter(
    (e) => (at.revision === undefined || e.streamRevision <= at.revision) && (at.time === undefined || e.recordedAt <= at.time),
  );
}

/** Entries not replaced by a correction known at the same moment. */
export function activeEntries(entries: readonly ParameterEntry[], at?: KnownAt): ParameterEntry[] {
  const known = knownAt(entries, at);
  const superseded = new Set(known.map((e) => e.supersedes).filter((id): id is string => id !== null));
  return known.filter((e) => !superseded.has(e.entryId));
}

/**
 * The value of one series effective on a date, as known at a moment: among the entries recorded by
 * then and not corrected by then, the one with the latest effective date on or before the date
 * (and not ended before it). A retroactive correction therefore changes the answer for past dates
 * only when asked as known after the correction was recorded.
 */
export function valueAsOf(entries: readonly ParameterEntry[], query: AsOfQuery): ParameterEntry | null {
  const applicable = activeEntries(entries, query.knownAt).filter(
    (e) => e.effectiveFrom <= query.date && (e.effectiveTo === null || query.date <= e.effectiveTo),
  );
  applicable.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.streamRevision - b.streamRevision);
  return applicable.pop() ?? null;
}

export interface ParameterLookup {
  entry: ParameterEntry;
  /** The division whose series answered: the requested one, or its city or province. */
  resolvedAt: string;
  inherited: boolean;
}

/**
 * Looks a parameter up for a division: its own series first, then its city's and province's (瓯海
 * applies the published 温州 低保标准, 000 L377). `seriesOf` returns the entries of one division.
 */
export function lookupParameter(
  seriesOf: (divisionCode: string) => readonly ParameterEntry[],
  divisionCode: string,
  query: AsOfQuery,
): ParameterLookup | null {
  for (const level of divisionChain(divisionCode)) {
    const entry = valueAsOf(seriesOf(level), query);
    if (entry) return { entry, resolvedAt: level, inherited: level !== divisionCode };
  }
  return null;
}

export interface PublishCommand {
  entryId: string;
  name: string;
  divisionCode: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  value: unknown;
  source: ParameterSource;
  sampleData: boolean;
  supersedes?: string | null;
  correctionReason?: string | null;
  actor: Actor;
  correlationId: string;
}

export type PublishDecision =
  | { kind: 'unchanged'; entryId: string }
  | { kind: 'publish'; event: NewEvent<typeof ParameterEventTypes.ValuePublished, ParameterValuePublishedData> };

const invalid = (reason: string, extra: Record<string, unknown> = {}) => StandardsErrors.PARAMETER_VALUE_INVALID({ reason, ...extra });

function checkMoney(value: unknown): MoneyValue {
  const v = value as Partial<MoneyValue> | null;
  if (typeof v !== 'object' || v === null || Object.keys(v).join() !== 'fen' || !Number.isSafeInteger(v.fen) || (v.fen as number) < 0) {
    throw invalid('expected { "fen": <non-negative integer> } (money is integer fen)');
  }
  return { fen: v.fen as number };
}

function checkCalendar(value: unknown): CalendarValue {
  const v = value as Partial<CalendarValue> | null;
  if (typeof v !== 'object' || v === null || !Number.isInteger(v.year) || !Array.isArray(v.holidays) || !Array.isArray(v.workdays)) {
    throw invalid('expected { year, holidays: [yyyy-mm-dd], workdays: [yyyy-mm-dd] }');
  }
  const year = v.year as number;
  const dates = [...v.holidays, ...v.workdays];
  for (const d of dates) {
    if (!LocalDate.isValid(d) || !String(d).startsWith(`${year}-`)) throw invalid('every date must be a valid yyyy-mm-dd in the calendar year', { date: d });
  }
  if (new Set(dates).size !== dates.length) throw invalid('a date is listed twice (or as both a holiday and a working day)');
  for (const d of v.workdays as string[]) {
    const dow = LocalDate.parse(d).dayOfWeek();
    if (dow !== 6 && dow !== 7) throw invalid('an adjusted working day (调休上班) must be a Saturday or Sunday', { date: d });
  }
  return { year, holidays: [...(v.holidays as string[])].sort(), workdays: [...(v.workdays as string[])].sort() };
}

function sameValue(a: ParameterEntry, data: ParameterValuePublishedData): boolean {
  return (
    // Canonical: a store may give a recorded value back with its keys in another order (jsonb).
    canonicalJson(a.value) === canonicalJson(data.value) &&
    a.effectiveTo === data.effectiveTo &&
    a.source.docNo === data.source.docNo &&
    (a.source.issuer ?? null) === (data.source.issuer ?? null) &&
    a.sampleData === data.sampleData
  );
}

/** Decides a publication or correction against the series' entries so far. */
export function decidePublish(entries: readonly ParameterEntry[], command: PublishCommand): PublishDecision {
  if (!isParameterName(command.name)) throw StandardsErrors.UNKNOWN_PARAMETER({ name: command.name });
  const definition = PARAMETERS[command.name];
  const kind: string = definition.kind;
  const value = kind === 'money' ? checkMoney(command.value) : kind === 'calendar' ? checkCalendar(command.value) : checkBandTable(command.value);
  if (kind === 'band-table') checkBandTableSource(command.source);

  let effectiveTo = command.effectiveTo ?? null;
  for (const date of [command.effectiveFrom, effectiveTo]) {
    if (date !== null && !LocalDate.isValid(date)) throw StandardsErrors.PARAMETER_DATE_INVALID({ date, expected: 'yyyy-mm-dd' });
  }
  if (definition.period === 'month' && !command.effectiveFrom.endsWith('-01')) {
    throw StandardsErrors.PARAMETER_DATE_INVALID({ name: command.name, effectiveFrom: command.effectiveFrom, expected: 'the 1st of a month' });
  }
  if (kind === 'calendar') {
    const year = (value as CalendarValue).year;
    if (command.effectiveFrom !== `${year}-01-01` || (effectiveTo !== null && effectiveTo !== `${year}-12-31`)) {
      throw StandardsErrors.PARAMETER_DATE_INVALID({ name: command.name, expected: `${year}-01-01 to ${year}-12-31` });
    }
    effectiveTo = `${year}-12-31`;
  }
  if (effectiveTo !== null && effectiveTo < command.effectiveFrom) {
    throw StandardsErrors.PARAMETER_DATE_INVALID({ reason: 'effectiveTo is before effectiveFrom' });
  }

  const supersedes = command.supersedes ?? null;
  const active = activeEntries(entries);
  if (supersedes !== null) {
    if (!entries.some((e) => e.entryId === supersedes)) throw StandardsErrors.SUPERSEDED_ENTRY_NOT_FOUND({ supersedes });
    if (!active.some((e) => e.entryId === supersedes)) throw StandardsErrors.ENTRY_ALREADY_SUPERSEDED({ supersedes });
  }

  const data: ParameterValuePublishedData = {
    entryId: command.entryId,
    name: command.name,
    divisionCode: command.divisionCode,
    effectiveFrom: command.effectiveFrom,
    effectiveTo,
    value,
    source: command.source,
    sampleData: command.sampleData,
    supersedes,
    correctionReason: supersedes === null ? null : command.correctionReason ?? null,
    publishedBy: command.actor,
  };

  // One live entry per effective date: a second one would make the answer depend on recording order.
  const clash = active.find((e) => e.effectiveFrom === command.effectiveFrom && e.entryId !== supersedes);
  if (clash && supersedes === null && sameValue(clash, data)) return { kind: 'unchanged', entryId: clash.entryId };
  if (clash) throw StandardsErrors.PARAMETER_ALREADY_PUBLISHED({ entryId: clash.entryId, effectiveFrom: clash.effectiveFrom });
  return {
    kind: 'publish',
    event: {
      eventId: command.entryId,
      type: ParameterEventTypes.ValuePublished,
      data,
      metadata: { correlationId: command.correlationId, actor: command.actor },
    },
  };
}
