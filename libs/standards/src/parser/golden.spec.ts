import { goldenDocuments } from './__fixtures__';
import type { GoldenItem } from './__fixtures__';
import { countItems, parseStandardsDocument } from './parse-document';
import { readSeed } from './seeds';
import type { ParsedDocument, ParsedItem } from './types';

describe.each(goldenDocuments.map((g) => [g.file, g] as const))('golden %s', (file, golden) => {
  let parsed: ParsedDocument;
  beforeAll(() => {
    parsed = parseStandardsDocument(readSeed(file), { sourceName: file });
  });

  it('detects the layout and finds every item', () => {
    expect(parsed.document.layout).toBe(golden.layout);
    expect(parsed.items).toHaveLength(golden.entryCount);
    expect(countItems(parsed.items)).toBe(golden.itemCount);
  });

  it('reads the metadata, and only what the document states or marks as inferred', () => {
    const d = parsed.document;
    const stated = (s: { value: unknown; inferred: boolean; line: number } | null) =>
      s && { value: s.value, inferred: s.inferred, line: s.line };
    expect(stated(d.title)).toEqual(golden.metadata.title);
    expect(stated(d.docNo)).toEqual(golden.metadata.docNo);
    expect(stated(d.version)).toEqual(golden.metadata.version);
    expect(stated(d.signedDate)).toEqual(golden.metadata.signedDate);
    expect(stated(d.effectiveDate)).toEqual(golden.metadata.effectiveDate);
    expect(stated(d.status)).toEqual(golden.metadata.status);
    const division = d.division && { ...d.division.value, inferred: d.division.inferred, line: d.division.line };
    expect(division).toEqual(golden.metadata.division);
    const issuers = golden.metadata.issuers;
    if (issuers === null) expect(d.issuers).toEqual([]);
    else {
      expect(d.issuers).toHaveLength(issuers.count);
      expect(stated(d.issuers[0])).toEqual(issuers.first);
      expect(stated(d.issuers[d.issuers.length - 1])).toEqual(issuers.last);
    }
    for (const s of [d.title, d.docNo, d.version, d.signedDate, d.effectiveDate, d.status, d.division]) {
      if (s?.inferred) expect(s.reason).toEqual(expect.any(String));
    }
  });

  it.each(golden.items.map((g) => [`${g.printedNumber}${g.subItem ?? ''} ${g.name} (L${g.startLine})`, g] as const))(
    'item %s matches the raw text field by field',
    (_label, expected) => {
      const item = findItem(parsed.items, expected);
      expect({
        printedNumber: item.printedNumber,
        sequence: item.sequence,
        subItem: item.subItem,
        name: item.name,
        category: item.category,
        subcategory: item.subcategory,
        startLine: item.startLine,
        endLine: item.endLine,
      }).toEqual({
        printedNumber: expected.printedNumber,
        sequence: expected.sequence,
        subItem: expected.subItem,
        name: expected.name,
        category: expected.category,
        subcategory: expected.subcategory,
        startLine: expected.startLine,
        endLine: expected.endLine,
      });
      expect(Object.keys(item.fields).sort()).toEqual(Object.keys(expected.fields).sort());
      for (const [label, field] of Object.entries(expected.fields)) {
        expect({ label, text: item.fields[label] }).toEqual({ label, text: field.text });
        expect({ label, ...pick(item.fieldLines[label]) }).toEqual({ label, startLine: field.startLine, endLine: field.endLine });
      }
    },
  );
});

function findItem(items: ParsedItem[], expected: GoldenItem): ParsedItem {
  const item = items.find((i) => i.startLine === expected.startLine);
  if (!item) throw new Error(`no item starts at line ${expected.startLine}`);
  return item;
}

function pick(source: { startLine: number; endLine: number } | undefined) {
  return source && { startLine: source.startLine, endLine: source.endLine };
}
