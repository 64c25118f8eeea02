import * as ExcelJS from 'exceljs';
import type { EventEnvelope } from '@benefits/kernel';
import { isSealedPersonalData, maskResidentId, type OpenedPersonalData, type PersonalDataAccess, type PersonalDataVault, type SealedPersonalData } from '@benefits/identity';

/** Where a sealed record sits in the packaged events. */
export interface SealedSource {
  streamId: string;
  revision: number;
  eventType: string;
  /** JSON path inside the event's data, e.g. `members[0].personalData`. */
  path: string;
  sealed: SealedPersonalData;
}

/** Every sealed personal record in these events' data, in stream and revision order. */
export function sealedRecordsOf(streams: readonly { streamId: string; events: readonly EventEnvelope[] }[]): SealedSource[] {
  const found: SealedSource[] = [];
  const walk = (value: unknown, path: string, event: EventEnvelope) => {
    if (isSealedPersonalData(value)) {
      found.push({ streamId: event.streamId, revision: event.streamRevision, eventType: event.type, path, sealed: value });
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, event));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, path === '' ? key : `${path}.${key}`, event);
    }
  };
  for (const stream of streams) for (const event of stream.events) walk(event.data, '', event);
  return found;
}

/**
 * How the people of a package are shown. The package leaves the system (an auditor's file, a
 * referral to 纪检): it carries what identifies the person to a reader who has the file, and no
 * more. Name and holder name in full; 身份证号 as the first 6 and last 4 characters; bank account
 * and phone as their last 4 digits; every other field (address, …) is not exported — only its
 * name is listed, so the reader knows the vault holds it. Erased persons (key destroyed) show
 * "已删除 / erased" and nothing else.
 */
export const PEOPLE_MASKING =
  'name and holderName in full; residentId first 6 + last 4; accountNumber and phone last 4 digits; bankCode/bankName/cardType as recorded; other fields not exported (names listed)';

const CLEAR_FIELDS = ['name', 'holderName', 'bankCode', 'bankName', 'cardType'] as const;
const lastFour = (value: string) => `${'*'.repeat(Math.max(value.length - 4, 0))}${value.slice(-4)}`;

export interface PersonRow {
  personRef: string;
  erased: boolean;
  name: string | null;
  residentIdMasked: string | null;
  phoneMasked: string | null;
  accountMasked: string | null;
  holderName: string | null;
  bankCode: string | null;
  bankName: string | null;
  cardType: string | null;
  otherFields: string[];
  /** Records the vault could not open (unknown person, malformed or tampered ciphertext), with the error code. */
  unreadable: string[];
  /** `streamId@revision` of each record of this person, in order. */
  sources: string[];
}

/**
 * Opens every record with one `openMany` (logged by the vault as reads with the caller's access,
 * purpose `evidence-export`) and folds each person's records in stream/revision order: a later
 * record's field wins.
 */
