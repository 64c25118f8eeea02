import { createHash } from 'crypto';
import * as ExcelJS from 'exceljs';
import { Writable } from 'stream';
import { BankFileErrors } from './bank-file.errors';
import { encodeText, unrepresentableChars, isRepresentable } from './bank-file.encoding';
import { formatDate, formatFen, isIsoDate } from './bank-file.format';
import type { BankFileLayout, DetailField, HeaderField, TrailerField } from './layout';

/**
 * The bank file (代发文件, CSV-like text) or the 花名册 workbook (xlsx) of one envelope: a pure function
 * of the layout, the envelope and its lines. The same inputs give the same bytes — nothing is read from
 * the clock; the created date is the envelope's `preparedOn`, and in the xlsx every timestamp (document
 * properties and zip entries) is set from it. A line that cannot be written exactly is refused, never
 * mangled: the whole file is refused with `BANK_FILE_LINE_INVALID` listing every problem.
 */

export interface BankFileEnvelope {
  envelopeId: string;
  benefit: string;
  divisionCode: string;
  /** The run period (`yyyy-mm` or `yyyy`). */
  period: string;
  /** `yyyy-mm-dd`: the envelope's preparation date, written as the file's created date. */
  preparedOn: string;
}

export interface BankFileLine {
  /** 1, 2, 3 … in file order. */
  seq: number;
  paymentId: string;
  accountNumber: string;
  holderName: string;
  bankCode: string;
  bankName?: string;
  /** The amount the bank pays, integer fen, > 0. */
  amountFen: number;
  /** 摘要 / 用途, e.g. 特扶金2025年01月. */
  summary: string;
  /** The benefit period the line pays. */
  period: string;
}

export type BankFileFormat = 'csv' | 'xlsx';

export interface RenderedBankFile {
  bytes: Buffer;
  /** SHA-256 of `bytes`, lowercase hex. */
  sha256: string;
  lineCount: number;
  totalFen: number;
  fileName: string;
  layoutId: string;
  encoding: 'UTF-8' | 'GBK';
  format: BankFileFormat;
}

/** One reason a line (or, with `seq: null`, the envelope) cannot be written. */
export interface BankFileLineIssue {
  seq: number | null;
  paymentId?: string;
  field: string;
  problem: 'missing' | 'separator' | 'quote' | 'line-break' | 'control-character' | 'encoding' | 'amount' | 'seq' | 'duplicate-payment' | 'format';
  message: string;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NONE: never[] = [];
const SUSPECT = new Map<string, RegExp>();
/** Any character a CSV value of this layout may not hold (one regex, the fast path for clean values). */
function suspectFor(layout: BankFileLayout): RegExp {
  let regex = SUSPECT.get(layout.separator);
  if (!regex) {
    const sep = layout.separator === '\t' ? '' : layout.separator.replace(/[|\\^\]-]/g, '\\$&');
    regex = new RegExp(`[\\u0000-\\u001f\\u007f\\u2028\\u2029"${sep}\\uD800-\\uDFFF]`);
    SUSPECT.set(layout.separator, regex);
  }
  return regex;
}
const SAFE_FILE_NAME = /^[A-Za-z0-9._-]{1,200}$/;

type TextField = 'paymentId' | 'accountNumber' | 'holderName' | 'bankCode' | 'bankName' | 'summary' | 'period';
const TEXT_FIELDS: readonly TextField[] = ['paymentId', 'accountNumber', 'holderName', 'bankCode', 'bankName', 'summary', 'period'];

