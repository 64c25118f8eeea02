/** Amounts are integer fen everywhere; shown as yuan with two decimals. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100).toLocaleString('zh-CN');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** An ISO instant in the browser's zone, to the minute. */
export function instant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Today's date in Asia/Shanghai (business dates are Chinese calendar dates), YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const BENEFIT_TEXT: Record<string, [string, string]> = { dibao: ['低保', 'Dibao'], tefu: ['计生特扶', 'Tefu'], linshi: ['临时救助', 'Linshi'] };

/** A benefit's name as short as a table column or a select wants it (the id itself when unknown). */
export const benefitText = (b: string | null | undefined, t: (zh: string, en: string) => string) => (b && BENEFIT_TEXT[b] ? t(...BENEFIT_TEXT[b]) : (b ?? '—'));
