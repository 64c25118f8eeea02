import { parseHeading } from './headings';
import { compactMetaText } from './text';
import type { Division, DivisionLevel, DocumentMetadata, DocumentStatus, SourceLine, Stated } from './types';

/**
 * Document metadata is read only from the text outside the catalog (front matter and end matter),
 * except the division of a document that names none, which is inferred from the items and marked so.
 */
export interface MetadataInput {
  lines: SourceLine[];
  catalogStart: number;
  catalogEnd: number;
  leadUnits: string[];
}

type Meta = Omit<DocumentMetadata, 'sourceName' | 'layout' | 'lineCount'>;

const DOC_NO = /^[\u4e00-\u9fa5]{1,12}[〔［\[（(]\s*\d{4}\s*[〕］\]）)]\s*\d{1,4}\s*号$/;
const DATE_LINE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
const PRINTED = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发/;
const EFFECTIVE = /自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*(?:施行|执行|实施|生效)/;
const NOTICE = /关于.*的?通知$/;
const TITLE_WORDS = /(标准|清单)/;
const DRAFT = /(征求意见稿|送审稿|草案|讨论稿)/;
const ORGANISATION = /^[\u4e00-\u9fa5（）()]{2,40}(?:委员会|委|部|局|厅|馆|会|办公室|办公厅|政府|中心|院|署|办|处|所|团|联|社)$/;
const GOVERNMENT = /^([\u4e00-\u9fa5]{2,20}?(?:省|自治区|市|自治州|区|县|旗))人民政府(?:办公厅|办公室)?$/;
const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市']);

export function readMetadata(input: MetadataInput): Meta {
  // Read as published: spaced-out characters closed up, 「2023 年版」 as 「2023年版」, full-width digits.
  const outside = input.lines
    .filter((l) => l.text.trim() !== '' && (l.no < input.catalogStart || l.no >= input.catalogEnd))
    .map((l) => ({ no: l.no, text: compactMetaText(l.text) }));
  const front = outside.filter((l) => l.no < input.catalogStart);
  const title = findTitle(front);
  const noticeTitle = first(front, (t) => (NOTICE.test(t) ? t : null));
  const docNo = first(front, (t) => (DOC_NO.test(t) ? t : null));
  const signedDate = first(outside, (t) => isoDate(DATE_LINE.exec(t)));
  const printedDate = first(outside, (t) => isoDate(PRINTED.exec(t)));
  const effectiveDate = first(outside, (t) => isoDate(EFFECTIVE.exec(t)));
  return {
    title: title ?? titleFromNotice(noticeTitle),
    noticeTitle,
    docNo,
    issuers: findIssuers(outside, signedDate, noticeTitle),
    division: divisionFromTitle(title) ?? divisionFromGovernment(front) ?? divisionFromItems(input),
    version: findVersion(title),
    signedDate,
    printedDate,
    effectiveDate,
    status: findStatus(front, title, docNo, printedDate ?? signedDate),
  };
}

function first<T>(lines: SourceLine[], read: (text: string) => T | null): Stated<T> | null {
  for (const line of lines) {
    const value = read(line.text.trim());
    if (value !== null) return { value, inferred: false, line: line.no };
  }
  return null;
}

