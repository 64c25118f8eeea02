import { defineError } from '@benefits/kernel';
import { z } from 'zod';

/**
 * 临时救助 band tables (parameter `linshi.band-table`): where a standard delegates the 临时救助
 * amount to the county (or higher) government (嘉兴, 瓯海), the government's table is published as a
 * dated parameter with its document. Nothing here holds an official table; tests and demos use
 * tables labelled sample data.
 */

export interface BandTableMoney {
  fen: number;
}

/**
 * One expenditure band: up to `upTo` (inclusive; null = open, the last band), either a rate in
 * basis points on the part of E inside the band (marginal, like 北京's bands), or a fixed amount
 * granted when E falls in the band. A group's bands are all rates or all amounts.
 */
export interface BandTableBand {
  upTo: BandTableMoney | null;
  rateBp?: number;
  amount?: BandTableMoney;
}

export type BandTableCap = { monthsOfB: number } | { amount: BandTableMoney };

/** 支出型 for one group: `g1` 低保、低收入家庭、特困人员; `g2` 其它救助对象. */
export interface BandTableGroup {
  /** E must reach the floor (inclusive) for any aid. */
  floor: BandTableMoney;
  /** Ascending; the first band starts at 0 (rates) or at the floor (amounts); the last is open. */
  bands: BandTableBand[];
  /** Most granted per household: a number of months of B (the decision month's) or an amount. */
  cap?: BandTableCap;
}

export interface BandTableValue {
  /** The publisher's name for the table, e.g. 「330402-linshi-2025」; shown in every trace. */
  tableId: string;
  /** The table's own edition as the document states it (e.g. 「2025年修订」); null when none. */
  version: string | null;
  zhichu: { g1: BandTableGroup; g2: BandTableGroup };
  /** 急难型: at most this many months of B per household member; absent when the document is silent. */
  jinan?: { monthsOfBPerPerson: number };
}

/** Stable codes of what can be wrong with a table (`details.issues[].code`). */
export type BandTableIssueCode =
  | 'SHAPE'
  | 'TABLE_ID_MISSING'
  | 'GROUP_MISSING'
  | 'NO_BANDS'
  | 'AMOUNT_INVALID'
  | 'BAND_NEEDS_RATE_OR_AMOUNT'
  | 'BAND_KINDS_MIXED'
  | 'RATE_OUT_OF_RANGE'
  | 'BANDS_NOT_ASCENDING'
  | 'LAST_BAND_NOT_OPEN'
  | 'FIRST_BAND_NOT_ABOVE_FLOOR'
  | 'CAP_NOT_POSITIVE'
  | 'JINAN_MONTHS_INVALID';

export interface BandTableIssue {
  path: string;
  code: BandTableIssueCode;
  message: string;
}

export const BandTableErrors = {
  BAND_TABLE_INVALID: defineError(
    'BAND_TABLE_INVALID',
    400,
    '临时救助标准表不符合要求（分组、分档、比例或金额、上限）；details.issues 列出每一处问题',
    'the 临时救助 band table is invalid (groups, bands, rates or amounts, caps); details.issues lists each problem',
  ),
  BAND_TABLE_SOURCE_INCOMPLETE: defineError(
    'BAND_TABLE_SOURCE_INCOMPLETE',
    400,
    '公布临时救助标准表须注明来源文件的文号、标题和发文机关',
    'a band table is published with the 文号, title and issuing body of its source document',
  ),
};

const MAX_FEN = 1_000_000_000_000;
const MAX_MONTHS = 120;

const MoneyShape = z.object({ fen: z.number() }).strict();
const BandShape = z.object({ upTo: MoneyShape.nullable(), rateBp: z.number().optional(), amount: MoneyShape.optional() }).strict();
const CapShape = z.union([z.object({ monthsOfB: z.number() }).strict(), z.object({ amount: MoneyShape }).strict()]);
const GroupShape = z.object({ floor: MoneyShape, bands: z.array(BandShape), cap: CapShape.optional() }).strict();

type Issue = (path: (string | number)[], code: BandTableIssueCode, message: string) => void;

const validFen = (m: { fen: number }) => Number.isSafeInteger(m.fen) && m.fen >= 0 && m.fen <= MAX_FEN;

