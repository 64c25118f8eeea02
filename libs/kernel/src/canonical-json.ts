/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation.
 *
 * Object members are sorted by their UTF-16 code units, numbers use the ECMAScript shortest
 * round-trip form (which is what RFC 8785 §3.2.2.3 prescribes), strings use JSON escaping with
 * no optional escapes. Values JSON cannot represent (undefined at the top level, functions,
 * symbols, bigint, non-finite numbers, lone surrogates, cycles, Maps and other class instances
 * without `toJSON`) are refused rather than silently dropped or mangled, because what is hashed
 * must be exactly what is stored. Like JSON.stringify, `toJSON` is honoured (Date gives its ISO
 * text, Money gives `{ "fen": n }`) and undefined members are omitted.
 */
export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  return serialise(value, '$', new Set());
}

// With the u flag, paired surrogates form one code point, so this matches only unpaired halves,
// which I-JSON (and therefore RFC 8785) excludes.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function serialise(input: unknown, at: string, ancestors: Set<object>): string {
  const value = withToJson(input);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(`unpaired surrogate in string at ${at}`);
      // JSON.stringify escapes exactly what RFC 8785 requires: ", \, and controls (with \b \t \n \f \r short forms).
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`non-finite number at ${at}`);
      // ES Number→String is the RFC 8785 number form; -0 serialises as 0.
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${typeof value} is not JSON at ${at}`);
  }
  if (ancestors.has(value)) throw new CanonicalJsonError(`cycle at ${at}`);
  ancestors.add(value);
  try {
    return Array.isArray(value) ? serialiseArray(value, at, ancestors) : serialiseObject(value, at, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function withToJson(value: unknown): unknown {
  const toJSON = typeof value === 'object' && value !== null ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === 'function' ? toJSON.call(value) : value;
}

function serialiseArray(items: readonly unknown[], at: string, ancestors: Set<object>): string {
  const parts: string[] = [];
  // Index loop, not map: holes in sparse arrays must become null as in JSON.stringify.
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    parts.push(item === undefined ? 'null' : serialise(item, `${at}[${i}]`, ancestors));
  }
  return `[${parts.join(',')}]`;
}

function serialiseObject(value: object, at: string, ancestors: Set<object>): string {
  if (!isPlainObject(value)) {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    throw new CanonicalJsonError(`${name ?? 'object'} is not plain JSON at ${at}`);
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    // `<` on strings compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const members = entries.map(([k, v]) => {
    if (LONE_SURROGATE.test(k)) throw new CanonicalJsonError(`unpaired surrogate in key at ${at}`);
    return `${JSON.stringify(k)}:${serialise(v, `${at}.${k}`, ancestors)}`;
  });
  return `{${members.join(',')}}`;
}

/** Plain from any realm (objects made by core modules under a test sandbox have another Object.prototype). */
function isPlainObject(value: object): boolean {
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
