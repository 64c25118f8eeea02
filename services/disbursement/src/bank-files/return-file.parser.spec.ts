import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { isDomainError, type DomainError } from '@benefits/kernel';
import { FAILURE_REASONS, type FailureReason } from '../ledger/ledger.types';
import { gbkLayout, paymentId, utf8Layout } from './bank-file.fixtures';
import type { BankFileLayout } from './layout';
import {
  parseReturnFile,
  renderReturnFile,
  returnFileText,
  type ParseReturnOptions,
  type ReturnIssue,
  type SimulatedReturnLine,
} from './return-file.parser';

const ENVELOPE_ID = 'tefu-330402-2025-01-1';
const file = (lines: SimulatedReturnLine[]) => ({ envelopeId: ENVELOPE_ID, createdOn: '2025-01-25', lines });
const settled = (n: number, amountFen = 50000 + n): SimulatedReturnLine => ({ paymentId: paymentId(n), amountFen, status: 'settled' });
const STRICT: ParseReturnOptions = { mode: 'strict' };
const PARTIAL: ParseReturnOptions = { mode: 'partial' };

function invalid(fn: () => unknown): { error: DomainError; issues: ReturnIssue[] } {
  try {
    fn();
  } catch (error) {
    if (!isDomainError(error, 'RETURN_FILE_INVALID')) throw error;
    return { error, issues: (error.details as { issues: ReturnIssue[] }).issues };
  }
  throw new Error('expected RETURN_FILE_INVALID');
}

/** The file's records (without the final line ending), to edit and re-encode. */
function records(layout: BankFileLayout, lines: SimulatedReturnLine[]): string[] {
  return returnFileText(layout, file(lines)).split('\r\n').slice(0, -1);
}
function encode(layout: BankFileLayout, rows: string[], eol = '\r\n'): Buffer {
  const text = rows.join(eol) + eol;
  return layout.encoding === 'GBK' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}
const codes = (issues: readonly { line: number; code: string }[]) => issues.map((i) => [i.line, i.code]);

