/**
 * GB/T 2260 行政区划代码: six digits — province (2), prefecture (2), county (2). The hierarchy is
 * read from the code itself: a county's city is its first four digits + "00", its province the
 * first two + "0000". Province-level municipalities (北京, 重庆) have districts directly under the
 * province code's 01 block (110101, 500101), so their "city" code (110100, 500100) is a level that
 * usually publishes nothing; resolution simply finds nothing there and moves up.
 */
export type DivisionCodeLevel = 'province' | 'city' | 'county';

const CODE = /^\d{6}$/;

export function isDivisionCodeShape(value: unknown): value is string {
  return typeof value === 'string' && CODE.test(value) && value !== '000000' && !value.startsWith('00');
}

export function divisionCodeLevel(code: string): DivisionCodeLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The code itself, then its city and province (each once): the order in which standards are looked up. */
export function divisionChain(code: string): string[] {
  const chain = [code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`];
  return chain.filter((c, i) => chain.indexOf(c) === i);
}

/** Whether `code` is `ancestor` or lies under it. */
export function isWithinDivision(code: string, ancestor: string): boolean {
  return divisionChain(code).includes(ancestor);
}

/** The nearest higher level, or null for a province. */
export function parentDivision(code: string): string | null {
  const chain = divisionChain(code);
  return chain.length > 1 ? chain[1] : null;
}