function isoDate(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/**
 * The standard's own title: the last stand-alone title line before the catalog (a covering notice
 * comes first), book-title marks removed. A title wrapped over lines is joined: inside 《…》 up to
 * the closing mark, otherwise with the directly following short line.
 */
function findTitle(front: SourceLine[]): Stated<string> | null {
  let found: Stated<string> | null = null;
  for (let i = 0; i < front.length; i++) {
    const { text, consumed } = joinTitleLines(front, i);
    if (isTitle(text)) {
      found = { value: text.replace(/^《|》$/g, ''), inferred: false, line: front[i].no };
      i += consumed;
    }
  }
  return found;
}

function joinTitleLines(front: SourceLine[], i: number): { text: string; consumed: number } {
  let text = front[i].text.trim();
  let consumed = 0;
  if (text.startsWith('《')) {
    while (!text.includes('》') && consumed < 3 && front[i + consumed + 1]) text += front[i + ++consumed].text.trim();
    return { text, consumed };
  }
  const next = front[i + 1];
  if (next && next.no === front[i].no + 1 && isTitleTail(next.text.trim())) return { text: text + next.text.trim(), consumed: 1 };
  return { text, consumed };
}

function isTitle(text: string): boolean {
  return (
    TITLE_WORDS.test(text) &&
    text.length >= 6 &&
    text.length <= 80 &&
    !/[。；：:，]/.test(text) &&
    !NOTICE.test(text) &&
    !text.includes('\t') &&
    parseHeading(text) === null
  );
}

function isTitleTail(text: string): boolean {
  return text.length > 0 && text.length <= 12 && !/[。；：:，\t]/.test(text) && parseHeading(text) === null && !DATE_LINE.test(text);
}

function titleFromNotice(notice: Stated<string> | null): Stated<string> | null {
  const m = notice ? /《([^》]+)》/.exec(notice.value) : null;
  if (!notice || !m) return null;
  return { value: m[1], inferred: true, line: notice.line, reason: 'taken from the title of the covering notice' };
}

/**
 * The departments that issued the notice: its signature block (organisation lines directly above
 * the signing date, several on one line when separated by wide spaces), otherwise the issuers named
 * at the head of the notice title (「示范市民政局 示范市财政局关于印发…的通知」). Nothing else in the
 * text (lead units of items, letterhead decoration) is read as an issuer.
 */
function findIssuers(outside: SourceLine[], signed: Stated<string> | null, notice: Stated<string> | null): Stated<string>[] {
  const issuers: Stated<string>[] = [];
  const index = signed ? outside.findIndex((l) => l.no === signed.line) : -1;
  for (let i = index - 1; i >= 0; i--) {
    const names = organisations(outside[i].text);
    if (!names) break;
    issuers.unshift(...names.map((value) => ({ value, inferred: false, line: outside[i].no })));
  }
  if (issuers.length > 0 || !notice) return issuers;
  const head = /^(.+?)关于/.exec(notice.value)?.[1];
  const names = head ? organisations(head, /[ \u3000、，,]+/) : null;
  return names ? names.map((value) => ({ value, inferred: false, line: notice.line })) : [];
}

function organisations(text: string, separator: RegExp = /[ \u3000]{2,}/): string[] | null {
  const names = text.trim().split(separator).filter(Boolean);
  if (names.length > 0 && names.every((n) => ORGANISATION.test(n))) return names;
  const bySpace = text.trim().split(/[ \u3000]+/);
  if (bySpace.length > 1 && bySpace.every((n) => ORGANISATION.test(n))) return bySpace;
  // One name with stray spaces inside.
  const joined = text.replace(/[ \u3000]+/g, '');
  return separator.source.includes('{2,}') && ORGANISATION.test(joined) && names.length > 1 ? [joined] : null;
}

function findVersion(title: Stated<string> | null): Stated<string> | null {
  if (!title) return null;
  const edition = /(\d{4})\s*年版/.exec(title.value);
  if (edition) return { value: `${edition[1]}年版`, inferred: false, line: title.line };
  const plan = /(十[一二三四五六七八九]五)/.exec(title.value);
  if (plan) return { value: plan[1], inferred: true, line: title.line, reason: 'five-year-plan period named in the title; no edition stated' };
  return null;
}

function findStatus(
  front: SourceLine[],
  title: Stated<string> | null,
  docNo: Stated<string> | null,
  issued: Stated<string> | null,
): Stated<DocumentStatus> | null {
  const draftLine = title && DRAFT.test(title.value) ? title.line : front.find((l) => DRAFT.test(l.text))?.no;
  if (draftLine !== undefined) return { value: 'draft', inferred: false, line: draftLine };
  if (docNo && issued) {
    return { value: 'final', inferred: true, line: docNo.line, reason: 'issued with a 文号 and a signing/printing date; no draft label' };
  }
  return null;
}

export function divisionLevel(name: string): DivisionLevel | null {
  if (MUNICIPALITIES.has(name) || /(省|自治区)$/.test(name)) return 'province';
  if (/(市|自治州|州|盟)$/.test(name)) return 'city';
  if (/区$/.test(name)) return 'district';
  if (/(县|旗)$/.test(name)) return 'county';
  return null;
}

function divisionFromTitle(title: Stated<string> | null): Stated<Division> | null {
  const prefix = title ? /^(.+?)基本公共服务/.exec(title.value)?.[1] : undefined;
  if (!title || !prefix || !/^(?:[\u4e00-\u9fa5]{1,7}?(?:省|自治区|市|自治州|区|县|旗))+$/.test(prefix)) return null;
  if (/(落实|关于|印发|实施)/.test(prefix)) return null;
  return { value: { name: prefix, level: divisionLevel(prefix) }, inferred: false, line: title.line };
}

function divisionFromGovernment(front: SourceLine[]): Stated<Division> | null {
  for (const line of front) {
    const name = GOVERNMENT.exec(line.text.trim())?.[1];
    if (name) {
      return { value: { name, level: divisionLevel(name) }, inferred: true, line: line.no, reason: 'named by the issuing government' };
    }
  }
  return null;
}

/**
 * A document that names no division: the level follows the lead units (区民政局 → district), the
 * name the first government of that level the items cite by full name.
 */
function divisionFromItems(input: MetadataInput): Stated<Division> | null {
  const level = leadUnitLevel(input.leadUnits);
  if (!level) return null;
  const suffix = level === 'district' ? '区' : level === 'county' ? '(?:县|旗)' : level === 'city' ? '市' : '(?:省|自治区)';
  const parent = level === 'district' || level === 'county' ? '[\\u4e00-\\u9fa5]{2,6}?市' : '';
  const re = new RegExp(`(?<=^|[《“（(\\s、，])(${parent}[\\u4e00-\\u9fa5]{2,6}?${suffix})人民政府`);
  for (const line of input.lines) {
    const name = re.exec(line.text.trim())?.[1];
    if (name && !name.includes('政府')) {
      return {
        value: { name, level },
        inferred: true,
        line: line.no,
        reason: `not stated; lead units are ${level}-level bodies and the items cite ${name}人民政府`,
      };
    }
  }
  return null;
}

function leadUnitLevel(leadUnits: string[]): DivisionLevel | null {
  const counts: Record<string, number> = {};
  for (const unit of leadUnits.flatMap((u) => u.split(/[、，,]/))) {
    const head = unit.trim().charAt(0);
    counts[head] = (counts[head] ?? 0) + 1;
  }
  const [top] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const byPrefix: Record<string, DivisionLevel> = { 区: 'district', 县: 'county', 市: 'city', 省: 'province' };
  return top ? byPrefix[top[0]] ?? null : null;
}