describe.each([
  ['sample-csv-utf8 (failure code column)', utf8Layout],
  ['sample-pipe-gbk (failure in the status code)', gbkLayout],
])('return file, %s', (_name, layoutOf) => {
  const layout = layoutOf();

  it('reads a settled line', () => {
    const parsed = parseReturnFile(layout, renderReturnFile(layout, file([settled(1, 123456)])), STRICT);
    expect(parsed.lines).toEqual([{ line: 2, paymentId: paymentId(1), status: 'settled', amountFen: 123456, bankRef: 'SIM00000001', valueDate: '2025-01-25' }]);
    expect(parsed.header).toEqual({ envelopeId: ENVELOPE_ID, createdDate: '2025-01-25', lineCount: 1, totalFen: 123456 });
    expect(parsed.trailer).toEqual({ lineCount: 1, totalFen: 123456 });
    expect(parsed.totals).toEqual({ count: 1, fen: 123456 });
    expect(parsed.refused).toEqual([]);
  });

  it.each(FAILURE_REASONS)('reads a failed line with reason %s and keeps the bank\'s text', (reason: FailureReason) => {
    const bytes = renderReturnFile(layout, file([{ paymentId: paymentId(2), amountFen: 777, status: 'failed', reason, bankReason: `银行说明${reason.length}` }]));
    const [line] = parseReturnFile(layout, bytes, STRICT).lines;
    expect(line).toMatchObject({ line: 2, paymentId: paymentId(2), status: 'failed', amountFen: 777, bankRef: null });
    expect(line.failure).toEqual({ reason, bankReason: `银行说明${reason.length}` });
  });

  it('reads a reversed line (a payment settled in an earlier file)', () => {
    const bytes = renderReturnFile(layout, file([{ paymentId: paymentId(3), amountFen: 900, status: 'reversed', bankRef: 'RV1', valueDate: '2025-02-03' }]));
    expect(parseReturnFile(layout, bytes, STRICT).lines).toEqual([
      { line: 2, paymentId: paymentId(3), status: 'reversed', amountFen: 900, bankRef: 'RV1', valueDate: '2025-02-03' },
    ]);
  });

  it('accepts the same payment settled and reversed in one file, refuses the same status twice', () => {
    const lines: SimulatedReturnLine[] = [settled(1), { ...settled(1), status: 'reversed' }, settled(2), settled(1)];
    const bytes = renderReturnFile(layout, file(lines));
    const { issues } = invalid(() => parseReturnFile(layout, bytes, STRICT));
    expect(codes(issues)).toEqual([[5, 'RETURN_DUPLICATE_LINE']]);
    expect(issues[0].message).toContain('line 2');
    const partial = parseReturnFile(layout, bytes, PARTIAL);
    expect(partial.lines.map((l) => [l.line, l.status])).toEqual([
      [2, 'settled'],
      [3, 'reversed'],
      [4, 'settled'],
    ]);
    expect(codes(partial.refused)).toEqual([[5, 'RETURN_DUPLICATE_LINE']]);
  });

  it('a failure code the layout does not list is OTHER, with the bank\'s code as text when it gives none', () => {
    const rows = records(layout, [{ paymentId: paymentId(1), amountFen: 100, status: 'failed', reason: 'ACCOUNT_CLOSED', bankReason: '' }]);
    const failureColumn = layout.return.detail.fields.includes('failureCode') ? 'failureCode' : 'statusCode';
    const cells = rows[1].split(layout.separator);
    // a code mapped to failed but with no failure mapping: only possible with a failure code column
    if (failureColumn === 'failureCode') {
      cells[layout.return.detail.fields.indexOf('failureCode')] = 'E77';
      const [line] = parseReturnFile(layout, encode(layout, [rows[0], cells.join(layout.separator), rows[2]]), STRICT).lines;
      expect(line.failure).toEqual({ reason: 'OTHER', bankReason: 'E77' });
    } else {
      const [line] = parseReturnFile(layout, encode(layout, rows), STRICT).lines;
      expect(line.failure).toEqual({ reason: 'ACCOUNT_CLOSED', bankReason: '1001' });
    }
  });

  it('refuses wrong totals in the header and in the trailer (file-level: partial mode throws too)', () => {
    const rows = records(layout, [settled(1, 100), settled(2, 200)]);
    const header = rows[0].split(layout.separator);
    header[layout.return.header.fields.indexOf('totalAmount')] = layout.amountFormat === 'fen' ? '301' : '3.01';
    const trailer = rows[3].split(layout.separator);
    trailer[layout.return.trailer.fields.indexOf('lineCount')] = '3';
    const bytes = encode(layout, [header.join(layout.separator), rows[1], rows[2], trailer.join(layout.separator)]);
    for (const options of [STRICT, PARTIAL]) {
      const { issues } = invalid(() => parseReturnFile(layout, bytes, options));
      expect(codes(issues)).toEqual([
        [1, 'RETURN_TOTALS_MISMATCH'],
        [4, 'RETURN_TOTALS_MISMATCH'],
      ]);
      expect(issues[0].message).toMatch(/3\.01 yuan, the lines add up to 3\.00/);
      expect(issues[1].message).toMatch(/declares 3 lines, the file has 2/);
    }
  });

  it('refuses a malformed amount, naming the line', () => {
    const rows = records(layout, [settled(1), settled(2), settled(3)]);
    const cells = rows[2].split(layout.separator);
    cells[layout.return.detail.fields.indexOf('amount')] = '5O0.00';
    rows[2] = cells.join(layout.separator);
    const bytes = encode(layout, rows);
    const { error, issues } = invalid(() => parseReturnFile(layout, bytes, STRICT));
    expect(error.status).toBe(422);
    expect(codes(issues)).toEqual([[3, 'RETURN_AMOUNT_MALFORMED']]);
    expect(issues[0]).toMatchObject({ scope: 'line', paymentId: paymentId(2) });
    // the fen total cannot be checked with an unreadable amount; the count still is, and the line is refused
    const partial = parseReturnFile(layout, bytes, PARTIAL);
    expect(partial.lines.map((l) => l.line)).toEqual([2, 4]);
    expect(partial.refused).toEqual([
      expect.objectContaining({ line: 3, code: 'RETURN_AMOUNT_MALFORMED', codes: ['RETURN_AMOUNT_MALFORMED'], paymentId: paymentId(2) }),
    ]);
    expect(partial.totals).toEqual({ count: 2, fen: 50001 + 50003 });
  });
});

