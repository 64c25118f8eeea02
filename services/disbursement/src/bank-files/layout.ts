import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { FAILURE_REASONS } from '../ledger/ledger.types';
import { BankFileErrors } from './bank-file.errors';

/**
 * A bank-file layout is data: one JSON file per layout in `services/disbursement/layouts/`, checked by
 * `BankFileLayoutSchema`. It says how the bank file (代发文件 / 花名册) is written and how the bank's
 * return file (回盘文件) is read. Field by field: docs/bank-file-layouts.md.
 */

const RECORD_TYPE = z.string().regex(/^[A-Za-z0-9]{1,4}$/, '1 to 4 letters or digits');

/** Fields of the header record of the bank file. */
export const HEADER_FIELDS = ['recordType', 'envelopeId', 'benefit', 'divisionCode', 'period', 'lineCount', 'totalAmount', 'createdDate'] as const;
/** Fields of a detail record of the bank file. */
export const DETAIL_FIELDS = ['recordType', 'seq', 'paymentId', 'accountNumber', 'holderName', 'bankCode', 'bankName', 'amount', 'summary', 'period'] as const;
/** Fields of the trailer record of the bank file. */
export const TRAILER_FIELDS = ['recordType', 'lineCount', 'totalAmount'] as const;
/** Fields of the return file's header; `filler` is a column that is read and ignored. */
export const RETURN_HEADER_FIELDS = ['recordType', 'envelopeId', 'lineCount', 'totalAmount', 'createdDate', 'filler'] as const;
/** Fields of a return detail record. */
export const RETURN_DETAIL_FIELDS = [
  'recordType',
  'seq',
  'paymentId',
  'accountNumber',
  'holderName',
  'amount',
  'statusCode',
  'failureCode',
  'bankRef',
  'valueDate',
  'bankReason',
  'filler',
] as const;
export const RETURN_TRAILER_FIELDS = ['recordType', 'lineCount', 'totalAmount', 'filler'] as const;

export type HeaderField = (typeof HEADER_FIELDS)[number];
export type DetailField = (typeof DETAIL_FIELDS)[number];
export type TrailerField = (typeof TRAILER_FIELDS)[number];
export type ReturnHeaderField = (typeof RETURN_HEADER_FIELDS)[number];
export type ReturnDetailField = (typeof RETURN_DETAIL_FIELDS)[number];
export type ReturnTrailerField = (typeof RETURN_TRAILER_FIELDS)[number];

/** `recordType`, when present, must be the first field (it is how a line is recognised); no field twice except `filler`. */
function fieldList<T extends readonly [string, ...string[]]>(names: T) {
  return z
    .array(z.enum(names))
    .min(1)
    .superRefine((fields, ctx) => {
      const seen = new Set<string>();
      fields.forEach((field, i) => {
        if (field !== 'filler' && seen.has(field)) ctx.addIssue({ code: 'custom', path: [i], message: `field "${field}" is listed twice` });
        seen.add(field);
        if (field === 'recordType' && i !== 0) ctx.addIssue({ code: 'custom', path: [i], message: 'recordType must be the first field' });
      });
    });
}

const RecordSchema = <T extends readonly [string, ...string[]]>(names: T) =>
  z.object({ recordType: RECORD_TYPE, fields: fieldList(names) }).strict();

const STATUSES = ['settled', 'failed', 'reversed'] as const;
const BANK_CODE = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'a bank code: 1 to 16 letters, digits, _ or -');

const FILE_NAME_PLACEHOLDERS = ['envelopeId', 'layoutId', 'benefit', 'divisionCode', 'period', 'preparedOn', 'ext'] as const;

