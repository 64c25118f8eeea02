import { Errors } from './errors';

/**
 * Money as an integer number of fen (分). There is no floating-point yuan anywhere: amounts are
 * parsed from decimal text, multiplied by exact rates in bigint arithmetic, and every rounding names
 * its policy so the trace can say how an amount was rounded.
 *
 * JSON form: `{ "fen": 123456 }`. The object form is chosen over a bare integer so that nobody reading
 * an event can mistake fen for yuan.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A rounding mode applied at a unit. "Half up" rounds ties away from zero (四舍五入 on the magnitude),
 * so an overpayment rounds exactly like the payment it mirrors. */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'FLOOR' | 'CEIL' | 'DOWN';

export interface RoundingPolicy {
  readonly id: RoundingPolicyId;
  readonly mode: RoundingMode;
  /** The unit in fen to which the result is rounded: 1 (分), 10 (角), 100 (元). */
  readonly unitFen: 1 | 10 | 100;
  readonly descriptionZh: string;
}

export const RoundingPolicies = {
  /** The product default (domain readings: round half up to the fen, only at the final amount). */
  HALF_UP_FEN: { id: 'HALF_UP_FEN', mode: 'HALF_UP', unitFen: 1, descriptionZh: '四舍五入到分' },
  HALF_EVEN_FEN: { id: 'HALF_EVEN_FEN', mode: 'HALF_EVEN', unitFen: 1, descriptionZh: '四舍六入五成双到分' },
  FLOOR_FEN: { id: 'FLOOR_FEN', mode: 'FLOOR', unitFen: 1, descriptionZh: '向下取整到分' },
  CEIL_FEN: { id: 'CEIL_FEN', mode: 'CEIL', unitFen: 1, descriptionZh: '向上取整到分' },
  DOWN_FEN: { id: 'DOWN_FEN', mode: 'DOWN', unitFen: 1, descriptionZh: '舍去分以下（向零取整）' },
  HALF_UP_JIAO: { id: 'HALF_UP_JIAO', mode: 'HALF_UP', unitFen: 10, descriptionZh: '四舍五入到角' },
  HALF_UP_YUAN: { id: 'HALF_UP_YUAN', mode: 'HALF_UP', unitFen: 100, descriptionZh: '四舍五入到元' },
  FLOOR_YUAN: { id: 'FLOOR_YUAN', mode: 'FLOOR', unitFen: 100, descriptionZh: '向下取整到元' },
  CEIL_YUAN: { id: 'CEIL_YUAN', mode: 'CEIL', unitFen: 100, descriptionZh: '向上取整到元' },
} as const satisfies Record<string, Omit<RoundingPolicy, 'id'> & { id: string }>;

export type RoundingPolicyId = keyof typeof RoundingPolicies;

export function isRoundingPolicyId(value: unknown): value is RoundingPolicyId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RoundingPolicies, value);
}

export function roundingPolicy(id: RoundingPolicyId): RoundingPolicy {
  if (!isRoundingPolicyId(id)) throw Errors.INVALID_AMOUNT({ reason: 'unknown rounding policy', policy: id });
  return RoundingPolicies[id];
}

/**
 * Rounds the exact rational num/den to a whole multiple of `unit`. Works on bigint so intermediate
 * products (amount × numerator) cannot lose precision.
 */
export function roundRational(num: bigint, den: bigint, unit: bigint, mode: RoundingMode): bigint {
  if (den === 0n || unit <= 0n) throw Errors.INVALID_RATE({ reason: 'division by zero' });
  if (den < 0n) return roundRational(-num, -den, unit, mode);
  return divide(num, den * unit, mode) * unit;
}

function divide(n: bigint, d: bigint, mode: RoundingMode): bigint {
  let q = n / d;
  let r = n % d;
  // bigint division truncates; normalise to floor so every mode below reasons from 0 <= r < d.
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  if (r === 0n) return q;
  switch (mode) {
    case 'FLOOR':
      return q;
    case 'CEIL':
      return q + 1n;
    case 'DOWN':
      return n < 0n ? q + 1n : q;
    case 'HALF_UP':
    case 'HALF_EVEN': {
      const twice = 2n * r;
      if (twice < d) return q;
      if (twice > d) return q + 1n;
      if (mode === 'HALF_UP') return n < 0n ? q : q + 1n;
      return q % 2n === 0n ? q : q + 1n;
    }
  }
}