export async function peopleOf(records: readonly SealedSource[], vault: Pick<PersonalDataVault, 'openMany'>, access: PersonalDataAccess): Promise<PersonRow[]> {
  if (records.length === 0) return [];
  const opened = await openAll(records, vault, access);
  const people = new Map<string, PersonRow>();
  records.forEach((record, i) => {
    const ref = record.sealed.personRef.toLowerCase();
    let row = people.get(ref);
    if (!row) {
      row = { personRef: ref, erased: false, name: null, residentIdMasked: null, phoneMasked: null, accountMasked: null, holderName: null, bankCode: null, bankName: null, cardType: null, otherFields: [], unreadable: [], sources: [] };
      people.set(ref, row);
    }
    row.sources.push(`${record.streamId}@${record.revision}`);
    const result = opened[i];
    if ('unreadable' in result) {
      row.unreadable.push(`${record.streamId}@${record.revision}: ${result.unreadable}`);
      return;
    }
    if (result.erased) {
      row.erased = true;
      return;
    }
    const f = result.fields;
    for (const key of CLEAR_FIELDS) if (f[key] !== undefined) row[key] = f[key];
    if (f.residentId !== undefined) row.residentIdMasked = maskResidentId(f.residentId);
    if (f.phone !== undefined) row.phoneMasked = lastFour(f.phone);
    if (f.accountNumber !== undefined) row.accountMasked = lastFour(f.accountNumber);
    for (const key of Object.keys(f)) {
      if (!(CLEAR_FIELDS as readonly string[]).includes(key) && !['residentId', 'phone', 'accountNumber'].includes(key) && !row.otherFields.includes(key)) row.otherFields.push(key);
    }
  });
  // An erased person shows nothing but the fact (records opened before the key was destroyed do not exist here: all were opened now).
  for (const row of people.values()) {
    if (row.erased) Object.assign(row, { name: null, residentIdMasked: null, phoneMasked: null, accountMasked: null, holderName: null, bankCode: null, bankName: null, cardType: null, otherFields: [] });
  }
  return [...people.values()];
}

const UNREADABLE = new Set(['PERSON_NOT_FOUND', 'SEALED_DATA_INVALID', 'VAULT_INTEGRITY_FAILURE']);

/**
 * One `openMany` for all records; if it fails on a record the vault cannot open, each record is
 * opened on its own so the others are still exported and the bad one is named (each read logged).
 */
async function openAll(
  records: readonly SealedSource[],
  vault: Pick<PersonalDataVault, 'openMany'>,
  access: PersonalDataAccess,
): Promise<(OpenedPersonalData | { unreadable: string })[]> {
  const code = (error: unknown) => (error as { code?: string } | null)?.code ?? '';
  try {
    return await vault.openMany(records.map((r) => r.sealed), access);
  } catch (error) {
    if (!UNREADABLE.has(code(error))) throw error;
  }
  const out: (OpenedPersonalData | { unreadable: string })[] = [];
  for (const record of records) {
    try {
      out.push((await vault.openMany([record.sealed], access))[0]);
    } catch (error) {
      if (!UNREADABLE.has(code(error))) throw error;
      out.push({ unreadable: code(error) });
    }
  }
  return out;
}

/** The workbook: sheet 人员 (one row per person) and 来源 (one row per sealed record: where it is in the events). */
export async function peopleWorkbook(people: readonly PersonRow[], records: readonly SealedSource[], meta: { title: string; createdAt: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const stamp = new Date(meta.createdAt);
  workbook.creator = 'benefits audit';
  workbook.lastModifiedBy = 'benefits audit';
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet('人员');
  sheet.addRow([meta.title]);
  sheet.addRow(['personRef', '姓名 name', '身份证号（脱敏）residentId masked', '电话（脱敏）phone masked', '账号（脱敏）account masked', '户名 holder', '银行代码 bank code', '银行 bank', '卡类型 card type', '已删除 erased', '其他字段（未导出）other fields (not exported)', '无法读取 unreadable', '出处 sources']);
  for (const p of people) {
    sheet.addRow([
      p.personRef,
      p.name ?? '',
      p.residentIdMasked ?? '',
      p.phoneMasked ?? '',
      p.accountMasked ?? '',
      p.holderName ?? '',
      p.bankCode ?? '',
      p.bankName ?? '',
      p.cardType ?? '',
      p.erased ? '已删除 / erased' : '',
      p.otherFields.join(', '),
      p.unreadable.join(' '),
      p.sources.join(' '),
    ]);
  }
  sheet.columns.forEach((column) => (column.width = 24));
  const sources = workbook.addWorksheet('来源');
  sources.addRow(['personRef', 'streamId', 'revision', 'eventType', 'path']);
  for (const r of records) sources.addRow([r.sealed.personRef.toLowerCase(), r.streamId, r.revision, r.eventType, r.path]);
  sources.columns.forEach((column) => (column.width = 30));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