/** Checks one text value for what the format cannot carry. */
function textProblems(
  value: string,
  format: BankFileFormat,
  layout: BankFileLayout,
): { problem: BankFileLineIssue['problem']; message: string }[] {
  if (format === 'csv' && !suspectFor(layout).test(value) && isRepresentable(value, layout.encoding)) return NONE;
  const problems: { problem: BankFileLineIssue['problem']; message: string }[] = [];
  if (LINE_BREAK.test(value)) problems.push({ problem: 'line-break', message: 'contains a line break' });
  if (CONTROL.test(value)) problems.push({ problem: 'control-character', message: 'contains a control character' });
  if (format === 'csv') {
    if (value.includes(layout.separator)) problems.push({ problem: 'separator', message: `contains the separator "${layout.separator}"` });
    if (value.includes('"')) problems.push({ problem: 'quote', message: 'contains a double quote' });
    if (!isRepresentable(value, layout.encoding)) {
      problems.push({
        problem: 'encoding',
        message: `contains characters ${layout.encoding} cannot represent: ${unrepresentableChars(value, layout.encoding)
          .map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
          .join(' ')}`,
      });
    }
  } else if (LONE_SURROGATE.test(value)) {
    problems.push({ problem: 'encoding', message: 'contains a lone surrogate (not valid Unicode text)' });
  }
  return problems;
}

/** The fields the chosen format writes (the layout's detail fields for csv, its xlsx columns for xlsx). */
function writtenFields(layout: BankFileLayout, format: BankFileFormat): ReadonlySet<string> {
  return new Set<string>(format === 'csv' ? layout.detail.fields : layout.xlsx.columns.map((c) => c.field));
}

/** Every problem of the envelope and the lines, in line order; empty when the file can be written. */
export function checkBankFileInput(layout: BankFileLayout, envelope: BankFileEnvelope, lines: readonly BankFileLine[], format: BankFileFormat): BankFileLineIssue[] {
  const issues: BankFileLineIssue[] = [];
  const envelopeFields: [keyof BankFileEnvelope, string][] = [
    ['envelopeId', envelope.envelopeId],
    ['benefit', envelope.benefit],
    ['divisionCode', envelope.divisionCode],
    ['period', envelope.period],
  ];
  for (const [field, value] of envelopeFields) {
    if (typeof value !== 'string' || value === '') issues.push({ seq: null, field, problem: 'missing', message: `envelope ${field} is empty` });
    else for (const p of textProblems(value, format, layout)) issues.push({ seq: null, field, ...p, message: `envelope ${field} ${p.message}` });
  }
  if (!isIsoDate(envelope.preparedOn)) issues.push({ seq: null, field: 'preparedOn', problem: 'format', message: 'envelope preparedOn is not a date yyyy-mm-dd' });
  else if (format === 'xlsx' && (envelope.preparedOn < '1980-01-01' || envelope.preparedOn > '2107-12-31'))
    issues.push({ seq: null, field: 'preparedOn', problem: 'format', message: 'a zip file (xlsx) holds dates from 1980 to 2107 only' });

  const written = writtenFields(layout, format);
  const required = new Set<string>(['paymentId', 'accountNumber', 'holderName', 'period', ...(written.has('bankCode') ? ['bankCode'] : [])]);
  const firstSeen = new Map<string, number>();
  let totalFen = 0;
  lines.forEach((line, index) => {
    const at = { seq: typeof line.seq === 'number' ? line.seq : null, paymentId: line.paymentId };
    if (line.seq !== index + 1) issues.push({ ...at, field: 'seq', problem: 'seq', message: `seq must be ${index + 1} (lines are numbered 1, 2, 3 … in file order)` });
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen <= 0) {
      issues.push({ ...at, field: 'amountFen', problem: 'amount', message: `amountFen must be a positive integer number of fen, got ${String(line.amountFen)}` });
    } else {
      totalFen += line.amountFen;
    }
    for (const field of TEXT_FIELDS) {
      const value = line[field];
      if (value === undefined || value === '') {
        if (required.has(field)) issues.push({ ...at, field, problem: 'missing', message: `${field} is empty` });
        continue;
      }
      if (typeof value !== 'string') {
        issues.push({ ...at, field, problem: 'format', message: `${field} is not text` });
        continue;
      }
      if (!written.has(field) && field !== 'paymentId') continue;
      for (const p of textProblems(value, format, layout)) issues.push({ ...at, field, ...p, message: `${field} ${p.message}` });
    }
    const first = firstSeen.get(line.paymentId);
    if (first !== undefined) issues.push({ ...at, field: 'paymentId', problem: 'duplicate-payment', message: `the payment is already line ${first}` });
    else firstSeen.set(line.paymentId, index + 1);
  });
  if (!Number.isSafeInteger(totalFen)) issues.push({ seq: null, field: 'totalFen', problem: 'amount', message: 'the total is too large' });
  return issues;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function headerValue(field: HeaderField, layout: BankFileLayout, envelope: BankFileEnvelope, lineCount: number, totalFen: number): string {
  switch (field) {
    case 'recordType':
      return layout.header.recordType;
    case 'envelopeId':
      return envelope.envelopeId;
    case 'benefit':
      return envelope.benefit;
    case 'divisionCode':
      return envelope.divisionCode;
    case 'period':
      return envelope.period;
    case 'lineCount':
      return String(lineCount);
    case 'totalAmount':
      return formatFen(totalFen, layout.amountFormat);
    case 'createdDate':
      return formatDate(envelope.preparedOn, layout.dateFormat);
  }
}

