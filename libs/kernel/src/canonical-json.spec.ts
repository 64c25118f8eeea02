import fc from 'fast-check';
import { CanonicalJsonError, canonicalJson } from './canonical-json';
import { Money } from './money';

function numberFromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('RFC 8785 numbers', () => {
  it.each([
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [-0, '0'],
    [4.5, '4.5'],
    [2e-3, '0.002'],
    [1e30, '1e+30'],
    [333333333.33333329, '333333333.3333333'],
  ])('%p serialises as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  // IEEE-754 bit patterns and expected text from the RFC 8785 appendix.
  it.each([
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555554', '333333333.33333325'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('bits %s serialise as %s', (bits, expected) => {
    expect(canonicalJson(numberFromBits(bits))).toBe(expected);
  });

  it.each([Number.NaN, Infinity, -Infinity])('refuses %p', (value) => {
    expect(() => canonicalJson({ value })).toThrow(CanonicalJsonError);
  });
});

describe('RFC 8785 strings and structure', () => {
  it('escapes only quote, backslash and controls, with the short forms', () => {
    expect(canonicalJson('\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/')).toBe(String.raw`"€$\u000f\nA'B\"\\\\\"/"`);
    expect(canonicalJson('\b\t\n\f\r\u0000\u001f\u007f')).toBe('"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f"');
    expect(canonicalJson('低保 ö 😀 \u2028')).toBe('"低保 ö 😀 \u2028"');
  });

  it('reproduces the RFC 8785 example document', () => {
    const input = JSON.parse(
      String.raw`{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`,
    );
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Integer-like keys are enumerated first by JS objects, so read the order from the text itself.
    const order = [...canonicalJson(input).matchAll(/"([^"]*)":"/g)].map((m) => JSON.parse(`"${m[1]}"`));
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(JSON.parse(canonicalJson(input))).toEqual(input);
    // An emoji (surrogate pair, 0xD83D…) sorts before U+FB33 although its code point is larger.
    expect(canonicalJson({ '\ufb33': 1, '\ud83d\ude00': 2 })).toBe('{"\ud83d\ude00":2,"\ufb33":1}');
  });

  it('omits undefined members, writes holes and undefined items as null', () => {
    expect(canonicalJson({ b: undefined, a: [1, , undefined] })).toBe('{"a":[1,null,null]}');
  });

  it('honours toJSON (dates, money) and refuses other non-plain values', () => {
    expect(canonicalJson({ at: new Date('2024-07-22T00:00:00Z'), amount: Money.fen(5) })).toBe('{"amount":{"fen":5},"at":"2024-07-22T00:00:00.000Z"}');
    expect(canonicalJson(Object.assign(Object.create(null), { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
    expect(() => canonicalJson({ m: new Map() })).toThrow(/Map is not plain JSON at \$\.m/);
    expect(() => canonicalJson({ s: new Set([1]) })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint is not JSON/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
  });

  it('refuses lone surrogates and cycles', () => {
    expect(() => canonicalJson('\ud800')).toThrow(/unpaired surrogate/);
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/unpaired surrogate/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle at \$\.self/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

/** Rebuilds a JSON value with every object's keys inserted in an order drawn from `seed`. */
function reinsertKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => reinsertKeys(item, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v], i) => [k, reinsertKeys(v, seed * 31 + i)] as const);
  let state = seed >>> 0 || 1;
  for (let i = entries.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return Object.fromEntries(entries);
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const sorted = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Keys that look like array indices would be enumerated first whatever the insertion order, so
  // build the expected text by hand rather than trusting JSON.stringify's enumeration order.
  return { __sorted: sorted.map(([k, v]) => [k, sortKeysDeep(v)]) };
}

function expectedText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(expectedText).join(',')}]`;
  if (value !== null && typeof value === 'object' && '__sorted' in value) {
    const members = (value as { __sorted: [string, unknown][] }).__sorted.map(([k, v]) => `${JSON.stringify(k)}:${expectedText(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonical JSON properties', () => {
  const json = fc.jsonValue({ maxDepth: 4 });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(json, fc.integer(), fc.integer(), (value, seedA, seedB) => {
        expect(canonicalJson(reinsertKeys(value, seedA))).toBe(canonicalJson(reinsertKeys(value, seedB)));
        expect(canonicalJson(reinsertKeys(value, seedA))).toBe(canonicalJson(value));
      }),
    );
  });

  it('round-trips through JSON.parse to an equal value and is idempotent', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('equals ECMAScript JSON text with keys sorted by code units', () => {
    fc.assert(fc.property(json, (value) => expect(canonicalJson(value)).toBe(expectedText(sortKeysDeep(value)))));
  });

  it('sorts arbitrary Unicode keys by code units', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.nat()), (object) => {
        const parsed = JSON.parse(canonicalJson(object)) as Record<string, number>;
        expect(parsed).toEqual({ ...object });
        const keysInText = [...canonicalJson(object).matchAll(/"((?:[^"\\]|\\.)*)":\d+/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
        expect(keysInText).toEqual(Object.keys(object).sort());
      }),
    );
  });
});
