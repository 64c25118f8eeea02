import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDomainError } from '@benefits/kernel';
import { BankFileLayoutSchema, layoutById, layoutsDir, loadLayouts, type BankFileLayout } from './layout';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('bank-file layouts', () => {
  let dir: string;
  const shipped = () => loadLayouts(path.resolve(__dirname, '..', '..', 'layouts'));
  const copy = (): BankFileLayout => JSON.parse(JSON.stringify(shipped().get('sample-csv-utf8')));
  const write = (file: string, value: unknown) => fs.writeFileSync(path.join(dir, file), typeof value === 'string' ? value : JSON.stringify(value));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layouts-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.BENEFITS_BANK_LAYOUTS_DIR;
  });

  it('ships two sample layouts, labelled as sample data (no real bank layout is claimed)', () => {
    const layouts = shipped();
    expect([...layouts.keys()]).toEqual(['sample-csv-utf8', 'sample-pipe-gbk']);
    for (const layout of layouts.values()) {
      expect(layout.sample).toBe(true);
      expect(layout.label).toMatch(/样例/);
      expect(layout.label).toMatch(/SAMPLE/);
    }
    expect(layouts.get('sample-csv-utf8')).toMatchObject({ encoding: 'UTF-8', separator: ',', amountFormat: 'yuan-2dp' });
    expect(layouts.get('sample-pipe-gbk')).toMatchObject({ encoding: 'GBK', separator: '|', amountFormat: 'fen' });
  });

  it('finds the shipped folder from the source file, and BENEFITS_BANK_LAYOUTS_DIR overrides it', () => {
    expect(layoutById('sample-pipe-gbk').id).toBe('sample-pipe-gbk');
    const own = { ...copy(), id: 'county-bank-a', label: 'a county bank (test)', sample: false };
    write('county-bank-a.json', own);
    process.env.BENEFITS_BANK_LAYOUTS_DIR = dir;
    expect(layoutsDir()).toBe(dir);
    expect([...loadLayouts().keys()]).toEqual(['county-bank-a']);
    expect(layoutById('county-bank-a').sample).toBe(false);
  });

  it('an unknown id is BANK_LAYOUT_NOT_FOUND', () => {
    const error = caught(() => layoutById('no-such-layout'));
    expect(isDomainError(error, 'BANK_LAYOUT_NOT_FOUND')).toBe(true);
  });

  it('an invalid layout file is BANK_LAYOUT_INVALID naming the file (not its path) and each zod issue', () => {
    const bad = copy() as unknown as Record<string, unknown>;
    bad.encoding = 'Big5';
    bad.separator = '#';
    (bad.header as { fields: string[] }).fields = ['envelopeId', 'recordType'];
    write('sample-csv-utf8.json', bad);
    const error = caught(() => loadLayouts(dir));
    expect(isDomainError(error, 'BANK_LAYOUT_INVALID')).toBe(true);
    const details = (error as { details: { file: string; issues: { path: string; message: string }[] } }).details;
    expect(details.file).toBe('sample-csv-utf8.json');
    expect(JSON.stringify(details)).not.toContain(dir);
    const paths = details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['encoding', 'separator', 'header.fields.1']));
  });

  it('refuses a file that is not JSON, and a file not named after its id', () => {
    write('broken.json', '{ "id": ');
    expect((caught(() => loadLayouts(dir)) as { details: { file: string } }).details.file).toBe('broken.json');
    fs.rmSync(path.join(dir, 'broken.json'));
    write('other-name.json', copy());
    const error = caught(() => loadLayouts(dir)) as { code: string; details: { issues: { message: string }[] } };
    expect(error.code).toBe('BANK_LAYOUT_INVALID');
    expect(error.details.issues[0].message).toMatch(/sample-csv-utf8\.json/);
  });

  it('checks the rules across fields', () => {
    const issues = (mutate: (l: BankFileLayout) => void) => {
      const l = copy();
      mutate(l);
      const result = BankFileLayoutSchema.safeParse(l);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(issues(() => undefined)).toEqual([]);
    expect(issues((l) => (l.trailer.recordType = 'H'))).toContain('header, detail and trailer record types must differ');
    expect(issues((l) => (l.detail.fields = l.detail.fields.filter((f) => f !== 'amount')))).toContain('the detail must hold amount');
    expect(issues((l) => (l.return.statusCodes = { S: 'settled', F: 'failed' }))).toContain('no status code maps to reversed');
    expect(issues((l) => (l.fileName = '{envelopeId}-{secret}.{ext}'))).toEqual([expect.stringMatching(/placeholders/)]);
    expect(issues((l) => ((l as { fieldPolicy: string }).fieldPolicy = 'quote'))).toHaveLength(1);
    expect(
      issues((l) => {
        l.return.detail.fields = l.return.detail.fields.filter((f) => f !== 'failureCode');
      }),
    ).toContain('without a failureCode column, each failure code must be a status code mapped to failed');
    expect(issues((l) => (l.return.failureCodes.E05 = 'STOLEN' as never))).toHaveLength(1);
  });
});
