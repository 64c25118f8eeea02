import * as ExcelJS from 'exceljs';
import { FUNDING_SOURCES, type FundingSource } from '../funding/allocate';
import type { LedgerKind, LedgerStatus } from '../ledger/ledger.types';
import { fixZipTimestamps } from '../bank-files/bank-file.writer';
import { AMOUNT_LINES, type AmountLine, type DifferenceBucket, type ReconciliationReport } from './reconciliation';

/**
 * The reconciliation report as files for finance: a CSV (UTF-8 with BOM, so Excel opens it as
 * UTF-8; CRLF line ends) and an xlsx workbook. Both are pure functions of the report and the meta:
 * the same input gives the same bytes (the xlsx's document dates and zip entry times are set from
 * `meta.generatedAt`, never the clock). Amounts are written as integer fen and as yuan.
 */
export interface ReconciliationMeta {
  /** Heading, e.g. "低保 330402 2025年3月 发放对账单". */
  title: string;
  /** What was reconciled: an envelope id, or benefit|division and period. */
  subject: string;
  /** ISO 8601 instant of generation, given by the caller (the only date in the files). */
  generatedAt: string;
  /** Marks a report over sample data (样例数据). */
  sample?: boolean;
}

export const LINE_LABELS: Record<AmountLine, string> = {
  due: '应发',
  netted: '抵扣追缴',
  created: '未入发放批次',
  held: '暂停发放',
  cancelled: '已取消',
  enveloped: '已入发放批次',
  notSent: '未报送银行',
  sent: '已报送银行',
  pending: '待银行回盘',
  settled: '银行已入账',
  failed: '银行发放失败',
  reversed: '入账后退回',
  netSettled: '净入账',
  reissued: '已重新发放',
  notReissued: '未重新发放',
  outstanding: '尚未发放',
  recoveryDue: '应追缴',
  recoveryNetted: '追缴已抵扣',
  recoveryOpen: '追缴未抵扣',
  inconsistent: '数据不一致',
};

export const BUCKET_LABELS: Record<DifferenceBucket, string> = {
  inconsistent: '数据不一致',
  notReissued: '失败或退回未重发',
  reissued: '失败或退回已重发',
  pending: '待银行回盘',
  notSent: '未报送银行',
  held: '暂停发放',
  created: '未入发放批次',
  cancelled: '已取消',
  netted: '抵扣追缴',
  recoveryOpen: '追缴未抵扣',
};

export const FUNDING_SOURCE_LABELS: Record<FundingSource | 'unallocated', string> = {
  central: '中央',
  provincial: '省级',
  city: '市级',
  county: '县级',
  unallocated: '未分配（未发布分担比例）',
};

const KIND_LABELS: Record<LedgerKind, string> = { regular: '正常发放', arrears: '补发', recovery: '追缴', instalment: '分期发放', 'follow-up': '重新发放' };
const STATUS_LABELS: Record<LedgerStatus, string> = {
  created: '已生成',
  held: '暂停',
  cancelled: '已取消',
  enveloped: '已入批次',
  sent: '已报送',
  settled: '已入账',
  failed: '失败',
  reversed: '已退回',
  netted: '已抵扣',
};
const UNIT_LABELS = { count: '笔数', fen: '金额（分）' } as const;

/** Integer fen as yuan text with two decimals, exactly ("-0.05", "1234.56"). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer number of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A check's formula with the Chinese names of its lines. */
function formulaZh(formula: string): string {
  const names: Record<string, string> = { ...LINE_LABELS, ...FUNDING_SOURCE_LABELS, unallocated: '未分配' };
  return formula.replace(/[A-Za-z]+/g, (token) => names[token] ?? token);
}

type Cell = string | number;
type Section = { title: string; header: string[]; rows: Cell[][] };

