import type { ParsedItem } from '../parser/types';

export interface ItemSummary {
  number: string;
  name: string;
  category: string | null;
  contentHash: string;
}

export interface FieldChange {
  /** A field label (服务对象…), or `number`, `category`, `subcategory` when only the filing changed. */
  field: string;
  from: string | null;
  to: string | null;
}

export interface ItemChange {
  name: string;
  from: ItemSummary;
  to: ItemSummary;
  changes: FieldChange[];
}

export interface VersionDiff {
  added: ItemSummary[];
  removed: ItemSummary[];
  changed: ItemChange[];
  unchanged: number;
}

const summary = (item: ParsedItem): ItemSummary => ({
  number: item.number,
  name: item.name,
  category: item.category,
  contentHash: item.contentHash,
});

/** Items are matched by name (and the split item's name for sub-items): editions renumber, names stay. */
function key(item: ParsedItem): string {
  return `${item.parentName ?? ''}\u0000${item.name.replace(/\s+/g, '')}`;
}

function keyed(items: readonly ParsedItem[]): Map<string, ParsedItem> {
  const map = new Map<string, ParsedItem>();
  const seen = new Map<string, number>();
  for (const item of items) {
    const base = key(item);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    map.set(n === 1 ? base : `${base}\u0000${n}`, item);
  }
  return map;
}

/** Item-by-item difference between two versions: added, removed and changed items with the changed fields. */
export function diffItems(from: readonly ParsedItem[], to: readonly ParsedItem[]): VersionDiff {
  const before = keyed(from);
  const after = keyed(to);
  const diff: VersionDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [k, old] of before) {
    const next = after.get(k);
    if (!next) {
      diff.removed.push(summary(old));
      continue;
    }
    const changes: FieldChange[] = [];
    const labels = [...new Set([...Object.keys(old.fields), ...Object.keys(next.fields)])];
    for (const label of labels) {
      const a = old.fields[label] ?? null;
      const b = next.fields[label] ?? null;
      // Compared as the hash compares them: wrapping and spacing are conversion noise, not changes.
      if ((a ?? '').replace(/\s+/g, '') !== (b ?? '').replace(/\s+/g, '')) changes.push({ field: label, from: a, to: b });
    }
    for (const field of ['number', 'category', 'subcategory'] as const) {
      if (old[field] !== next[field]) changes.push({ field, from: old[field], to: next[field] });
    }
    if (changes.length === 0) diff.unchanged += 1;
    else diff.changed.push({ name: next.name, from: summary(old), to: summary(next), changes });
  }
  for (const [k, item] of after) if (!before.has(k)) diff.added.push(summary(item));
  return diff;
}