describe('return file encoding', () => {
  const layout = gbkLayout();
  const lines: SimulatedReturnLine[] = [
    { ...settled(1), holderName: '王五' },
    { paymentId: paymentId(2), amountFen: 100, status: 'failed', reason: 'NAME_MISMATCH', holderName: '阿依古丽·买买提' },
    { ...settled(3), holderName: 'ZHANG SAN' },
  ];
  const bytes = renderReturnFile(layout, file(lines));

  it('reads a GBK file as GBK', () => {
    expect(bytes.includes(iconv.encode('阿依古丽·买买提', 'gbk'))).toBe(true);
    const parsed = parseReturnFile(layout, bytes, { mode: 'strict', declaredEncoding: 'GBK' });
    expect(parsed.encoding).toBe('GBK');
    expect(parsed.lines[1].failure).toEqual({ reason: 'NAME_MISMATCH', bankReason: '户名与账号不符' });
  });

  it('refuses the same GBK file declared UTF-8, naming each line whose bytes are not UTF-8 — in both modes, no guessing', () => {
    for (const mode of ['strict', 'partial'] as const) {
      const { error, issues } = invalid(() => parseReturnFile(layout, bytes, { mode, declaredEncoding: 'UTF-8' }));
      expect(error.messageZh).toMatch(/回盘/);
      expect(codes(issues)).toEqual([
        [2, 'RETURN_ENCODING_MISMATCH'],
        [3, 'RETURN_ENCODING_MISMATCH'],
      ]);
      expect(issues.every((i) => i.scope === 'file')).toBe(true);
    }
  });

  it('refuses bytes that are not GBK when GBK is declared', () => {
    const broken = Buffer.concat([bytes.subarray(0, bytes.length - 2), Buffer.from([0x81, 0x0d, 0x0a])]);
    const { issues } = invalid(() => parseReturnFile(layout, broken, STRICT));
    expect(codes(issues)).toEqual([[5, 'RETURN_ENCODING_MISMATCH']]);
  });

  it('reads a UTF-8 file with a byte-order mark, LF line endings and blank lines', () => {
    const utf8 = utf8Layout();
    const rows = records(utf8, [settled(1), settled(2)]);
    const text = '\uFEFF' + [rows[0], '', rows[1], '   ', rows[2], rows[3]].join('\n') + '\n\n';
    const parsed = parseReturnFile(utf8, Buffer.from(text, 'utf8'), STRICT);
    expect(parsed.lines.map((l) => l.line)).toEqual([3, 5]);
  });

  it('an empty file is refused', () => {
    expect(codes(invalid(() => parseReturnFile(layout, Buffer.alloc(0), PARTIAL)).issues)).toEqual([[0, 'RETURN_EMPTY']]);
    expect(codes(invalid(() => parseReturnFile(layout, Buffer.from('\r\n \r\n'), PARTIAL)).issues)).toEqual([[0, 'RETURN_EMPTY']]);
  });
});