function sections(report: ReconciliationReport): Section[] {
  const out: Section[] = [
    {
      title: '一、汇总',
      header: ['项目', '代码', '笔数', '金额（分）', '金额（元）'],
      rows: AMOUNT_LINES.map((line) => [LINE_LABELS[line], line, report.lines[line].count, report.lines[line].fen, fenToYuan(report.lines[line].fen)]),
    },
    {
      title: '二、勾稽关系（差额须为零）',
      header: ['校验项', '公式', '单位', '左边', '右边', '差额', '结果'],
      rows: report.checks.map((c) => [c.name, formulaZh(c.formula), UNIT_LABELS[c.unit], c.left, c.right, c.difference, c.difference === 0 ? '平衡' : '不平衡']),
    },
    {
      title: '三、差异明细',
      header: ['类别', '发放记录编号', '发放类型', '状态', '金额（分）', '金额（元）', '原因', '关联发放记录'],
      rows: report.differences.map((d) => [BUCKET_LABELS[d.bucket], d.paymentStreamId, KIND_LABELS[d.kind] ?? d.kind, STATUS_LABELS[d.status] ?? d.status, d.fen, fenToYuan(d.fen), d.reason, d.followUp ?? '']),
    },
    {
      title: '四、资金来源（净入账按分担比例）',
      header: ['资金来源', '代码', '金额（分）', '金额（元）'],
      rows: [...FUNDING_SOURCES, 'unallocated' as const].map((s) => [FUNDING_SOURCE_LABELS[s], s, report.byFundingSource[s], fenToYuan(report.byFundingSource[s])]),
    },
  ];
  if (report.unallocated.length > 0) {
    out.push({
      title: '五、未分配明细（须发布分担比例）',
      header: ['待遇类别', '区划代码', '期间', '笔数', '金额（分）', '金额（元）'],
      rows: report.unallocated.map((u) => [u.benefit, u.divisionCode, u.runPeriod, u.count, u.fen, fenToYuan(u.fen)]),
    });
  }
  return out;
}

function heading(report: ReconciliationReport, meta: ReconciliationMeta): Cell[][] {
  return [
    ['对账单', meta.title],
    ['对账对象', meta.subject],
    ['生成时间', meta.generatedAt],
    ['是否平衡', report.balanced ? '平衡' : '不平衡'],
    ...(meta.sample ? [['说明', '样例数据，非正式数据']] : []),
  ];
}

/** A CSV field: numbers as they are; text quoted when needed, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
function csvField(value: Cell): string {
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as CSV: UTF-8 with BOM, CRLF, a heading then one section each for the summary, the checks, the differences and the funding sources. */
export function reconciliationCsv(report: ReconciliationReport, meta: ReconciliationMeta): Buffer {
  const rows: Cell[][] = [...heading(report, meta)];
  for (const section of sections(report)) {
    rows.push([], [section.title], section.header, ...section.rows);
  }
  const text = rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** The report as an xlsx workbook: sheets 汇总 (heading, summary, checks), 差异明细, 资金来源. Same input, same bytes. */
export async function reconciliationXlsx(report: ReconciliationReport, meta: ReconciliationMeta): Promise<Buffer> {
  const stamp = new Date(meta.generatedAt);
  if (Number.isNaN(stamp.getTime())) throw new RangeError(`generatedAt is not an ISO instant: ${meta.generatedAt}`);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'benefits';
  workbook.lastModifiedBy = 'benefits';
  workbook.created = stamp;
  workbook.modified = stamp;
  workbook.lastPrinted = stamp;
  const [summary, checks, differences, funding, unallocated] = sections(report);

  const addSection = (sheet: ExcelJS.Worksheet, section: Section, yuanColumns: number[]) => {
    sheet.addRow([section.title]).font = { bold: true };
    sheet.addRow(section.header).font = { bold: true };
    for (const row of section.rows) {
      // yuan as a number cell shown with two decimals (Number('1234.56') prints back exactly); fen stays the integer of record
      const added = sheet.addRow(row.map((cell, i) => (yuanColumns.includes(i) && typeof cell === 'string' ? Number(cell) : cell)));
      for (const i of yuanColumns) added.getCell(i + 1).numFmt = '0.00';
    }
  };

  const first = workbook.addWorksheet('汇总');
  for (const row of heading(report, meta)) first.addRow(row);
  first.addRow([]);
  addSection(first, summary, [4]);
  first.addRow([]);
  addSection(first, checks, []);
  first.columns.forEach((column, i) => (column.width = [22, 60, 10, 16, 16, 12, 10][i] ?? 14));

  const second = workbook.addWorksheet('差异明细');
  addSection(second, differences, [5]);
  second.columns.forEach((column, i) => (column.width = [18, 48, 10, 10, 14, 14, 60, 48][i] ?? 14));

  const third = workbook.addWorksheet('资金来源');
  addSection(third, funding, [3]);
  if (unallocated) {
    third.addRow([]);
    addSection(third, unallocated, [5]);
  }
  third.columns.forEach((column, i) => (column.width = [26, 14, 16, 16, 16, 16][i] ?? 14));

  const zip = Buffer.from(await workbook.xlsx.writeBuffer());
  return fixZipTimestamps(zip, dosDate(stamp), dosTime(stamp));
}

/** Zip (DOS) date and time of an instant, in UTC. */
function dosDate(d: Date): number {
  return ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
}
function dosTime(d: Date): number {
  return (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
}
