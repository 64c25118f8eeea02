/**
 * Text every command may carry: any Unicode scalar value except C0 control characters other than
 * tab, line feed and carriage return. NUL and unpaired UTF-16 surrogates are never a name or a
 * remark: they break exports, bank files and databases downstream, so they are refused at the edge.
 */
// Without the `u` flag, so that surrogates are matched as the UTF-16 code units they are.
// eslint-disable-next-line no-control-regex
const INVALID_TEXT_UTF16 = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isValidText(text: string): boolean {
  return !INVALID_TEXT_UTF16.test(text);
}

export interface InvalidText {
  /** JSON path of the offending string (`$` for the root, `members.0.name`), or of the key itself. */
  path: string;
  /** What was found, for the client: `control-character` or `unpaired-surrogate`. */
  reason: 'control-character' | 'unpaired-surrogate';
  /** Offset (UTF-16 code units) of the first offending character. */
  index: number;
}

function describe(text: string, path: string): InvalidText | undefined {
  const match = INVALID_TEXT_UTF16.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  return { path, reason: code >= 0xd800 && code <= 0xdfff ? 'unpaired-surrogate' : 'control-character', index: match.index };
}

/** The first string (value or object key) of a parsed JSON document that is not valid text. */
export function findInvalidText(value: unknown, path: string[] = []): InvalidText | undefined {
  const here = () => (path.length ? path.join('.') : '$');
  if (typeof value === 'string') return describe(value, here());
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInvalidText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const badKey = describe(key, [...path, key].join('.'));
      if (badKey) return badKey;
      const found = findInvalidText(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
