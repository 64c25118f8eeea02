import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, chmodSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LocalDate } from '@benefits/kernel';
import { IntegrityErrors } from './integrity.errors';
import type { AnchoredHead, StreamHead } from './verify-all';

/**
 * Anchored chain heads (ADR 0012 §4): once a day, a list of every stream's head (revision, hash)
 * and the log head, signed with Ed25519, written to a directory outside the event store. A stream
 * later rewritten together with its hashes still verifies on its own, but no longer carries the
 * anchored hash at the anchored revision (or no longer reaches it): `ANCHOR_MISMATCH`.
 *
 * Files: `<dir>/<yyyy-mm-dd>.jsonl` (Asia/Shanghai date; a second anchor the same day is
 * `<date>-2.jsonl`, and so on — files are never overwritten) and beside it `<name>.sig`.
 * Line 1 is the header, then one line per stream sorted by stream id. The signature covers the
 * file's bytes exactly.
 *
 * Keys: BENEFITS_AUDIT_ANCHOR_KEY_FILE (PKCS#8 PEM Ed25519 private key) signs;
 * BENEFITS_AUDIT_ANCHOR_PUBLIC_KEY_FILE (SPKI PEM) verifies when given, else the public half of
 * the signing key. Without a key file: `<data dir>/audit-anchor-key.pem`, generated on first use in
 * development (no BENEFITS_JWKS_URL); in production mode a missing key is ANCHOR_KEY_MISSING.
 */

export const ANCHOR_KIND = 'benefits-audit-anchor';

export interface AnchorHeader {
  kind: typeof ANCHOR_KIND;
  version: 1;
  /** Business date (Asia/Shanghai) of the anchor. */
  date: string;
  createdAt: string;
  logHead: { position: string; at: string };
  streams: number;
  events: number;
  /** Streams whose chain was already broken when anchored (their heads are flagged `broken`). */
  brokenStreams: number;
  /** First 16 hex digits of SHA-256 of the public key (SPKI DER). */
  keyId: string;
  verificationId: string | null;
}

export interface AnchorLine {
  streamId: string;
  revision: number;
  hash: string;
  broken?: true;
}

export interface AnchorSignature {
  alg: 'Ed25519';
  keyId: string;
  signature: string;
}

export interface AnchorSettings {
  dir: string;
  dataDir: string;
  keyFile: string;
  publicKeyFile: string | null;
  /** Generate the key on first use (development only). */
  mayGenerate: boolean;
}

export function anchorSettings(env: NodeJS.ProcessEnv = process.env): AnchorSettings {
  const dataDir = env.BENEFITS_DATA_DIR || './.data';
  return {
    dir: env.BENEFITS_AUDIT_ANCHOR_DIR || join(dataDir, 'anchors'),
    dataDir,
    keyFile: env.BENEFITS_AUDIT_ANCHOR_KEY_FILE || join(dataDir, 'audit-anchor-key.pem'),
    publicKeyFile: env.BENEFITS_AUDIT_ANCHOR_PUBLIC_KEY_FILE || null,
    mayGenerate: !env.BENEFITS_AUDIT_ANCHOR_KEY_FILE && !env.BENEFITS_JWKS_URL,
  };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** The signing key; generated (mode 0600) on first use in development. */
export function signingKey(settings: AnchorSettings): KeyObject {
  if (!existsSync(settings.keyFile)) {
    if (!settings.mayGenerate) throw IntegrityErrors.ANCHOR_KEY_MISSING({ keyFile: settings.keyFile });
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(settings.keyFile), { recursive: true });
    writeFileSync(settings.keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const key = createPrivateKey(readFileSync(settings.keyFile));
  if (key.asymmetricKeyType !== 'ed25519') throw IntegrityErrors.ANCHOR_KEY_INVALID({ keyFile: settings.keyFile });
  return key;
}

/** The key anchors are checked with: the configured public key, else the signing key's public half; null when neither exists yet. */
export function verifyingKey(settings: AnchorSettings): KeyObject | null {
  if (settings.publicKeyFile) return createPublicKey(readFileSync(settings.publicKeyFile));
  if (!existsSync(settings.keyFile)) return null;
  return createPublicKey(createPrivateKey(readFileSync(settings.keyFile)));
}

export function anchorText(header: AnchorHeader, heads: Iterable<[string, StreamHead & { broken?: boolean }]>): string {
  const lines = [...heads]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([streamId, h]) => JSON.stringify(h.broken ? { streamId, revision: h.revision, hash: h.hash, broken: true } : { streamId, revision: h.revision, hash: h.hash }));
  return `${JSON.stringify(header)}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`;
}

const NAME = /^(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.jsonl$/;

/** Anchor files in the directory, oldest first (by date, then sequence). */
export function anchorFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => NAME.test(name))
    .map((name) => {
      const m = NAME.exec(name)!;
      return { name, date: m[1], seq: Number(m[2] ?? 1) };
    })
    .sort((a, b) => (a.date === b.date ? a.seq - b.seq : a.date < b.date ? -1 : 1))
    .map((f) => f.name);
}