function detailAccessor(field: DetailField, layout: BankFileLayout): (line: BankFileLine) => string {
  switch (field) {
    case 'recordType': {
      const recordType = layout.detail.recordType ?? '';
      return () => recordType;
    }
    case 'seq':
      return (line) => String(line.seq);
    case 'amount':
      return (line) => formatFen(line.amountFen, layout.amountFormat);
    case 'bankName':
      return (line) => line.bankName ?? '';
    default:
      return (line) => line[field];
  }
}

function trailerValue(field: TrailerField, layout: BankFileLayout, lineCount: number, totalFen: number): string {
  if (field === 'recordType') return layout.trailer.recordType;
  if (field === 'lineCount') return String(lineCount);
  return formatFen(totalFen, layout.amountFormat);
}

/** The text of the CSV bank file (header, one record per line, trailer; every record ends with the line ending). */
export function bankFileText(layout: BankFileLayout, envelope: BankFileEnvelope, lines: readonly BankFileLine[], totalFen: number): string {
  const eol = layout.lineEnding === 'CRLF' ? '\r\n' : '\n';
  const sep = layout.separator;
  const records: string[] = new Array(lines.length + 2);
  records[0] = layout.header.fields.map((f) => headerValue(f, layout, envelope, lines.length, totalFen)).join(sep);
  const values = layout.detail.fields.map((field) => detailAccessor(field, layout));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let record = values[0](line);
    for (let f = 1; f < values.length; f++) record += sep + values[f](line);
    records[i + 1] = record;
  }
  records[lines.length + 1] = layout.trailer.fields.map((f) => trailerValue(f, layout, lines.length, totalFen)).join(sep);
  return records.join(eol) + eol;
}

/** Zip DOS date of a yyyy-mm-dd (time 00:00:00). */
function dosDate(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return ((y - 1980) << 9) | (m << 5) | d;
}

/**
 * Sets the modification date and time of every entry of a zip (local headers and central directory) —
 * the zip library stamps entries with the current time, the only thing that makes two renders differ.
 */
