/**
 * Audit's time axes are read in China time whatever the browser's zone: an instant is shown as
 * Beijing wall-clock time (UTC+8, no daylight saving), and what the officer picks is sent as an
 * ISO-8601 instant with the +08:00 offset — never interpreted in the server's zone.
 */
const OFFSET_MS = 8 * 3_600_000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** `2024-12-31 10:00:05` in Beijing time (seconds shown: the as-known-at axis is that fine). */
export function beijing(iso: string | null | undefined, withSeconds = true): string {
  if (!iso) return '—';
  // A business date (yyyy-mm-dd) is a China date already: shown as it is, never shifted.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + OFFSET_MS);
  const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}${withSeconds ? `:${p2(d.getUTCSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/** Beijing wall-clock fields `YYYY-MM-DDTHH:mm:ss` of an instant (for the picker). */
export function beijingWallClock(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return beijing(iso).replace(' ', 'T');
}

/** A Beijing wall-clock `YYYY-MM-DDTHH:mm:ss` as the ISO instant the service takes. */
export function instantFromWallClock(wallClock: string): string {
  return `${wallClock}+08:00`;
}

/** What the service takes as an instant (a date-time with an offset); anything else is a log position. */
export function looksLikeInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value);
}

/** A long id shortened for a table cell (the full id in the title). */
export function shortId(id: string | null | undefined, keep = 8): string {
  if (!id) return '—';
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id;
}

/** Event type names are `<benefit|service>.<Name>.v<n>`: shown without the version. */
export function eventName(type: string): string {
  return type.replace(/\.v\d+$/, '');
}

const STATUS_ZH: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  active: '享受中',
  rejected: '不予批准',
  terminated: '已终止',
  applied: '已申请',
  accepted: '已受理',
  checked: '已核对',
  visited: '已入户',
  reviewed: '已评议',
  publicNotice: '公示中',
  suspended: '暂停发放',
  exited: '已退出',
  advanceAided: '已先行救助',
  approved: '已批准',
};

export function caseStatusText(status: string | null, lang: 'zh' | 'en'): string {
  if (!status) return '—';
  return lang === 'zh' ? (STATUS_ZH[status] ? `${STATUS_ZH[status]}（${status}）` : status) : status;
}

const BENEFIT: Record<string, [string, string]> = { tefu: ['计生特扶', '特扶 (family planning)'], dibao: ['低保', '低保 (minimum living)'], linshi: ['临时救助', '临时救助 (temporary)'] };
export function benefitText(benefit: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!benefit) return '—';
  const b = BENEFIT[benefit];
  return b ? b[lang === 'zh' ? 0 : 1] : benefit;
}