describe('return file checks', () => {
  const layout = utf8Layout();

  it('strict mode: one RETURN_FILE_INVALID (422, Chinese and English) listing every problem with its line', () => {
    const rows = records(layout, [settled(1), settled(2), settled(3), settled(4), settled(5)]);
    rows[1] = rows[1].replace(',S,', ',X,'); // unknown status
    rows[2] = rows[2] + ',extra'; // a field too many
    rows[3] = rows[3].replace(/,\d+\.\d{2},/, ',12.345,'); // malformed amount
    rows[4] = rows[4].replace('D,', 'Q,'); // wrong record type
    const { error, issues } = invalid(() => parseReturnFile(layout, encode(layout, rows), STRICT));
    expect(error.code).toBe('RETURN_FILE_INVALID');
    expect(error.status).toBe(422);
    expect(error.messageZh).toMatch(/未作任何处理/);
    expect(error.messageEn).toMatch(/nothing was applied/);
    expect(codes(issues)).toEqual([
      [2, 'RETURN_STATUS_UNKNOWN'],
      [3, 'RETURN_LINE_MALFORMED'],
      [4, 'RETURN_AMOUNT_MALFORMED'],
      [5, 'RETURN_LINE_MALFORMED'],
    ]);
    for (const issue of issues) {
      expect(issue.messageZh).toMatch(/[\u4e00-\u9fff]/);
      expect(issue.message).toMatch(/[a-z]/);
    }
  });

  it('refuses a missing header and a missing trailer', () => {
    const rows = records(layout, [settled(1), settled(2)]);
    const { issues } = invalid(() => parseReturnFile(layout, encode(layout, rows.slice(1, -1)), PARTIAL));
    expect(codes(issues)).toEqual([
      [1, 'RETURN_HEADER_MISSING'],
      [2, 'RETURN_TRAILER_MISSING'],
    ]);
  });

  it('refuses a header naming another envelope, and payment ids that are not the envelope\'s', () => {
    const bytes = renderReturnFile(layout, file([settled(1), settled(2)]));
    const other = invalid(() => parseReturnFile(layout, bytes, { mode: 'partial', expectedEnvelopeId: 'tefu-330402-2025-02-1' }));
    expect(codes(other.issues)).toEqual([[1, 'RETURN_ENVELOPE_MISMATCH']]);
    const partial = parseReturnFile(layout, bytes, { mode: 'partial', expectedEnvelopeId: ENVELOPE_ID, knownPaymentIds: new Set([paymentId(2)]) });
    expect(partial.lines.map((l) => l.paymentId)).toEqual([paymentId(2)]);
    expect(codes(partial.refused)).toEqual([[2, 'RETURN_PAYMENT_UNKNOWN']]);
  });

  it('a settled line needs a value date and a bank reference; a failed one does not', () => {
    const rows = records(layout, [settled(1), { paymentId: paymentId(2), amountFen: 5, status: 'failed', reason: 'ACCOUNT_FROZEN', bankRef: '' }]);
    const f = layout.return.detail.fields;
    const cells = rows[1].split(',');
    cells[f.indexOf('bankRef')] = '';
    cells[f.indexOf('valueDate')] = '';
    rows[1] = cells.join(',');
    const failed = rows[2].split(',');
    failed[f.indexOf('valueDate')] = '';
    rows[2] = failed.join(',');
    const partial = parseReturnFile(layout, encode(layout, rows), PARTIAL);
    expect(partial.refused).toEqual([expect.objectContaining({ line: 2, codes: ['RETURN_LINE_MALFORMED', 'RETURN_LINE_MALFORMED'] })]);
    expect(partial.lines).toEqual([expect.objectContaining({ line: 3, status: 'failed', bankRef: null, valueDate: null })]);
  });

  it('partial mode: the good lines, and each refused line with its problems; no line ever vanishes (messy file)', () => {
    const outcomes: SimulatedReturnLine[] = Array.from({ length: 12 }, (_, i) =>
      i % 4 === 1 ? { paymentId: paymentId(i + 1), amountFen: 1000 + i, status: 'failed', reason: FAILURE_REASONS[i % 5] } : settled(i + 1, 1000 + i),
    );
    const rows = records(layout, outcomes);
    rows[2] = rows[2].replace(',F,', ',ZZ,'); // unknown status
    rows[4] = rows[4].split(',').slice(0, -2).join(','); // fields missing
    rows[6] = rows[6].replace(/,\d+\.\d{2},/, ',1e3,'); // malformed amount
    rows[8] = rows[7]; // duplicate of the line before
    const twoProblems = rows[10].split(',');
    twoProblems[layout.return.detail.fields.indexOf('amount')] = '-5.00';
    twoProblems[layout.return.detail.fields.indexOf('statusCode')] = '?';
    rows[10] = twoProblems.join(','); // two problems on one line
    rows[11] = 'garbage without separators';
    const text = [rows[0], '', ...rows.slice(1, 7), '  ', ...rows.slice(7)];
    const bytes = encode(layout, text);
    const parsed = parseReturnFile(layout, bytes, PARTIAL);

    expect(codes(parsed.refused)).toEqual([
      [4, 'RETURN_STATUS_UNKNOWN'],
      [6, 'RETURN_LINE_MALFORMED'],
      [8, 'RETURN_AMOUNT_MALFORMED'],
      [11, 'RETURN_DUPLICATE_LINE'],
      [13, 'RETURN_AMOUNT_MALFORMED'],
      [14, 'RETURN_LINE_MALFORMED'],
    ]);
    expect(parsed.refused[4].codes).toEqual(['RETURN_AMOUNT_MALFORMED', 'RETURN_STATUS_UNKNOWN']);

    // the accounting: every non-blank line is the header, the trailer, accepted or refused — exactly once
    const physical = bytes.toString('utf8').split('\r\n');
    const nonBlank = physical.flatMap((row, i) => (row.trim() === '' ? [] : [i + 1]));
    const accounted = [1, nonBlank[nonBlank.length - 1], ...parsed.lines.map((l) => l.line), ...parsed.refused.map((r) => r.line)].sort((a, b) => a - b);
    expect(accounted).toEqual(nonBlank);
    expect(parsed.lines).toHaveLength(12 - 6);

    // and strict mode refuses the same file with the same problems
    const { issues } = invalid(() => parseReturnFile(layout, bytes, STRICT));
    expect([...new Set(issues.map((i) => i.line))]).toEqual(parsed.refused.map((r) => r.line));
  });

  it('reads back what the bank simulator writes (property, both layouts)', () => {
    const outcome = fc.record({
      amountFen: fc.integer({ min: 0, max: 1_000_000_00 }),
      status: fc.constantFrom('settled', 'failed', 'reversed' as const),
      reason: fc.constantFrom(...FAILURE_REASONS),
    });
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 40 }), fc.boolean(), (outcomes, gbk) => {
        const layout = gbk ? gbkLayout() : utf8Layout();
        const lines: SimulatedReturnLine[] = outcomes.map((o, i) => ({
          paymentId: paymentId(i + 1),
          amountFen: o.amountFen,
          status: o.status,
          ...(o.status === 'failed' ? { reason: o.reason } : {}),
        }));
        if (lines.length === 0) return;
        const parsed = parseReturnFile(layout, renderReturnFile(layout, file(lines)), STRICT);
        expect(parsed.lines.map((l) => [l.paymentId, l.status, l.amountFen, l.failure?.reason])).toEqual(
          lines.map((l) => [l.paymentId, l.status, l.amountFen, l.status === 'failed' ? l.reason : undefined]),
        );
        expect(parsed.totals.fen).toBe(lines.reduce((s, l) => s + l.amountFen, 0));
      }),
      { numRuns: 60 },
    );
  });

  it('the hash identifies the file (the same file twice is recognisable)', () => {
    const a = parseReturnFile(layout, renderReturnFile(layout, file([settled(1)])), STRICT);
    const b = parseReturnFile(layout, renderReturnFile(layout, file([settled(1)])), STRICT);
    const c = parseReturnFile(layout, renderReturnFile(layout, file([settled(2)])), STRICT);
    expect(b.sha256).toBe(a.sha256);
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('parses 100,000 lines quickly', () => {
    for (const l of [utf8Layout(), gbkLayout()]) {
      const bytes = renderReturnFile(l, file(Array.from({ length: 100_000 }, (_, i) => settled(i + 1))));
      const started = performance.now();
      const parsed = parseReturnFile(l, bytes, STRICT);
      expect(parsed.lines).toHaveLength(100_000);
      expect(performance.now() - started).toBeLessThan(15_000);
    }
  }, 60_000);
});