export const BankFileLayoutSchema = z
  .object({
    /** Also the file name: `<id>.json`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'lowercase letters, digits and -, 2 to 64'),
    label: z.string().min(1).max(200),
    /** True for a documented sample layout that is no real bank's; shown as 样例 in the UI. */
    sample: z.boolean(),
    encoding: z.enum(['UTF-8', 'GBK']),
    separator: z.enum([',', '|', '\t', ';']),
    lineEnding: z.enum(['CRLF', 'LF']),
    /** `yuan-2dp`: 1234.56; `fen`: 123456. Always formatted from integer fen. */
    amountFormat: z.enum(['yuan-2dp', 'fen']),
    /** How dates (created date, value date) are written: 2025-01-31 or 20250131. */
    dateFormat: z.enum(['yyyy-mm-dd', 'yyyymmdd']),
    /**
     * What happens to a value containing the separator, a double quote, a line break or another
     * control character: `refuse` — the whole file is refused, naming each such line. (Quoting is not
     * offered: bank loaders differ in how they read quotes.)
     */
    fieldPolicy: z.literal('refuse'),
    /** Placeholders {envelopeId} {layoutId} {benefit} {divisionCode} {period} {preparedOn} {ext}. */
    fileName: z
      .string()
      .regex(/^[A-Za-z0-9._{}-]{1,120}$/, 'letters, digits, . _ - and {placeholders}')
      .refine((s) => [...s.matchAll(/\{([^}]*)\}/g)].every((m) => (FILE_NAME_PLACEHOLDERS as readonly string[]).includes(m[1])), {
        message: `placeholders are ${FILE_NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
      }),
    header: RecordSchema(HEADER_FIELDS),
    detail: z.object({ recordType: RECORD_TYPE.optional(), fields: fieldList(DETAIL_FIELDS) }).strict(),
    trailer: RecordSchema(TRAILER_FIELDS),
    /** The 花名册 workbook: one sheet, a title row, a row of column labels, the lines, a total row. */
    xlsx: z
      .object({
        sheetName: z.string().min(1).max(31),
        /** Placeholders as in `fileName` (without {ext}). */
        title: z.string().min(1).max(200),
        columns: z
          .array(
            z
              .object({
                field: z.enum(['seq', 'paymentId', 'accountNumber', 'holderName', 'bankCode', 'bankName', 'amount', 'summary', 'period']),
                label: z.string().min(1).max(40),
                width: z.number().int().min(4).max(80).optional(),
              })
              .strict(),
          )
          .min(1),
        /** `text`: the amount as text, formatted like the CSV (no float anywhere); `number`: a number cell with format 0.00. */
        amountCell: z.enum(['text', 'number']),
        totalLabel: z.string().min(1).max(20),
      })
      .strict(),
    /** How the bank's return file (回盘文件) is read: same encoding, separator and formats as above. */
    return: z
      .object({
        header: RecordSchema(RETURN_HEADER_FIELDS),
        detail: z.object({ recordType: RECORD_TYPE.optional(), fields: fieldList(RETURN_DETAIL_FIELDS) }).strict(),
        trailer: RecordSchema(RETURN_TRAILER_FIELDS),
        /** The bank's status code → our status. */
        statusCodes: z.record(BANK_CODE, z.enum(STATUSES)),
        /**
         * The bank's failure code → our FailureReason. Read from the `failureCode` column when the
         * detail has one, else from the status code itself. A failed line whose code is not listed
         * becomes OTHER, keeping the bank's text.
         */
        failureCodes: z.record(BANK_CODE, z.enum(FAILURE_REASONS)),
      })
      .strict(),
  })
  .strict()
  .superRefine((layout, ctx) => {
    const types = [layout.header.recordType, layout.trailer.recordType, layout.detail.recordType].filter((t) => t !== undefined);
    if (new Set(types).size !== types.length) ctx.addIssue({ code: 'custom', path: ['trailer', 'recordType'], message: 'header, detail and trailer record types must differ' });
    if (layout.detail.fields.includes('recordType') !== (layout.detail.recordType !== undefined))
      ctx.addIssue({ code: 'custom', path: ['detail'], message: 'detail.recordType is set exactly when the fields list recordType' });
    for (const [key, record] of [['header', layout.header], ['trailer', layout.trailer], ['return', layout.return.header], ['return', layout.return.trailer]] as const) {
      if (record.fields[0] !== 'recordType') ctx.addIssue({ code: 'custom', path: [key, 'fields'], message: 'a header or trailer starts with recordType' });
    }
    for (const required of ['seq', 'paymentId', 'accountNumber', 'holderName', 'amount'] as const) {
      if (!layout.detail.fields.includes(required)) ctx.addIssue({ code: 'custom', path: ['detail', 'fields'], message: `the detail must hold ${required}` });
    }
    for (const required of ['lineCount', 'totalAmount'] as const) {
      if (!layout.trailer.fields.includes(required)) ctx.addIssue({ code: 'custom', path: ['trailer', 'fields'], message: `the trailer must hold ${required}` });
      if (!layout.return.trailer.fields.includes(required))
        ctx.addIssue({ code: 'custom', path: ['return', 'trailer', 'fields'], message: `the return trailer must hold ${required}` });
    }
    const ret = layout.return;
    const rtypes = [ret.header.recordType, ret.trailer.recordType, ret.detail.recordType].filter((t) => t !== undefined);
    if (new Set(rtypes).size !== rtypes.length) ctx.addIssue({ code: 'custom', path: ['return'], message: 'return header, detail and trailer record types must differ' });
    if (ret.detail.fields.includes('recordType') !== (ret.detail.recordType !== undefined))
      ctx.addIssue({ code: 'custom', path: ['return', 'detail'], message: 'return.detail.recordType is set exactly when the fields list recordType' });
    for (const required of ['paymentId', 'amount', 'statusCode', 'bankRef', 'valueDate'] as const) {
      if (!ret.detail.fields.includes(required)) ctx.addIssue({ code: 'custom', path: ['return', 'detail', 'fields'], message: `the return detail must hold ${required}` });
    }
    if (!ret.header.fields.includes('envelopeId')) ctx.addIssue({ code: 'custom', path: ['return', 'header', 'fields'], message: 'the return header must hold envelopeId' });
    for (const status of STATUSES) {
      if (!Object.values(ret.statusCodes).includes(status))
        ctx.addIssue({ code: 'custom', path: ['return', 'statusCodes'], message: `no status code maps to ${status}` });
    }
    if (!ret.detail.fields.includes('failureCode')) {
      for (const code of Object.keys(ret.failureCodes)) {
        if (ret.statusCodes[code] !== 'failed')
          ctx.addIssue({ code: 'custom', path: ['return', 'failureCodes', code], message: 'without a failureCode column, each failure code must be a status code mapped to failed' });
      }
    }
  });

export type BankFileLayout = z.infer<typeof BankFileLayoutSchema>;

/** The layouts folder shipped with the service; `BENEFITS_BANK_LAYOUTS_DIR` points elsewhere. */
export function layoutsDir(): string {
  return process.env.BENEFITS_BANK_LAYOUTS_DIR || path.resolve(__dirname, '..', '..', 'layouts');
}

/** Checks one layout object; `file` names it in the error (a file name, never a path). */
export function parseLayout(value: unknown, file: string): BankFileLayout {
  const result = BankFileLayoutSchema.safeParse(value);
  if (!result.success) {
    throw BankFileErrors.BANK_LAYOUT_INVALID({
      file,
      issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    });
  }
  return result.data;
}

/**
 * Reads every `*.json` of the folder (sorted by name), checks each and returns them by id. A file that
 * is not JSON or not a valid layout, or whose name is not `<id>.json`, is a `BANK_LAYOUT_INVALID` naming
 * the file and the problems (so two files cannot hold the same id).
 */
export function loadLayouts(dir: string = layoutsDir()): ReadonlyMap<string, BankFileLayout> {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const layouts = new Map<string, BankFileLayout>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw BankFileErrors.BANK_LAYOUT_INVALID({ file, issues: [{ path: '', message: `not JSON: ${(error as Error).message}` }] });
    }
    const layout = parseLayout(raw, file);
    if (file !== `${layout.id}.json`) {
      throw BankFileErrors.BANK_LAYOUT_INVALID({ file, issues: [{ path: 'id', message: `the file of layout "${layout.id}" must be named ${layout.id}.json` }] });
    }
    layouts.set(layout.id, layout);
  }
  return layouts;
}

/** One layout by id, read from the layouts folder (`BANK_LAYOUT_NOT_FOUND` if there is none). */
export function layoutById(id: string, dir: string = layoutsDir()): BankFileLayout {
  const layout = loadLayouts(dir).get(id);
  if (!layout) throw BankFileErrors.BANK_LAYOUT_NOT_FOUND({ layoutId: id });
  return layout;
}
