import * as ExcelJS from 'exceljs';
import { createReconciliation } from './reconciliation';
import { fenToYuan, reconciliationCsv, reconciliationXlsx, type ReconciliationMeta } from './reconciliation.export';
import { ledgerDoc, SAMPLE_SHARES, workedExample } from './reconciliation.fixtures';

const meta: ReconciliationMeta = { title: '低保 330402 2025年3月 发放对账单', subject: 'dibao-330402-2025-03-1', generatedAt: '2025-04-02T01:30:00.000Z', sample: true };

function exampleReport(extra: Parameters<typeof ledgerDoc>[] = []) {
  const acc = createReconciliation({ sharesFor: (doc) => (doc.divisionCode === '330402' ? SAMPLE_SHARES : null) });
  acc.addPage(workedExample());
  for (const args of extra) acc.add(ledgerDoc(...args));
  return acc.report();
}

/** Runs fn with the clock at another instant: the bytes must not change. */
async function atClock<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ now: new Date(iso), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask'] });
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

describe('reconciliation exports', () => {
  it('formats fen as yuan exactly', () => {
    expect([0, 5, -5, 100, 12_345, -123_456, 1_000_000_000_007].map(fenToYuan)).toEqual(['0.00', '0.05', '-0.05', '1.00', '123.45', '-1234.56', '10000000000.07']);
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
  });

  describe('CSV', () => {
    const csv = reconciliationCsv(exampleReport([['p-out', { divisionCode: '330411', fen: 301 }], ['=cmd|x', { status: 'sent', fen: 1 }], ['p-q', { status: 'failed', fen: 2, failure: { reason: 'OTHER', bankReason: '户名"张三", 不符' } }]]), meta);
    const text = csv.subarray(3).toString('utf8');
    const rows = text.split('\r\n');

    it('starts with a UTF-8 BOM and uses CRLF', () => {
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    });

    it('has a heading and the sections with Chinese headers', () => {
      expect(rows.slice(0, 5)).toEqual(['对账单,低保 330402 2025年3月 发放对账单', '对账对象,dibao-330402-2025-03-1', '生成时间,2025-04-02T01:30:00.000Z', '是否平衡,平衡', '说明,样例数据，非正式数据']);
      for (const title of ['一、汇总', '二、勾稽关系（差额须为零）', '三、差异明细', '四、资金来源（净入账按分担比例）', '五、未分配明细（须发布分担比例）']) expect(rows).toContain(title);
      expect(rows).toContain('项目,代码,笔数,金额（分）,金额（元）');
      expect(rows).toContain('应发,due,12,622650,6226.50');
      expect(rows).toContain('净入账,netSettled,4,220302,2203.02');
      expect(rows).toContain('类别,发放记录编号,发放类型,状态,金额（分）,金额（元）,原因,关联发放记录');
      expect(rows).toContain('中央,central,110001,1100.01');
      expect(rows).toContain('未分配（未发布分担比例）,unallocated,301,3.01');
      expect(rows).toContain('dibao,330411,2025-03,1,301,3.01');
      expect(rows.find((r) => r.startsWith('due,'))).toBe('due,应发 = 抵扣追缴 + 未入发放批次 + 暂停发放 + 已取消 + 已入发放批次,金额（分）,622650,622650,0,平衡');
    });

    it('quotes what needs quoting and defuses formulas in text', () => {
      const line = rows.find((r) => r.includes('cmd|x'))!;
      expect(line.startsWith("待银行回盘,'=cmd|x,")).toBe(true);
      expect(rows.find((r) => r.includes(',p-q,'))).toBe('失败或退回未重发,p-q,正常发放,失败,2,0.02,"银行失败 failed: OTHER (户名""张三"", 不符); 未重发 not reissued",');
      expect(rows.find((r) => r.includes(',payment-C,'))).toBe('失败或退回已重发,payment-C,正常发放,失败,80000,800.00,银行失败 failed: ACCOUNT_CLOSED (账户已销户); 已重发 reissued as payment-C-fu1,payment-C-fu1');
    });

    it('is a pure function of report and meta', () => {
      expect(reconciliationCsv(exampleReport(), meta).equals(reconciliationCsv(exampleReport(), meta))).toBe(true);
    });
  });

  describe('xlsx', () => {
    it('gives the same bytes for the same report, whatever the clock', async () => {
      const report = exampleReport([['p-out', { divisionCode: '330411', fen: 301 }]]);
      const a = await atClock('2030-01-01T00:00:00Z', () => reconciliationXlsx(report, meta));
      const b = await atClock('2031-07-15T13:14:15Z', () => reconciliationXlsx(report, meta));
      expect(a.equals(b)).toBe(true);
      expect(a.subarray(0, 2).toString()).toBe('PK');
      const other = await reconciliationXlsx(report, { ...meta, generatedAt: '2025-04-03T00:00:00.000Z' });
      expect(other.equals(a)).toBe(false);
    });

    it('holds the summary, the differences and the funding sources', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await reconciliationXlsx(exampleReport(), meta)) as never);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '差异明细', '资金来源']);
      expect(workbook.created.toISOString()).toBe(meta.generatedAt);
      const values = (name: string) => {
        const out: unknown[][] = [];
        workbook.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
        return out;
      };
      const summary = values('汇总');
      expect(summary).toContainEqual(['应发', 'due', 9, 622_346, 6223.46]);
      expect(summary).toContainEqual(['是否平衡', '平衡']);
      const differences = values('差异明细');
      expect(differences[1]).toEqual(['类别', '发放记录编号', '发放类型', '状态', '金额（分）', '金额（元）', '原因', '关联发放记录']);
      expect(differences).toHaveLength(2 + 8);
      expect(values('资金来源')).toContainEqual(['中央', 'central', 110_001, 1100.01]);
      expect(workbook.getWorksheet('汇总')!.getRow(9).getCell(5).numFmt).toBe('0.00');
    });
  });
});
