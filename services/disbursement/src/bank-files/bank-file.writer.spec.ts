import { createHash } from 'crypto';
import { PassThrough } from 'stream';
import fc from 'fast-check';
import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { isDomainError, type DomainError } from '@benefits/kernel';
import { ENVELOPE, gbkLayout, line, lines, utf8Layout } from './bank-file.fixtures';
import { renderBankFile, type BankFileLine, type BankFileLineIssue } from './bank-file.writer';
import { parseAmount } from './bank-file.format';

const RealDate = Date;

/** Runs `fn` with `new Date()` / `Date.now()` fixed at `iso` (what JSZip and exceljs stamp files with). */
async function atClock<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  const fixed = new RealDate(iso).getTime();
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixed);
      else super(...(args as [string]));
    }
    static override now(): number {
      return fixed;
    }
  }
  global.Date = FixedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    global.Date = RealDate;
  }
}

async function refusal(promise: Promise<unknown>): Promise<{ error: DomainError; issues: BankFileLineIssue[] }> {
  try {
    await promise;
  } catch (error) {
    if (!isDomainError(error, 'BANK_FILE_LINE_INVALID')) throw error;
    return { error, issues: (error.details as { issues: BankFileLineIssue[] }).issues };
  }
  throw new Error('expected BANK_FILE_LINE_INVALID');
}

const records = (text: string) => text.split('\r\n').slice(0, -1);

