import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * Standards documents as published: plain text, PDF (its text layer) or Word (.docx). Each format is
 * turned into lines the way a text conversion would give them, so the parser sees one kind of input.
 * No OCR: a PDF without a text layer is refused with a clear error.
 */
export type DocumentFormat = 'text' | 'pdf' | 'docx';

export interface ExtractedText {
  text: string;
  format: DocumentFormat;
  /** Pages of a PDF. */
  pages?: number;
}

export type FormatErrorCode = 'PDF_NO_TEXT_LAYER' | 'PDF_UNREADABLE' | 'DOCX_UNREADABLE' | 'DOCUMENT_TOO_LARGE' | 'NOT_UTF8' | 'UNSUPPORTED_FORMAT';

export class DocumentFormatError extends Error {
  constructor(
    readonly code: FormatErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(`${messageZh} / ${messageEn}`);
    this.name = 'DocumentFormatError';
  }
}

/** Published standards are a few hundred kilobytes to a few megabytes; 20 MB leaves room for scans. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export const PDF_MEDIA_TYPE = 'application/pdf';
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const formatErrors = {
  noTextLayer: (pages: number) =>
    new DocumentFormatError(
      'PDF_NO_TEXT_LAYER',
      `此 PDF（${pages} 页）没有文字层，可能是扫描件；本系统不做文字识别（OCR），请取得带文字层的 PDF、Word 文件或文本。`,
      `This PDF (${pages} pages) has no text layer, probably a scan; no OCR is done: obtain a PDF with a text layer, the Word file or the text.`,
    ),
  pdfUnreadable: (reason: string) =>
    new DocumentFormatError('PDF_UNREADABLE', `无法读取此 PDF（${reason}），文件可能已损坏或加密。`, `Cannot read this PDF (${reason}); it may be damaged or encrypted.`),
  docxUnreadable: (reason: string) =>
    new DocumentFormatError('DOCX_UNREADABLE', `无法读取此 Word 文件（${reason}），请确认是 .docx 格式且未损坏。`, `Cannot read this Word file (${reason}); make sure it is an undamaged .docx.`),
  tooLarge: (bytes: number) =>
    new DocumentFormatError(
      'DOCUMENT_TOO_LARGE',
      `文件过大（${bytes} 字节，上限 ${MAX_DOCUMENT_BYTES} 字节）。`,
      `The file is too large (${bytes} bytes; the limit is ${MAX_DOCUMENT_BYTES}).`,
    ),
  notUtf8: () => new DocumentFormatError('NOT_UTF8', '文件不是 UTF-8 文本，也不是 PDF 或 .docx，请先转换。', 'The file is neither UTF-8 text nor a PDF or .docx; convert it first.'),
  unsupported: (what: string) =>
    new DocumentFormatError(
      'UNSUPPORTED_FORMAT',
      `不支持的文件格式（${what}）：请提供 PDF、.docx 或 UTF-8 文本（旧版 .doc 请另存为 .docx）。`,
      `Unsupported file format (${what}): provide a PDF, a .docx or UTF-8 text (save an old .doc as .docx).`,
    ),
};

export function detectFormat(bytes: Uint8Array, hint: { fileName?: string | null; mediaType?: string | null } = {}): DocumentFormat {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return 'docx';
  // OLE2 compound file: the old binary .doc, which is not read.
  if (head.startsWith('\u00d0\u00cf\u0011\u00e0')) throw formatErrors.unsupported('.doc');
  const name = (hint.fileName ?? '').toLowerCase();
  if (hint.mediaType === PDF_MEDIA_TYPE || name.endsWith('.pdf')) return 'pdf';
  if (hint.mediaType === DOCX_MEDIA_TYPE || name.endsWith('.docx')) return 'docx';
  return 'text';
}

/** The document's text, whatever it was published as. Throws {@link DocumentFormatError}. */
export async function extractDocumentText(
  bytes: Uint8Array,
  hint: { fileName?: string | null; mediaType?: string | null } = {},
): Promise<ExtractedText> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw formatErrors.tooLarge(bytes.byteLength);
  const format = detectFormat(bytes, hint);
  if (format === 'pdf') return pdfText(bytes);
  if (format === 'docx') return { text: await docxText(bytes), format };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format };
  } catch {
    throw formatErrors.notUtf8();
  }
}

