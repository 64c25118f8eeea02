import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DocumentFormatError, extractDocumentText } from '../formats/extract';
import { StandardsParseError } from '../parser/errors';
import { parseStandardsDocument } from '../parser/parse-document';
import type { ParsedDocument, Stated } from '../parser/types';

/** Same shape as the other `benefits` commands: anything with `write`, e.g. process.stdout. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = [
  '用法 Usage: benefits standards parse <file> [--json]',
  '  解析基本公共服务标准（UTF-8 文本、带文字层的 PDF 或 .docx），输出元数据、服务项目、修复和警告。',
  '  Parses a public-service standards document (UTF-8 text, a PDF with a text layer or a .docx) into',
  '  metadata, service items, repairs and warnings.',
].join('\n');

/** Exit codes: 0 ok, 1 the document could not be read or parsed, 2 wrong usage. */
export async function standardsCommand(argv: string[], io: CommandIo): Promise<number> {
  const args = argv[0] === 'standards' ? argv.slice(1) : argv;
  const [sub, ...rest] = args;
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  if (sub !== 'parse' || files.length !== 1 || rest.some((a) => a.startsWith('--') && a !== '--json')) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = files[0];
  const text = await readText(file);
  if (typeof text !== 'string') {
    io.stderr.write(`错误 Error [${text.code}]: ${text.zh} / ${text.en}\n`);
    return 1;
  }
  try {
    const parsed = parseStandardsDocument(text, { sourceName: basename(file) });
    io.stdout.write(json ? `${JSON.stringify(parsed, null, 2)}\n` : summary(parsed));
    return 0;
  } catch (error) {
    if (!(error instanceof StandardsParseError)) throw error;
    io.stderr.write(`错误 Error [${error.code}]: ${error.messageZh} / ${error.messageEn} (${file})\n`);
    return 1;
  }
}

interface ReadFailure {
  code: string;
  zh: string;
  en: string;
}

async function readText(file: string): Promise<string | ReadFailure> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown';
    return { code: 'UNREADABLE_FILE', zh: `无法读取文件 ${file}（${reason}）。`, en: `Cannot read file ${file} (${reason}).` };
  }
  try {
    return (await extractDocumentText(bytes, { fileName: file })).text;
  } catch (error) {
    if (!(error instanceof DocumentFormatError)) throw error;
    return { code: error.code, zh: `${error.messageZh}（${file}）`, en: `${error.messageEn} (${file})` };
  }
}

const NOT_STATED = '—（文件未载明 not stated）';

function show<T>(s: Stated<T> | null, format: (v: T) => string = String): string {
  if (!s) return NOT_STATED;
  const inferred = s.inferred ? `，推断 inferred${s.reason ? `: ${s.reason}` : ''}` : '';
  return `${format(s.value)}（第 ${s.line} 行 line${inferred}）`;
}

function summary(parsed: ParsedDocument): string {
  const d = parsed.document;
  const lines = [
    `标题 Title: ${show(d.title)}`,
    `文号 Doc no.: ${show(d.docNo)}`,
    `发文机关 Issuers: ${d.issuers.length ? d.issuers.map((i) => i.value).join('、') : NOT_STATED}`,
    `行政区划 Division: ${show(d.division, (v) => `${v.name} (${v.level ?? 'unknown level'})`)}`,
    `版本 Version: ${show(d.version)}`,
    `状态 Status: ${show(d.status)}`,
    `成文日期 Signed: ${show(d.signedDate)}`,
    `施行日期 Effective: ${show(d.effectiveDate)}`,
    `版式 Layout: ${d.layout}`,
    `服务项目 Items: ${parsed.items.length}`,
    '按类别 By category:',
    ...countByCategory(parsed).map(([category, n]) => `  ${category}: ${n}`),
    `修复 Repairs: ${parsed.repairs.length}${repairsByKind(parsed)}; 警告 Warnings: ${parsed.warnings.length}`,
    ...parsed.warnings.map((w) => `  ${lineRange(w)} [${w.code}] ${w.message}`),
    ...(parsed.warnings.length > 0
      ? [`有 ${parsed.warnings.length} 条警告，导入后启用前须逐条确认（或导入更正后的文件）。 / ${parsed.warnings.length} warning(s) must each be acknowledged before activation (or import a corrected file).`]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

function countByCategory(parsed: ParsedDocument): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of parsed.items) {
    const key = item.category ?? '（无类别标题 no category heading）';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts];
}

function lineRange(w: { line: number; endLine?: number }): string {
  return w.endLine !== undefined && w.endLine !== w.line ? `第 ${w.line}–${w.endLine} 行 lines ${w.line}–${w.endLine}` : `第 ${w.line} 行 line ${w.line}`;
}

function repairsByKind(parsed: ParsedDocument): string {
  const counts = new Map<string, number>();
  for (const r of parsed.repairs) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return counts.size === 0 ? '' : ` (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')})`;
}