/** A multiplier: integer basis points (`Rate.bp(4000)` = 40%) or an exact fraction. */
export class Rate {
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
    /** Set when the rate was given in basis points, so traces show it the way the standard wrote it. */
    readonly basisPoints: number | null,
  ) {
    Object.freeze(this);
  }

  static bp(basisPoints: number): Rate {
    if (!Number.isSafeInteger(basisPoints)) throw Errors.INVALID_RATE({ reason: 'basis points must be an integer', basisPoints });
    return new Rate(BigInt(basisPoints), 10_000n, basisPoints);
  }

  static ratio(numerator: number | bigint, denominator: number | bigint): Rate {
    const num = toBigInt(numerator, 'numerator');
    const den = toBigInt(denominator, 'denominator');
    if (den === 0n) throw Errors.INVALID_RATE({ reason: 'denominator is zero' });
    // Not reduced: "2/6" in a trace still reads as two of six months. Only the sign is normalised.
    return den < 0n ? new Rate(-num, -den, null) : new Rate(num, den, null);
  }

  static readonly ONE = Rate.ratio(1, 1);

  toString(): string {
    return this.basisPoints !== null ? `${this.basisPoints}bp` : `${this.numerator}/${this.denominator}`;
  }

  toJSON(): RateJson {
    if (this.basisPoints !== null) return { bp: this.basisPoints };
    return { num: toSafeNumber(this.numerator, 'numerator'), den: toSafeNumber(this.denominator, 'denominator') };
  }

  static fromJSON(json: unknown): Rate {
    if (isRecord(json) && keysAre(json, ['bp']) && typeof json.bp === 'number') return Rate.bp(json.bp);
    if (isRecord(json) && keysAre(json, ['den', 'num']) && typeof json.num === 'number' && typeof json.den === 'number') {
      return Rate.ratio(json.num, json.den);
    }
    throw Errors.INVALID_RATE({ reason: 'expected { bp } or { num, den }' });
  }
}

export type RateJson = { bp: number } | { num: number; den: number };

export interface MoneyJson {
  fen: number;
}

const YUAN_TEXT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

export class Money {
  private constructor(readonly fen: number) {
    Object.freeze(this);
  }

  static fen(fen: number): Money {
    if (!Number.isSafeInteger(fen)) throw Errors.INVALID_AMOUNT({ reason: 'fen must be a safe integer', fen: String(fen) });
    return new Money(fen === 0 ? 0 : fen); // no -0 fen
  }

  /** Parses decimal yuan text ("1000", "12.34", "-0.5") or takes a whole number of yuan. */
  static yuan(yuan: string | number): Money {
    if (typeof yuan === 'number') {
      if (!Number.isSafeInteger(yuan)) throw Errors.INVALID_AMOUNT({ reason: 'yuan given as a number must be an integer', yuan: String(yuan) });
      return Money.fromBigInt(BigInt(yuan) * 100n);
    }
    const match = typeof yuan === 'string' ? YUAN_TEXT.exec(yuan) : null;
    if (!match) throw Errors.INVALID_AMOUNT({ reason: 'expected decimal yuan with at most two decimals', yuan: String(yuan) });
    const [, sign, whole, decimals = ''] = match;
    const fen = BigInt(whole) * 100n + BigInt(decimals.padEnd(2, '0'));
    return Money.fromBigInt(sign ? -fen : fen);
  }

  static readonly ZERO = new Money(0);

  static sum(amounts: Iterable<Money>): Money {
    let total = 0n;
    for (const amount of amounts) total += BigInt(amount.fen);
    return Money.fromBigInt(total);
  }

  static min(a: Money, b: Money): Money {
    return a.compare(b) <= 0 ? a : b;
  }

  static max(a: Money, b: Money): Money {
    return a.compare(b) >= 0 ? a : b;
  }

  /** The exact rational num/den fen, rounded by the named policy. */
  static fromRational(num: bigint, den: bigint, policy: RoundingPolicyId): Money {
    const { mode, unitFen } = roundingPolicy(policy);
    return Money.fromBigInt(roundRational(num, den, BigInt(unitFen), mode));
  }

