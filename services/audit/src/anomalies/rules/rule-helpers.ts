import type { Document, DocumentCollection, Filter } from '@benefits/read-store';
import { divisionPrefix } from '../../access';

/** Every document matching the filter, page by page (keyset), in id order. */
export async function* pages<T extends Document>(collection: DocumentCollection<T>, filter: Filter, limit = 500): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter, limit, cursor });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/** The condition on a `string[]` or `string` field of division codes: within the scan's division. */
export function withinScope(divisionCode: string): { startsWith: string } {
  return { startsWith: divisionPrefix(divisionCode) };
}

export const BENEFIT_NAMES: Record<string, string> = { dibao: '低保', tefu: '计生特扶', linshi: '临时救助' };

/** 12345 fen → "123.45" */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