export function fixZipTimestamps(zip: Buffer, date: number, time = 0): Buffer {
  const out = Buffer.from(zip);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('not a zip file: bad central directory entry');
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('not a zip file: bad local header');
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

async function workbookBytes(layout: BankFileLayout, envelope: BankFileEnvelope, lines: readonly BankFileLine[], totalFen: number, placeholders: Record<string, string>): Promise<Buffer> {
  const x = layout.xlsx;
  const stamp = new Date(`${envelope.preparedOn}T00:00:00Z`);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // the streaming writer: rows go out as they are added (about 5 times faster than the in-memory
  // workbook for large envelopes); strings are written inline, never as formulas
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  workbook.creator = 'benefits';
  workbook.lastModifiedBy = 'benefits';
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet(x.sheetName);
  sheet.columns = x.columns.map((c) => ({
    key: c.field,
    width: c.width ?? 16,
    ...(c.field === 'amount' && x.amountCell === 'number' ? { style: { numFmt: '0.00' } } : {}),
  }));
  sheet.addRow([fill(x.title, placeholders)]).commit();
  sheet.addRow(x.columns.map((c) => c.label)).commit();
  const amount = (fen: number): string | number => {
    const text = formatFen(fen, 'yuan-2dp');
    // a number cell holds the decimal text exactly: Number('1234.56') prints back as '1234.56'
    return x.amountCell === 'text' ? text : Number(text);
  };
  const values = x.columns.map((c): ((line: BankFileLine) => string | number) => {
    switch (c.field) {
      case 'seq':
        return (line) => line.seq;
      case 'amount':
        return (line) => amount(line.amountFen);
      case 'bankName':
        return (line) => line.bankName ?? '';
      default:
        return (line) => line[c.field as Exclude<DetailField, 'recordType' | 'seq' | 'amount' | 'bankName'>];
    }
  });
  // account numbers and ids stay text: they are strings here, never numbers
  for (const line of lines) sheet.addRow(values.map((value) => value(line))).commit();
  const total = x.columns.map((c, i) => (c.field === 'amount' ? amount(totalFen) : i === 0 ? x.totalLabel : ''));
  sheet.addRow(total).commit();
  sheet.commit();
  await workbook.commit();
  await new Promise<void>((resolve, reject) => (sink.writableFinished ? resolve() : sink.once('finish', resolve).once('error', reject)));
  return fixZipTimestamps(Buffer.concat(chunks), dosDate(envelope.preparedOn));
}

/**
 * Renders the envelope's bank file. `csv`: the layout's text records in its encoding, separator and
 * line ending; `xlsx`: the 花名册 workbook (UTF-8 inside, as xlsx requires). Refuses with
 * `BANK_FILE_LINE_INVALID` (details.issues) rather than write anything inexact.
 */
export async function renderBankFile(
  layout: BankFileLayout,
  envelope: BankFileEnvelope,
  lines: readonly BankFileLine[],
  format: BankFileFormat,
): Promise<RenderedBankFile> {
  const issues = checkBankFileInput(layout, envelope, lines, format);
  const placeholders = {
    envelopeId: envelope.envelopeId,
    layoutId: layout.id,
    benefit: envelope.benefit,
    divisionCode: envelope.divisionCode,
    period: envelope.period,
    preparedOn: isIsoDate(envelope.preparedOn) ? envelope.preparedOn.replace(/-/g, '') : '',
    ext: format,
  };
  const fileName = fill(layout.fileName, placeholders);
  if (!SAFE_FILE_NAME.test(fileName)) issues.push({ seq: null, field: 'fileName', problem: 'format', message: `the file name "${fileName}" would contain characters other than letters, digits, . _ -` });
  if (issues.length > 0) {
    throw BankFileErrors.BANK_FILE_LINE_INVALID({ layoutId: layout.id, envelopeId: envelope.envelopeId, format, issueCount: issues.length, issues });
  }
  let totalFen = 0;
  for (const line of lines) totalFen += line.amountFen;
  const bytes =
    format === 'csv'
      ? encodeText(bankFileText(layout, envelope, lines, totalFen), layout.encoding)
      : await workbookBytes(layout, envelope, lines, totalFen, {
          ...placeholders,
          preparedOn: envelope.preparedOn,
          lineCount: String(lines.length),
          totalAmount: formatFen(totalFen, 'yuan-2dp'),
        });
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    lineCount: lines.length,
    totalFen,
    fileName,
    layoutId: layout.id,
    encoding: format === 'csv' ? layout.encoding : 'UTF-8',
    format,
  };
}