// ---------------------------------------------------------------------------------------------
// PDF: the text layer, lines rebuilt from the position of each piece of text.

interface Piece {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  // A real dynamic import (not rewritten to require by the TypeScript transform): pdf.js ships ES modules only.
  const { importEsm } = require('./import-esm.js') as { importEsm: (url: string) => Promise<PdfJs> };
  pdfjs ??= importEsm(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href);
  return pdfjs;
}

async function pdfText(bytes: Uint8Array): Promise<ExtractedText> {
  const lib = await loadPdfJs();
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
      cMapUrl: `${join(root, 'cmaps')}/`,
      cMapPacked: true,
      standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
    }).promise;
  } catch (error) {
    throw formatErrors.pdfUnreadable(error instanceof Error ? error.message : String(error));
  }
  try {
    const pages: string[] = [];
    let characters = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        pieces.push({ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width, height: item.height || Math.abs(item.transform[3]) });
        characters += item.str.trim().length;
      }
      pages.push(pieceLines(pieces).join('\n'));
      page.cleanup();
    }
    if (characters === 0) throw formatErrors.noTextLayer(doc.numPages);
    return { text: pages.join('\n'), format: 'pdf', pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/**
 * Pieces on one baseline form a line, top to bottom, left to right. A wide gap between two pieces
 * is a table-cell boundary and becomes a tab, as a text conversion of a table gives it; a line that
 * starts well right of the page's left edge is a cell too (a leading tab).
 */
export function pieceLines(pieces: Piece[]): string[] {
  const visible = pieces.filter((p) => p.str.length > 0);
  if (visible.length === 0) return [];
  const size = median(visible.map((p) => p.height).filter((h) => h > 0)) || 10;
  const rows: Piece[][] = [];
  for (const piece of [...visible].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - piece.y) < size * 0.4) row.push(piece);
    else rows.push([piece]);
  }
  const left = Math.min(...visible.filter((p) => p.str.trim() !== '').map((p) => p.x));
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let line = row[0].x - left > size * 3 ? '\t' : '';
    let end: number | null = null;
    let spaced = false;
    for (const piece of row) {
      // pdf.js reports the space between two runs as a piece of its own: it counts as a gap, not as text.
      if (piece.str.trim() === '') {
        spaced = true;
        continue;
      }
      if (end !== null) {
        const gap = piece.x - end;
        if (gap > size * 3) line += '\t';
        else if (spaced || gap > size * 0.25) line += ' ';
      }
      line += piece.str;
      end = piece.x + piece.width;
      spaced = false;
    }
    return line.replace(/[ \t]+$/u, (tail) => (tail.includes('\t') ? '\t' : ''));
  });
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// DOCX: paragraphs are lines; a table row is one line of tab-introduced cells.

async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = await import('mammoth');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { ignoreEmptyParagraphs: false })).value;
  } catch (error) {
    throw formatErrors.docxUnreadable(error instanceof Error ? error.message : String(error));
  }
  return htmlLines(html).join('\n');
}

/** mammoth's HTML → lines: block elements become lines; table cells become tab-separated cells. */
export function htmlLines(html: string): string[] {
  const lines: string[] = [];
  const tokens = html.match(/<table\b[\s\S]*?<\/table>|<(p|h[1-6]|li)\b[^>]*>[\s\S]*?<\/\1>/g) ?? [];
  for (const token of tokens) {
    if (token.startsWith('<table')) {
      for (const row of token.match(/<tr\b[^>]*>[\s\S]*?<\/tr>/g) ?? []) {
        const cells = row.match(/<t[dh]\b[^>]*>[\s\S]*?<\/t[dh]>/g) ?? [];
        lines.push(cells.map((cell) => `\t${cellParagraphs(cell).join('\n')}`).join(''));
      }
    } else {
      lines.push(inlineText(token));
    }
  }
  return lines;
}

function cellParagraphs(cell: string): string[] {
  const paragraphs = cell.match(/<p\b[^>]*>[\s\S]*?<\/p>/g);
  return paragraphs ? paragraphs.map(inlineText) : [inlineText(cell)];
}

function inlineText(fragment: string): string {
  return decodeEntities(fragment.replace(/<br\s*\/?>/g, '\n').replace(/<[^>]+>/g, ''));
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_m, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[e] ?? '';
  });
}
