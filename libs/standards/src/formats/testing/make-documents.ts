import JSZip from 'jszip';

/**
 * Test tools: a PDF and a .docx made from a text, the way a publisher's export lays it out, so the
 * import of both formats is tested on the seed documents without committing binary files.
 *
 * PDF: one line per text line, a tab-separated cell at its own column; CJK text in a Type0 font with
 * Identity-H encoding and a ToUnicode map (CID = the character's code point), no font embedded — the
 * text layer is exact, the glyphs are not the point. `scanned: true` draws shapes and no text.
 */
export function makePdf(text: string, options: { linesPerPage?: number; scanned?: boolean; wrapAt?: number } = {}): Buffer {
  const perPage = options.linesPerPage ?? 50;
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .flatMap((line) => (options.wrapAt && !line.includes('\t') ? wrap(line, options.wrapAt) : [line]));
  const width = Math.max(595, ...lines.map((line) => lineEnd(line) + LEFT));
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  if (pages.length === 0) pages.push([]);

  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1; // 1-based object numbers
  const catalog = add('');
  const pagesObj = add('');
  const toUnicode = add(stream(toUnicodeCMap()));
  const descriptor = add('<< /Type /FontDescriptor /FontName /SampleSong /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>');
  const cidFont = add(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SampleSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`);
  const font = add(`<< /Type /Font /Subtype /Type0 /BaseFont /SampleSong /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
  const kids: number[] = [];
  for (const page of pages) {
    const content = add(stream(options.scanned ? scannedContent() : pageContent(page)));
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${width} 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const FONT_SIZE = 10;
const LEFT = 40;
const CELL_WIDTH = 90;

/** A hard wrap every `width` characters, as a PDF's line breaks give it. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
  return out;
}

/** Where each tab-separated cell starts: its column, or further right when the cell before is long. */
function cellPositions(line: string): { cell: string; x: number }[] {
  const out: { cell: string; x: number }[] = [];
  let end = 0;
  line.split('\t').forEach((cell, column) => {
    const x = Math.max(LEFT + column * CELL_WIDTH, end + 4 * FONT_SIZE);
    out.push({ cell, x });
    end = x + cell.length * FONT_SIZE;
  });
  return out;
}

function lineEnd(line: string): number {
  const cells = cellPositions(line);
  const last = cells[cells.length - 1];
  return last.x + last.cell.length * FONT_SIZE;
}

function pageContent(lines: string[]): string {
  const ops: string[] = [];
  lines.forEach((line, i) => {
    const y = 800 - i * 15;
    for (const { cell, x } of cellPositions(line)) {
      if (cell !== '') ops.push(`BT /F1 ${FONT_SIZE} Tf 1 0 0 1 ${x} ${y} Tm <${hex(cell)}> Tj ET`);
    }
  });
  return ops.join('\n');
}

function scannedContent(): string {
  return '0.5 g 40 400 500 300 re f 0 g 60 420 100 20 re f';
}

/** CIDs are the UTF-16 code units of the text (characters outside the BMP are not used by the seeds). */
function hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

function toUnicodeCMap(): string {
  const ranges: string[] = [];
  for (let hi = 0; hi < 256; hi++) {
    if (hi >= 0xd8 && hi <= 0xdf) continue; // surrogates
    const h = hi.toString(16).padStart(2, '0');
    ranges.push(`<${h}00> <${h}ff> <${h}00>`);
  }
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const block = ranges.slice(i, i + 100);
    blocks.push(`${block.length} beginbfrange\n${block.join('\n')}\nendbfrange`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function stream(content: string): string {
  const bytes = Buffer.from(content, 'latin1');
  return `<< /Length ${bytes.length} >>\nstream\n${content}\nendstream`;
}

/**
 * A .docx with one paragraph per line. Lines of a tab table (cells introduced by tabs, continuation
 * lines without) become a Word table, one row per group of `columns` cells, as a Word original has it;
 * everything else is a paragraph.
 */
export async function makeDocx(text: string, options: { tableColumns?: number } = {}): Promise<Buffer> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const body = options.tableColumns ? withTables(lines, options.tableColumns) : lines.map(paragraph).join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function paragraph(line: string): string {
  const runs = line.split('\t').map((part) => (part === '' ? '' : `<w:r><w:t xml:space="preserve">${xml(part)}</w:t></w:r>`));
  return `<w:p>${runs.join('<w:r><w:tab/></w:r>')}</w:p>`;
}

function withTables(lines: string[], columns: number): string {
  const out: string[] = [];
  let cells: string[][] = [];
  const flushTable = () => {
    if (cells.length === 0) return;
    const rows: string[][][] = [];
    for (let i = 0; i < cells.length; i += columns) rows.push(cells.slice(i, i + columns));
    out.push(
      `<w:tbl>${rows
        .map((row) => `<w:tr>${row.map((cell) => `<w:tc>${cell.map(paragraph).join('')}</w:tc>`).join('')}</w:tr>`)
        .join('')}</w:tbl>`,
    );
    cells = [];
  };
  for (const line of lines) {
    if (line.includes('\t')) {
      const [first, ...rest] = line.split('\t');
      if (first.trim() !== '' && cells.length > 0) cells[cells.length - 1].push(first.trim());
      for (const cell of rest) cells.push([cell.trim()]);
    } else if (cells.length > 0 && line.trim() !== '' && !/^(抄送|本.{0,6}自)/.test(line.trim())) {
      cells[cells.length - 1].push(line.trim());
    } else if (line.trim() === '' && cells.length > 0) {
      continue;
    } else {
      flushTable();
      out.push(paragraph(line));
    }
  }
  flushTable();
  return out.join('');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
