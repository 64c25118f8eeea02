import { goldenDocuments } from './__fixtures__';
import { parseStandardsDocument } from './parse-document';
import { readSeed } from './seeds';
import type { ParsedItem } from './types';

/**
 * Each layout must survive the accidents of conversion and editing: items in another order within a
 * category, an extra blank line, a page footer in the middle of a field. The catalog must come out
 * the same, apart from line numbers (which move) and order (for the shuffle).
 */
function comparable(item: ParsedItem) {
  const { category, subcategory, printedNumber, number, name, parentName, fields, contentHash } = item;
  return { category, subcategory, printedNumber, number, name, parentName, fields, contentHash };
}

const byNumberAndName = (a: { number: string; name: string }, b: { number: string; name: string }) =>
  a.number.localeCompare(b.number) || a.name.localeCompare(b.name);

/** Inserts `extra` after 1-based line `after`. */
function insertAfter(lines: string[], after: number, extra: string): string[] {
  return [...lines.slice(0, after), extra, ...lines.slice(after)];
}

/**
 * Reverses the order of `count` consecutive items of one category/subcategory. Each block runs from
 * its heading to the line before the next item, so blank separators and continuation rows move along.
 */
function shuffleWithinCategory(lines: string[], items: ParsedItem[], count: number): { text: string; moved: number } {
  const sameGroup = (a: ParsedItem, b: ParsedItem) =>
    a.category === b.category && a.subcategory === b.subcategory && a.subItem === null && b.subItem === null;
  for (let i = 0; i + count < items.length; i++) {
    const run = items.slice(i, i + count + 1);
    if (!run.every((it) => sameGroup(it, run[0]))) continue;
    const blocks = run.slice(0, count).map((it, k) => lines.slice(it.startLine - 1, run[k + 1].startLine - 1));
    const start = run[0].startLine - 1;
    const end = run[count].startLine - 1;
    const shuffled = [...lines.slice(0, start), ...blocks.reverse().flat(), ...lines.slice(end)];
    return { text: shuffled.join('\n'), moved: count };
  }
  throw new Error('no run of items to shuffle');
}

describe.each(goldenDocuments.map((g) => [g.layout, g.file, g] as const))('perturbed %s (%s)', (_layout, file, golden) => {
  const text = readSeed(file);
  const lines = text.split('\n');
  const original = parseStandardsDocument(text);
  const expected = original.items.map(comparable);
  const [first, second] = golden.items;

  it('parses items shuffled within a category to the same items', () => {
    const { text: shuffled, moved } = shuffleWithinCategory(lines, original.items, 4);
    const parsed = parseStandardsDocument(shuffled);
    expect(moved).toBe(4);
    expect(parsed.items.map((i) => i.name)).not.toEqual(original.items.map((i) => i.name));
    expect(parsed.items.map(comparable).sort(byNumberAndName)).toEqual([...expected].sort(byNumberAndName));
  });

  it('ignores an extra blank line inside an item and between items', () => {
    const fieldLine = Object.values(first.fields)[1].startLine;
    const perturbed = insertAfter(insertAfter(lines, second.startLine - 1, ''), fieldLine, '');
    expect(parseStandardsDocument(perturbed.join('\n')).items.map(comparable)).toEqual(expected);
  });

  it('drops a page footer inside a field and logs it', () => {
    const multiLine = golden.items.flatMap((g) => Object.values(g.fields)).find((f) => f.endLine > f.startLine);
    const inside = multiLine ? multiLine.startLine : Object.values(first.fields)[0].startLine;
    const perturbed = insertAfter(insertAfter(lines, inside, '— 12 —'), second.startLine, '- 13 -');
    const parsed = parseStandardsDocument(perturbed.join('\n'));
    expect(parsed.items.map(comparable)).toEqual(expected);
    const footers = parsed.repairs.filter((r) => r.kind === 'page-footer').map((r) => r.before);
    expect(footers.sort()).toEqual(['- 13 -', '— 12 —'].sort());
  });
});