  private static fromBigInt(fen: bigint): Money {
    if (fen > MAX_SAFE || fen < -MAX_SAFE) throw Errors.INVALID_AMOUNT({ reason: 'amount out of range', fen: fen.toString() });
    return Money.fen(Number(fen));
  }

  add(other: Money): Money {
    return Money.fromBigInt(BigInt(this.fen) + BigInt(other.fen));
  }

  subtract(other: Money): Money {
    return Money.fromBigInt(BigInt(this.fen) - BigInt(other.fen));
  }

  negate(): Money {
    return Money.fen(-this.fen);
  }

  abs(): Money {
    return this.fen < 0 ? this.negate() : this;
  }

  multiply(factor: number | bigint): Money {
    return Money.fromBigInt(BigInt(this.fen) * toBigInt(factor, 'factor'));
  }

  /** This amount times an exact rate, rounded once by the named policy. */
  times(rate: Rate, policy: RoundingPolicyId): Money {
    return Money.fromRational(BigInt(this.fen) * rate.numerator, rate.denominator, policy);
  }

  /** Rounds an amount that is already in fen to a coarser unit (e.g. HALF_UP_YUAN). */
  round(policy: RoundingPolicyId): Money {
    return Money.fromRational(BigInt(this.fen), 1n, policy);
  }

  /**
   * Splits this amount in proportion to non-negative integer ratios so that the parts add up to
   * exactly this amount: each part gets the floor of its share (of the magnitude), and the fen left
   * over go one each to the largest remainders, earlier parts first on ties.
   */
  allocate(ratios: readonly (number | bigint)[]): Money[] {
    const weights = ratios.map((r, i) => toBigInt(r, `ratios[${i}]`));
    if (weights.length === 0) throw Errors.INVALID_RATE({ reason: 'allocate needs at least one ratio' });
    if (weights.some((w) => w < 0n)) throw Errors.INVALID_RATE({ reason: 'ratios must not be negative' });
    const totalWeight = weights.reduce((a, b) => a + b, 0n);
    if (totalWeight === 0n) throw Errors.INVALID_RATE({ reason: 'ratios must not all be zero' });
    const magnitude = BigInt(Math.abs(this.fen));
    const shares = weights.map((w, index) => ({ index, floor: (magnitude * w) / totalWeight, rest: (magnitude * w) % totalWeight }));
    let leftover = magnitude - shares.reduce((a, s) => a + s.floor, 0n);
    const byRemainder = [...shares].sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
    for (const share of byRemainder) {
      if (leftover === 0n) break;
      share.floor += 1n;
      leftover -= 1n;
    }
    const sign = this.fen < 0 ? -1n : 1n;
    return shares.map((s) => Money.fromBigInt(sign * s.floor));
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.fen < other.fen ? -1 : this.fen > other.fen ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.fen === other.fen;
  }

  isZero(): boolean {
    return this.fen === 0;
  }

  isNegative(): boolean {
    return this.fen < 0;
  }

  isPositive(): boolean {
    return this.fen > 0;
  }

  /** "1234.56" — always two decimals, no grouping; the form used in files and traces. */
  toYuanString(): string {
    const magnitude = Math.abs(this.fen);
    const whole = Math.floor(magnitude / 100);
    const cents = String(magnitude % 100).padStart(2, '0');
    return `${this.fen < 0 ? '-' : ''}${whole}.${cents}`;
  }

  /** "1,234.56 元" — for people. */
  format(): string {
    const [whole, cents] = this.toYuanString().split('.');
    const sign = whole.startsWith('-') ? '-' : '';
    const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+$)/g, ',');
    return `${sign}${grouped}.${cents} 元`;
  }

  toString(): string {
    return this.format();
  }

  toJSON(): MoneyJson {
    return { fen: this.fen };
  }

  static fromJSON(json: unknown): Money {
    if (isRecord(json) && keysAre(json, ['fen']) && typeof json.fen === 'number') return Money.fen(json.fen);
    throw Errors.INVALID_AMOUNT({ reason: 'expected { "fen": <integer> }' });
  }
}

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw Errors.INVALID_RATE({ reason: `${what} must be a safe integer`, value: String(value) });
  return BigInt(value);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) throw Errors.INVALID_RATE({ reason: `${what} too large for JSON`, value: value.toString() });
  return Number(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keysAre(value: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(value).sort().join(',') === keys.join(',');
}