describe('bank file (CSV)', () => {
  it('writes header, lines and trailer of the UTF-8 sample layout, amounts from fen', async () => {
    const file = await renderBankFile(utf8Layout(), ENVELOPE, [line(1, { amountFen: 123456 }), line(2, { amountFen: 1 })], 'csv');
    const text = file.bytes.toString('utf8');
    expect(records(text)).toEqual([
      'H,tefu-330402-2025-01-1,tefu,330402,2025-01,2,1234.57,2025-01-20',
      `D,1,${line(1).paymentId},6217000000000000001,${line(1).holderName},B001,1234.56,计生特扶金2025年01月,2025-01`,
      `D,2,${line(2).paymentId},6217000000000000002,${line(2).holderName},B001,0.01,计生特扶金2025年01月,2025-01`,
      'T,2,1234.57',
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(file).toMatchObject({ lineCount: 2, totalFen: 123457, format: 'csv', encoding: 'UTF-8', fileName: 'tefu-330402-2025-01-1_sample-csv-utf8_20250120.csv' });
    expect(file.sha256).toBe(createHash('sha256').update(file.bytes).digest('hex'));
  });

  it('writes the GBK sample layout in GBK, "|"-separated, amounts in fen; the created date is the envelope\'s', async () => {
    const file = await atClock('2031-07-07T12:00:00Z', () => renderBankFile(gbkLayout(), ENVELOPE, [line(4, { seq: 1, amountFen: 99 })], 'csv'));
    expect(file.bytes.includes(Buffer.from('阿依古丽', 'utf8'))).toBe(false);
    expect(file.bytes.includes(iconv.encode('阿依古丽·买买提', 'gbk'))).toBe(true);
    const text = iconv.decode(file.bytes, 'gbk');
    expect(records(text)).toEqual([
      'H|tefu-330402-2025-01-1|tefu|330402|2025-01|1|99|20250120',
      `D|1|${line(4).paymentId}|6217000000000000004|阿依古丽·买买提|B001|样例银行|99|计生特扶金2025年01月|2025-01`,
      'T|1|99',
    ]);
    expect(file.encoding).toBe('GBK');
    expect(file.fileName).toBe('330402_tefu_2025-01_tefu-330402-2025-01-1.csv');
  });

  it('is deterministic: the same inputs give the same bytes, whatever the clock', async () => {
    for (const layout of [utf8Layout(), gbkLayout()]) {
      const a = await atClock('2020-01-01T00:00:00Z', () => renderBankFile(layout, ENVELOPE, lines(50), 'csv'));
      const b = await atClock('2033-12-31T23:59:59Z', () => renderBankFile(layout, ENVELOPE, lines(50), 'csv'));
      expect(b.bytes.equals(a.bytes)).toBe(true);
      expect(b.sha256).toBe(a.sha256);
    }
  });

  it('header and trailer totals equal the lines (property, both layouts)', async () => {
    const amounts = fc.array(fc.integer({ min: 1, max: 10_000_000_00 }), { minLength: 0, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(amounts, fc.boolean(), async (fens, gbk) => {
        const layout = gbk ? gbkLayout() : utf8Layout();
        const input = fens.map((amountFen, i) => line(i + 1, { amountFen }));
        const file = await renderBankFile(layout, ENVELOPE, input, 'csv');
        const text = gbk ? iconv.decode(file.bytes, 'gbk') : file.bytes.toString('utf8');
        const rows = records(text).map((r) => r.split(layout.separator));
        const header = rows[0];
        const trailer = rows[rows.length - 1];
        const details = rows.slice(1, -1);
        const amountAt = layout.detail.fields.indexOf('amount');
        const sum = details.reduce((s, r) => s + (parseAmount(r[amountAt], layout.amountFormat) ?? Number.NaN), 0);
        const expected = fens.reduce((s, f) => s + f, 0);
        expect(details).toHaveLength(fens.length);
        expect(sum).toBe(expected);
        expect(file.totalFen).toBe(expected);
        expect(Number(header[layout.header.fields.indexOf('lineCount')])).toBe(fens.length);
        expect(parseAmount(header[layout.header.fields.indexOf('totalAmount')], layout.amountFormat)).toBe(expected);
        expect(Number(trailer[layout.trailer.fields.indexOf('lineCount')])).toBe(fens.length);
        expect(parseAmount(trailer[layout.trailer.fields.indexOf('totalAmount')], layout.amountFormat)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('an empty envelope is a header and a trailer with zero totals', async () => {
    const file = await renderBankFile(utf8Layout(), ENVELOPE, [], 'csv');
    expect(records(file.bytes.toString('utf8'))).toEqual(['H,tefu-330402-2025-01-1,tefu,330402,2025-01,0,0.00,2025-01-20', 'T,0,0.00']);
  });

  it('refuses, never mangles: separator, quote, line break, characters outside GBK — every problem listed', async () => {
    const input: BankFileLine[] = [
      line(1, { holderName: '张,三' }),
      line(2),
      line(3, { summary: '特扶"金"' }),
      line(4, { holderName: '李\n四' }),
      line(5, { holderName: '𠮷祥' }),
    ];
    const utf8 = await refusal(renderBankFile(utf8Layout(), ENVELOPE, input, 'csv'));
    expect(utf8.error.status).toBe(422);
    expect(utf8.error.messageZh).toMatch(/银行文件/);
    expect(utf8.issues.map((i) => [i.seq, i.field, i.problem])).toEqual([
      [1, 'holderName', 'separator'],
      [3, 'summary', 'quote'],
      [4, 'holderName', 'line-break'],
    ]);

    const gbk = await refusal(renderBankFile(gbkLayout(), ENVELOPE, input, 'csv'));
    // ',' is no separator in the '|' layout; U+20BB7 𠮷 is not in GBK
    expect(gbk.issues.map((i) => [i.seq, i.field, i.problem])).toEqual([
      [3, 'summary', 'quote'],
      [4, 'holderName', 'line-break'],
      [5, 'holderName', 'encoding'],
    ]);
    expect(gbk.issues[2].message).toContain('U+20BB7');
    expect(gbk.issues[2].paymentId).toBe(line(5).paymentId);
  });

  it('refuses bad amounts, numbering, missing values and a payment listed twice', async () => {
    const input = [
      line(1, { amountFen: 0 }),
      line(2, { amountFen: 12.5 }),
      line(4),
      line(4, { paymentId: line(1).paymentId }),
      line(5, { accountNumber: '' }),
    ];
    const { issues } = await refusal(renderBankFile(utf8Layout(), ENVELOPE, input, 'csv'));
    expect(issues.map((i) => [i.seq, i.problem])).toEqual([
      [1, 'amount'],
      [2, 'amount'],
      [4, 'seq'],
      [4, 'duplicate-payment'],
      [5, 'missing'],
    ]);
  });

  it('refuses an envelope with a bad date or a value the file name cannot hold', async () => {
    const { issues } = await refusal(renderBankFile(utf8Layout(), { ...ENVELOPE, preparedOn: '2025-02-30', envelopeId: 'tefu 1' }, [line(1)], 'csv'));
    expect(issues.map((i) => [i.seq, i.field])).toEqual([
      [null, 'preparedOn'],
      [null, 'fileName'],
    ]);
    const early = await refusal(renderBankFile(utf8Layout(), { ...ENVELOPE, preparedOn: '1979-12-31' }, [line(1)], 'xlsx'));
    expect(early.issues.map((i) => i.message)).toEqual(['a zip file (xlsx) holds dates from 1980 to 2107 only']);
  });

  it('renders 100,000 lines quickly', async () => {
    const many = lines(100_000);
    for (const layout of [utf8Layout(), gbkLayout()]) {
      const started = performance.now();
      const file = await renderBankFile(layout, ENVELOPE, many, 'csv');
      const ms = performance.now() - started;
      expect(file.lineCount).toBe(100_000);
      // well under 1 s standalone; the bound is loose because tests share a loaded 2-core machine (see docs)
      expect(ms).toBeLessThan(40_000);
    }
  }, 90_000);
});

describe('花名册 (xlsx)', () => {
  it('holds a title row, the Chinese column labels, the lines as text and a total row', async () => {
    const layout = utf8Layout();
    const file = await renderBankFile(layout, ENVELOPE, [line(1, { amountFen: 123456 }), line(2, { amountFen: 100 })], 'xlsx');
    expect(file).toMatchObject({ format: 'xlsx', encoding: 'UTF-8', lineCount: 2, totalFen: 123556, fileName: 'tefu-330402-2025-01-1_sample-csv-utf8_20250120.xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('发放花名册')!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(String(row(1)[0])).toContain('tefu-330402-2025-01-1');
    expect(String(row(1)[0])).toContain('样例');
    expect(row(2)).toEqual(['序号', '户名', '账号', '开户行代码', '开户行名称', '金额（元）', '摘要', '待遇期间', '发放记录编号']);
    expect(row(3)).toEqual([1, line(1).holderName, '6217000000000000001', 'B001', '样例银行', '1234.56', '计生特扶金2025年01月', '2025-01', line(1).paymentId]);
    expect(row(5)[0]).toBe('合计');
    expect(row(5)[5]).toBe('1235.56');
    expect(workbook.created.toISOString()).toBe('2025-01-20T00:00:00.000Z');
  });

  it('a number amount cell (GBK sample layout) holds the exact decimal', async () => {
    const file = await renderBankFile(gbkLayout(), ENVELOPE, [line(1, { amountFen: 123456 }), line(2, { amountFen: 1 })], 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('花名册')!;
    expect(sheet.getRow(3).getCell(5).value).toBe(1234.56);
    expect(sheet.getRow(5).getCell(5).value).toBe(1234.57);
    expect(sheet.getRow(5).getCell(5).numFmt).toBe('0.00');
  });

  it('is deterministic: the same bytes under different clocks (document dates and zip entry dates fixed)', async () => {
    const layout = utf8Layout();
    const many = lines(3000); // several 64 KiB chunks of the streamed sheet
    const a = await atClock('2020-03-04T05:06:08Z', () => renderBankFile(layout, ENVELOPE, many, 'xlsx'));
    const b = await atClock('2034-11-12T13:14:16Z', () => renderBankFile(layout, ENVELOPE, many, 'xlsx'));
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have a 2-second resolution
    const c = await renderBankFile(layout, ENVELOPE, many, 'xlsx');
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(c.bytes.equals(a.bytes)).toBe(true);
    expect(c.sha256).toBe(a.sha256);

    // and the fix is needed: exceljs alone stamps the clock into the file
    const plain = async () => {
      const chunks: Buffer[] = [];
      const stream = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
      workbook.created = workbook.modified = new Date('2025-01-20T00:00:00Z');
      workbook.addWorksheet('x').addRow(['a']).commit();
      await workbook.commit();
      return Buffer.concat(chunks);
    };
    const p1 = await atClock('2020-03-04T05:06:08Z', plain);
    const p2 = await atClock('2034-11-12T13:14:16Z', plain);
    expect(p1.equals(p2)).toBe(false);
  }, 60_000);

  it('refuses a control character (xlsx cannot hold it) but accepts what GBK cannot encode (xlsx is Unicode)', async () => {
    const { issues } = await refusal(renderBankFile(gbkLayout(), ENVELOPE, [line(1, { holderName: '张\u0007三' })], 'xlsx'));
    expect(issues.map((i) => i.problem)).toEqual(['control-character']);
    const file = await renderBankFile(gbkLayout(), ENVELOPE, [line(1, { holderName: '𠮷祥' })], 'xlsx');
    expect(file.lineCount).toBe(1);
  });
});
