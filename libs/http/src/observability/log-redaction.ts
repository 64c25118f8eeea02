import type { DestinationStream } from 'pino';

/**
 * Personal data never reaches a log line. Three layers, each on its own enough for what it covers:
 *
 * 1. what is logged is chosen: request logs carry method, path (no query string), status, ids —
 *    never bodies or headers; messaging logs carry ids and types, never message values;
 * 2. fields by name, at any depth (`PERSONAL_FIELD_NAMES`): names, 身份证号, phones, bank accounts,
 *    addresses, tokens — replaced by `[redacted]` before the line is written;
 * 3. a last-resort scrubber over every finished line (`scrubLogText`), so a message string or an
 *    error text cannot leak either: 18-character resident ids, 11-digit mainland mobile numbers and
 *    runs of 12 or more digits, plain or in groups of four (bank accounts, card numbers) become `[redacted]`.
 *
 * Names in free text cannot be recognised by pattern; layer 1 and 2 keep them out.
 */
export const REDACTED = '[redacted]';

/** Field names (compared lower-case, without `_` and `-`) whose values are never logged. */
export const PERSONAL_FIELD_NAMES: ReadonlySet<string> = new Set(
  [
    'name',
    'fullName',
    'holderName',
    'applicantName',
    'personName',
    'memberName',
    'guardianName',
    'contactName',
    'displayName',
    'residentId',
    'idNumber',
    'idCard',
    'idCardNumber',
    'identityNumber',
    'citizenId',
    'phone',
    'phoneNumber',
    'mobile',
    'mobileNumber',
    'telephone',
    'tel',
    'contactPhone',
    'bankAccount',
    'accountNumber',
    'account',
    'cardNumber',
    'iban',
    'address',
    'homeAddress',
    'authorization',
    'cookie',
    'token',
    'password',
    'secret',
    'plaintext',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/**
 * Patterns of the scrubber; each bounded by non-alphanumerics so ids, hashes and trace ids (hex)
 * are left alone. Resident ids: 17 digits and a digit or X. Mobiles: 1[3-9] and 9 more digits.
 * Long digit runs: 12 or more digits, or groups of four split by a space or hyphen as account
 * numbers are written (6230 9100 0000 1234). The written forms too: a resident id in 6-8-4 groups
 * (330402 19700315 002X), a mobile in 3-4-4 groups (139 1234 5678, 139-1234-5678), a landline with
 * its area code (0571-88886666, 0571 88886666, (0571)88886666). Run ids such as
 * tefu-330402-2024-09-1, dates, periods (2024-09) and UUIDs stay readable: no group pattern starts
 * with a 2-digit group and a landline's area code begins with 0 and is followed by 7-8 digits.
 */
const SCRUB_PATTERNS: readonly RegExp[] = [
  /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{6}[ -]\d{8}[ -]\d{3}[\dXx](?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])1[3-9]\d[ -]\d{4}[ -]\d{4}(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])(?:0\d{2,3}[ -]|\(0\d{2,3}\) ?)\d{7,8}(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{12,}(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{4}(?:[ -]\d{4}){2,}(?:[ -]\d{1,4})?(?![0-9A-Za-z])/g,
];

/** UUIDs (event, correlation and case ids) are never personal data; an all-digit one would look like groups. */
const UUID = /((?<![0-9A-Za-z])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z]))/;

/** The text with every resident id, mobile number and long digit run replaced by `[redacted]`. */
export function scrubLogText(text: string): string {
  // split() with a capturing group: the UUIDs are at the odd indices and are kept as they are.
  return text
    .split(UUID)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = part;
      for (const pattern of SCRUB_PATTERNS) out = out.replace(pattern, REDACTED);
      return out;
    })
    .join('');
}

/** A copy of a log record's fields with personal fields redacted and strings scrubbed, at any depth. */
export function redactLogFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubLogText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return { type: value.name, message: scrubLogText(value.message), stack: value.stack ? scrubLogText(value.stack) : undefined, code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((item) => redactLogFields(item, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = PERSONAL_FIELD_NAMES.has(normaliseKey(key)) ? REDACTED : redactLogFields(field, depth + 1);
  }
  return out;
}

/**
 * A pino destination that scrubs every finished line before it reaches `inner`: catches what the
 * field redaction cannot see (the message string, bindings, serialised errors).
 */
export function scrubbingDestination(inner: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      inner.write(scrubLogText(line));
    },
  };
}