export interface WrittenAnchor {
  file: string;
  sha256: string;
  header: AnchorHeader;
}

/** Writes a signed anchor for `at`'s business date; never overwrites an earlier one. */
export function writeAnchor(
  settings: AnchorSettings,
  input: Omit<AnchorHeader, 'kind' | 'version' | 'date' | 'createdAt' | 'keyId'>,
  heads: Iterable<[string, StreamHead & { broken?: boolean }]>,
  at: Date,
): WrittenAnchor {
  const key = signingKey(settings);
  const publicKey = createPublicKey(key);
  const date = LocalDate.ofInstant(at).toString();
  const header: AnchorHeader = { kind: ANCHOR_KIND, version: 1, date, createdAt: at.toISOString(), keyId: keyIdOf(publicKey), ...input };
  const text = anchorText(header, heads);
  const bytes = Buffer.from(text, 'utf8');
  const signature: AnchorSignature = { alg: 'Ed25519', keyId: header.keyId, signature: sign(null, bytes, key).toString('base64') };
  try {
    mkdirSync(settings.dir, { recursive: true });
    const taken = new Set(anchorFiles(settings.dir));
    let seq = 1;
    let name = `${date}.jsonl`;
    while (taken.has(name) || existsSync(join(settings.dir, name))) name = `${date}-${++seq}.jsonl`;
    const path = join(settings.dir, name);
    // The signature first, then the anchor under its final name in one rename: a reader never sees an unsigned anchor.
    writeFileSync(`${path}.sig`, `${JSON.stringify(signature)}\n`, { flag: 'wx', mode: 0o444 });
    const temporary = join(settings.dir, `.${name}.partial`);
    writeFileSync(temporary, bytes, { mode: 0o444 });
    renameSync(temporary, path);
    chmodSync(path, 0o444);
    return { file: name, sha256: createHash('sha256').update(bytes).digest('hex'), header };
  } catch (error) {
    throw IntegrityErrors.ANCHOR_WRITE_FAILED({ dir: settings.dir, reason: error instanceof Error ? error.message : String(error) });
  }
}

export type SignatureVerdict = 'valid' | 'invalid' | 'missing' | 'no-key';

export interface LoadedAnchor {
  file: string;
  signature: SignatureVerdict;
  header: AnchorHeader | null;
  /** Heads by stream (empty unless the signature is valid: an unsigned list proves nothing). */
  heads: Map<string, { revision: number; hash: string }>;
}

export function checkSignature(bytes: Buffer, sigPath: string, key: KeyObject | null): SignatureVerdict {
  if (!existsSync(sigPath)) return 'missing';
  if (!key) return 'no-key';
  try {
    const sig = JSON.parse(readFileSync(sigPath, 'utf8')) as Partial<AnchorSignature>;
    if (sig.alg !== 'Ed25519' || typeof sig.signature !== 'string') return 'invalid';
    return verify(null, bytes, key, Buffer.from(sig.signature, 'base64')) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Reads an anchor and checks its signature; its heads are returned only when the signature holds. */
export function loadAnchor(settings: AnchorSettings, file: string, key = verifyingKey(settings)): LoadedAnchor {
  const path = join(settings.dir, file);
  const bytes = readFileSync(path);
  const signature = checkSignature(bytes, `${path}.sig`, key);
  const lines = bytes.toString('utf8').split('\n').filter((l) => l.length > 0);
  let header: AnchorHeader | null = null;
  try {
    const parsed = JSON.parse(lines[0] ?? '') as AnchorHeader;
    header = parsed.kind === ANCHOR_KIND ? parsed : null;
  } catch {
    header = null;
  }
  const heads = new Map<string, { revision: number; hash: string }>();
  if (signature === 'valid' && header) {
    for (const line of lines.slice(1)) {
      const l = JSON.parse(line) as AnchorLine;
      heads.set(l.streamId, { revision: l.revision, hash: l.hash });
    }
  }
  return { file, signature, header: signature === 'valid' ? header : header && { ...header }, heads };
}

/** The header of an anchor file (first line only): for listing without reading every head. */
export function readAnchorHeader(settings: AnchorSettings, file: string): AnchorHeader | null {
  const fd = openSync(join(settings.dir, file), 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, n).toString('utf8').split('\n')[0];
    const parsed = JSON.parse(first) as AnchorHeader;
    return parsed.kind === ANCHOR_KIND ? parsed : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Anchored heads of the anchors to check, merged by stream (for the verifier). */
export function anchoredHeads(anchors: readonly LoadedAnchor[]): Map<string, AnchoredHead[]> {
  const merged = new Map<string, AnchoredHead[]>();
  for (const anchor of anchors) {
    for (const [streamId, head] of anchor.heads) {
      const list = merged.get(streamId);
      const entry = { revision: head.revision, hash: head.hash, anchor: anchor.file };
      if (list) list.push(entry);
      else merged.set(streamId, [entry]);
    }
  }
  return merged;
}
