/**
 * Personal data as it travels in events: AES-256-GCM ciphertext of one record of fields under the
 * person's data key. Plain JSON (base64url strings), so it can sit in an event's `data` as is.
 * Kept apart from the vault (no keys, no crypto): schemas and deciders that only carry sealed data,
 * and the web console that bundles them, need not load it.
 */
export interface SealedPersonalData {
  personRef: string;
  keyVersion: number;
  alg: 'A256GCM';
  iv: string;
  tag: string;
  ct: string;
}

const ALG = 'A256GCM';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const B64URL = /^[A-Za-z0-9_-]*$/;

export function isSealedPersonalData(value: unknown): value is SealedPersonalData {
  const v = value as Partial<SealedPersonalData> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.personRef === 'string' && UUID.test(v.personRef) &&
    Number.isInteger(v.keyVersion) && v.alg === ALG &&
    [v.iv, v.tag, v.ct].every((part) => typeof part === 'string' && B64URL.test(part))
  );
}
