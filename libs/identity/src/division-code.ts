/**
 * 行政区划代码 (GB/T 2260): six digits — province (2), prefecture (2), county (2). Only the format
 * and the province prefix are checked here; whether a code exists in the current edition of the
 * standard is a question for a division catalogue.
 */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export function isDivisionCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{6}$/.test(value) && PROVINCE_PREFIXES.has(value.slice(0, 2));
}