function checkGroup(group: z.infer<typeof GroupShape>, at: (string | number)[], issue: Issue): void {
  if (!validFen(group.floor)) issue([...at, 'floor'], 'AMOUNT_INVALID', 'money is a non-negative integer number of fen');
  const bands = group.bands;
  if (bands.length === 0) {
    issue([...at, 'bands'], 'NO_BANDS', 'a group needs at least one band');
    return;
  }
  const kinds = new Set<string>();
  bands.forEach((band, i) => {
    const path = [...at, 'bands', i];
    const hasRate = band.rateBp !== undefined;
    const hasAmount = band.amount !== undefined;
    if (hasRate === hasAmount) issue(path, 'BAND_NEEDS_RATE_OR_AMOUNT', 'each band gives either rateBp or amount');
    if (hasRate) {
      kinds.add('rate');
      if (!Number.isInteger(band.rateBp) || band.rateBp! < 0 || band.rateBp! > 10_000) {
        issue([...path, 'rateBp'], 'RATE_OUT_OF_RANGE', 'rateBp is a whole number of basis points from 0 to 10000 (0%–100%)');
      }
    }
    if (hasAmount) {
      kinds.add('amount');
      if (!validFen(band.amount!)) issue([...path, 'amount'], 'AMOUNT_INVALID', 'money is a non-negative integer number of fen');
    }
    if (band.upTo !== null && !validFen(band.upTo)) issue([...path, 'upTo'], 'AMOUNT_INVALID', 'money is a non-negative integer number of fen');
    const last = i === bands.length - 1;
    if (last && band.upTo !== null) issue([...path, 'upTo'], 'LAST_BAND_NOT_OPEN', 'the last band is open-ended (upTo: null)');
    if (!last && band.upTo === null) issue([...path, 'upTo'], 'LAST_BAND_NOT_OPEN', 'only the last band is open-ended');
    const previous = i > 0 ? bands[i - 1].upTo : null;
    if (i > 0 && band.upTo !== null && previous !== null && band.upTo.fen <= previous.fen) {
      issue([...path, 'upTo'], 'BANDS_NOT_ASCENDING', 'band limits ascend strictly');
    }
  });
  if (kinds.size > 1) issue([...at, 'bands'], 'BAND_KINDS_MIXED', "a group's bands are all rates or all fixed amounts");
  const first = bands[0].upTo;
  if (first !== null && first.fen <= group.floor.fen) {
    issue([...at, 'bands', 0, 'upTo'], 'FIRST_BAND_NOT_ABOVE_FLOOR', 'the first band ends above the floor');
  }
  const cap = group.cap;
  if (cap && 'monthsOfB' in cap && (!Number.isInteger(cap.monthsOfB) || cap.monthsOfB < 1 || cap.monthsOfB > MAX_MONTHS)) {
    issue([...at, 'cap', 'monthsOfB'], 'CAP_NOT_POSITIVE', `a cap in months of B is a whole number from 1 to ${MAX_MONTHS}`);
  }
  if (cap && 'amount' in cap && (!validFen(cap.amount) || cap.amount.fen === 0)) {
    issue([...at, 'cap', 'amount'], 'CAP_NOT_POSITIVE', 'a cap amount is a positive integer number of fen');
  }
}

/** The table as published: strict shape (no unknown fields), then the rules above with stable codes. */
export const BandTableValueSchema = z
  .object({
    tableId: z.string(),
    version: z.string().nullable(),
    zhichu: z.object({ g1: GroupShape.optional(), g2: GroupShape.optional() }).strict(),
    jinan: z.object({ monthsOfBPerPerson: z.number() }).strict().optional(),
  })
  .strict()
  .superRefine((table, ctx) => {
    const issue: Issue = (path, code, message) => ctx.addIssue({ code: 'custom', path, message, params: { code } });
    if (table.tableId.trim().length === 0 || table.tableId.length > 100) issue(['tableId'], 'TABLE_ID_MISSING', 'tableId is 1–100 characters');
    for (const g of ['g1', 'g2'] as const) {
      const group = table.zhichu[g];
      if (!group) issue(['zhichu', g], 'GROUP_MISSING', `支出型 needs both groups: ${g} is missing`);
      else checkGroup(group, ['zhichu', g], issue);
    }
    const months = table.jinan?.monthsOfBPerPerson;
    if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS)) {
      issue(['jinan', 'monthsOfBPerPerson'], 'JINAN_MONTHS_INVALID', `急难型 months of B per person is a whole number from 1 to ${MAX_MONTHS}`);
    }
  });

/** Validates a band table; refuses with BAND_TABLE_INVALID listing every issue (path, code, message). */
export function checkBandTable(value: unknown): BandTableValue {
  const parsed = BandTableValueSchema.safeParse(value);
  if (!parsed.success) {
    const issues: BandTableIssue[] = parsed.error.issues.map((i) => {
      const code: unknown = i.code === 'custom' ? i.params?.code : undefined;
      return { path: i.path.join('.'), code: typeof code === 'string' ? (code as BandTableIssueCode) : 'SHAPE', message: i.message };
    });
    throw BandTableErrors.BAND_TABLE_INVALID({ issues });
  }
  const t = parsed.data;
  const group = (g: z.infer<typeof GroupShape>): BandTableGroup => ({
    floor: { fen: g.floor.fen },
    bands: g.bands.map((b) => ({
      upTo: b.upTo ? { fen: b.upTo.fen } : null,
      ...(b.rateBp !== undefined ? { rateBp: b.rateBp } : {}),
      ...(b.amount !== undefined ? { amount: { fen: b.amount.fen } } : {}),
    })),
    ...(g.cap ? { cap: 'monthsOfB' in g.cap ? { monthsOfB: g.cap.monthsOfB } : { amount: { fen: g.cap.amount.fen } } } : {}),
  });
  return {
    tableId: t.tableId,
    version: t.version,
    zhichu: { g1: group(t.zhichu.g1!), g2: group(t.zhichu.g2!) },
    ...(t.jinan ? { jinan: { monthsOfBPerPerson: t.jinan.monthsOfBPerPerson } } : {}),
  };
}

/** A band table's document must be named in full: 文号, title and the issuing body (发文机关). */
export function checkBandTableSource(source: { docNo: string; title: string | null; issuer?: string | null }): void {
  const missing = [
    source.docNo.trim() ? null : 'docNo',
    source.title && source.title.trim() ? null : 'title',
    source.issuer && source.issuer.trim() ? null : 'issuer',
  ].filter((f): f is string => f !== null);
  if (missing.length > 0) throw BandTableErrors.BAND_TABLE_SOURCE_INCOMPLETE({ missing });
}

/** The sample label tests and demos use for their made-up tables (never an official one). */
export const SAMPLE_BAND_TABLE_SOURCE = { docNo: '示例数据（非官方）', title: '示例临时救助标准表（非官方）', issuer: '示例数据（非官方）' } as const;
