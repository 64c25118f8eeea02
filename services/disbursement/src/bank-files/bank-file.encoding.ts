import * as iconv from 'iconv-lite';

export type BankFileEncoding = 'UTF-8' | 'GBK';

/** Text → bytes in the layout's encoding (GBK through iconv-lite). Check `isRepresentable` first: iconv replaces what it cannot encode. */
export function encodeText(text: string, encoding: BankFileEncoding): Buffer {
  return encoding === 'UTF-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gbk');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text survives the round trip through the encoding unchanged. */
export function isRepresentable(text: string, encoding: BankFileEncoding): boolean {
  if (PRINTABLE_ASCII.test(text)) return true;
  if (LONE_SURROGATE.test(text)) return false;
  if (encoding === 'UTF-8') return true;
  // GBK is stateless, so a text is representable when each of its characters is; remember each answer
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    let ok = gbkChars.get(char);
    if (ok === undefined) {
      ok = iconv.decode(iconv.encode(char, 'gbk'), 'gbk') === char;
      gbkChars.set(char, ok);
    }
    if (!ok) return false;
  }
  return true;
}

const gbkChars = new Map<string, boolean>();

/** The characters of the text the encoding cannot represent (each once, in order), for error messages. */
export function unrepresentableChars(text: string, encoding: BankFileEncoding): string[] {
  const bad: string[] = [];
  for (const char of text) {
    if (!isRepresentable(char, encoding) && !bad.includes(char)) bad.push(char);
  }
  return bad;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → text, strictly: null when the bytes are not valid in the encoding (never a guess, never a
 * replacement character). UTF-8 uses a fatal TextDecoder; GBK decodes with iconv-lite and refuses
 * any U+FFFD in the result (GBK has no such character, so it only appears for invalid bytes).
 */
export function decodeStrict(bytes: Uint8Array, encoding: BankFileEncoding): string | null {
  if (encoding === 'UTF-8') {
    try {
      return utf8Fatal.decode(bytes);
    } catch {
      return null;
    }
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gbk');
  return text.includes('\uFFFD') ? null : text;
}
