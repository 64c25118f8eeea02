import type { FieldCondition, Filter, FindOptions, SortKey } from '@benefits/read-store';
import { DUE_KEY_SEPARATOR } from './case-index';
import type { ListCasesQuery } from './case-list.schemas';
import { CaseIndexErrors } from './errors';

/**
 * The cases a division sees, as a division-code prefix — the reading of `mayActInDivision`
 * (tefu/decider.ts) from the actor's side: a county (330402) sees its own cases, a city (330400)
 * every 3304xx case, a province (330000) every 33xxxx case.
 */
export function divisionScope(divisionCode: string): string {
  if (divisionCode.endsWith('0000')) return divisionCode.slice(0, 2);
  if (divisionCode.endsWith('00')) return divisionCode.slice(0, 4);
  return divisionCode;
}

/** The prefix to list: the requested division's scope, which must lie within the actor's. */
export function listScope(actorDivision: string, requested: string | undefined): string {
  const own = divisionScope(actorDivision);
  if (requested === undefined) return own;
  const wanted = divisionScope(requested);
  if (!wanted.startsWith(own)) throw CaseIndexErrors.DIVISION_NOT_ALLOWED({ division: requested, actorDivision });
  return wanted;
}

const minDate = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);

/**
 * The read-store query for GET /cases. Due filters: with `dueKind` they look for one open item of
 * that kind (one `dueKeys` element in a range); without, at the earliest open item (`nextDueOn`).
 * `overdue=true` is "due before today"; with `dueBefore` too, the earlier of the two bounds.
 */
export function caseListQuery(query: ListCasesQuery, actorDivision: string, today: string): FindOptions {
  const filter: Record<string, FieldCondition> = { divisionCode: { startsWith: listScope(actorDivision, query.division) } };
  if (query.benefit) filter.benefit = query.benefit;
  if (query.status) filter.status = query.status;
  const before = minDate(query.dueBefore, query.overdue === 'true' ? today : undefined);
  if (query.dueKind) {
    const prefix = `${query.dueKind}${DUE_KEY_SEPARATOR}`;
    filter.dueKeys = before === undefined ? { startsWith: prefix } : { gte: prefix, lt: `${prefix}${before}` };
  } else if (before !== undefined) {
    filter.nextDueOn = { lt: before };
  }
  const sortText = query.sort ?? '-updatedAt';
  const sort: SortKey[] = [{ field: sortText.replace(/^-/, ''), direction: sortText.startsWith('-') ? 'desc' : 'asc' }];
  return { filter: filter as Filter, sort, limit: query.limit === undefined ? 50 : Number(query.limit), cursor: query.cursor ?? null };
}
