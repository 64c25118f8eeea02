/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation.
 *
 * Object members are sorted by their UTF-16 code units, numbers use the ECMAScript shortest
 * round-trip form (which is what RFC 8785 §3.2.2.3 prescribes), strings use JSON escaping with
 * no optional escapes. Values JSON cannot represent (undefined at the top level, functions,
 * symbols, bigint, non-finite numbers) are refused rather than silently dropped, because what is
 * hashed must be exactly what is stored.
 */
export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
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
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => (item === undefined ? 'null' : serialise(item, `${at}[${i}]`))).join(',')}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v, `${at}.${k}`)}`).join(',')}}`;
}
