import type { FieldLabel } from './types';

/** Printed label → canonical label. Variants seen in published standards map to the canonical five. */
const LABEL_VARIANTS: Record<string, FieldLabel> = {
  服务对象: '服务对象',
  服务内容: '服务内容',
  服务标准: '服务标准',
  支出责任: '支出责任',
  牵头负责单位: '牵头负责单位',
  牵头责任单位: '牵头负责单位',
  牵头单位: '牵头负责单位',
};

export const FIELD_ORDER: Record<FieldLabel, number> = {
  服务对象: 0,
  服务内容: 1,
  服务标准: 2,
  支出责任: 3,
  牵头负责单位: 4,
};

const PRINTED_LABELS = Object.keys(LABEL_VARIANTS).sort((a, b) => b.length - a.length);
/** A label may be printed with a space between its characters (「服 务 对 象：」). */
const SPACED_LABELS = PRINTED_LABELS.map((l) => [...l].join('[ \\u3000]?'));
const LABEL_LINE = new RegExp(`^(${SPACED_LABELS.join('|')})\\s*[：:]\\s*(.*)$`, 's');
/** A second label glued to the previous field after its closing punctuation (「…残疾人。服务内容：…」). */
const EMBEDDED_LABEL = new RegExp(`(?<=[。；;])(?=(?:${PRINTED_LABELS.join('|')})\\s*[：:])`, 'g');
/** A short run of Han characters and a colon at the start of a line: a field label of some kind. */
const LABEL_LIKE = /^([\p{Script=Han}][\p{Script=Han} \u3000]{1,14}?)[ \u3000]*[：:]/u;

export interface LabelLine {
  label: FieldLabel;
  printedLabel: string;
  value: string;
}

export function parseLabelLine(text: string): LabelLine | null {
  const m = LABEL_LINE.exec(text.trim());
  if (!m) return null;
  const printed = m[1].replace(/[ \u3000]/g, '');
  return { label: LABEL_VARIANTS[printed], printedLabel: printed, value: m[2].trim() };
}

/**
 * A line that starts like a field label but is not one of the known labels (「服务流程：…」): its
 * label text, spaces removed, or null. At most eight characters, so that prose with a colon is not
 * taken for a label.
 */
export function unknownLabel(text: string): string | null {
  if (parseLabelLine(text)) return null;
  const m = LABEL_LIKE.exec(text.trim());
  const label = m ? m[1].replace(/[ \u3000]/g, '') : null;
  return label && label.length >= 2 && label.length <= 8 ? label : null;
}

const LABEL_ANYWHERE = new RegExp(`(?:${SPACED_LABELS.join('|')})\\s*[：:]`);

/** Where the first known label (with its colon) starts in the line, or -1. */
export function labelStart(text: string): number {
  return LABEL_ANYWHERE.exec(text)?.index ?? -1;
}

export function splitEmbeddedLabels(text: string): string[] {
  return text.split(EMBEDDED_LABEL);
}

/**
 * A label wrapped over two lines by the conversion: 「服务对」 / 「象：…」, 「服务内容」 / 「：…」. The
 * first line is only the start of a label (spaces ignored), the second starts with the rest of it
 * and the colon.
 */
export function joinWrappedLabel(first: string, second: string): LabelLine | null {
  const head = first.replace(/\s/g, '');
  if (head.length === 0 || head.length > 6) return null;
  const tail = second.trim();
  for (const printed of PRINTED_LABELS) {
    if (!printed.startsWith(head)) continue;
    const rest = printed.slice(head.length);
    const m = new RegExp(`^${[...rest].join('[ \\u3000]?')}[ \\u3000]*[：:][ \\u3000]*(.*)$`, 's').exec(tail);
    if (m) return { label: LABEL_VARIANTS[printed], printedLabel: printed, value: m[1].trim() };
  }
  return null;
}

/**
 * A label whose characters were pulled apart by spliced text (tracked-change residue): the line
 * starts with a proper prefix of a label and the next line starts with a proper suffix of a label
 * variant of the same field followed by a colon. Returns the field and the value of the second line.
 */
export function joinSplitLabel(first: string, second: string): LabelLine | null {
  const head = first.trim();
  if (parseLabelLine(head)) return null;
  const m = /^([^：:\s]{2,6})\s*[：:]\s*(.*)$/s.exec(second.trim());
  if (!m) return null;
  const suffix = m[1];
  for (const [printed, label] of Object.entries(LABEL_VARIANTS)) {
    if (suffix === printed || !printed.endsWith(suffix)) continue;
    const prefix = longestLabelPrefix(head, label);
    if (prefix) return { label, printedLabel: prefix + suffix, value: m[2].trim() };
  }
  return null;
}

function longestLabelPrefix(head: string, label: FieldLabel): string | null {
  let best: string | null = null;
  for (const printed of PRINTED_LABELS.filter((p) => LABEL_VARIANTS[p] === label)) {
    for (let k = 2; k < printed.length; k++) {
      const prefix = printed.slice(0, k);
      if (head.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
    }
  }
  return best;
}

export interface ColumnRole {
  role: 'number' | 'name' | 'field';
  key: string;
}

/** Table header → role. Unknown headers are kept as extra fields under their printed text. */
export function columnRole(header: string, leadTaken: boolean): ColumnRole {
  const h = header.replace(/\s+/g, '');
  if (/^(序号|编号)$/.test(h)) return { role: 'number', key: h };
  if (/^(服务项目|项目名称|服务事项|项目)$/.test(h)) return { role: 'name', key: h };
  if (LABEL_VARIANTS[h]) return { role: 'field', key: LABEL_VARIANTS[h] };
  if (h.includes('服务对象')) return { role: 'field', key: '服务对象' };
  if (h.includes('服务内容')) return { role: 'field', key: '服务内容' };
  if (h.includes('标准')) return { role: 'field', key: '服务标准' };
  if (h.includes('支出责任')) return { role: 'field', key: '支出责任' };
  // The first lead-unit column is the lead unit; later ones (区级对接…) are extra columns.
  if (h.includes('牵头') && !leadTaken) return { role: 'field', key: '牵头负责单位' };
  return { role: 'field', key: h };
}
