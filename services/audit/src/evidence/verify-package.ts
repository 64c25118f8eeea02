import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { canonicalJson, CanonicalJsonError, verifyChain, type ChainedEvent } from '@benefits/kernel';
import { EVENTS_PART, EVIDENCE_PACKAGE_FORMAT, EVIDENCE_PACKAGE_VERSION, type EvidenceManifest, type PackageSignature } from './evidence-package';

/**
 * Offline check of an evidence package (no server, no database): the manifest's own digest, each
 * part's length and SHA-256, and — from `events.json` as packaged — every stream's revisions
 * (contiguous from the manifest's fromRevision to its toRevision), hash chain (kernel `verifyChain`)
 * and head against the manifest. A signature, when present, is checked against the public key it
 * carries (or the one the caller trusts); its absence is reported, not a failure.
 */
export interface Problem {
  reason: string;
  detail?: string;
}

export interface StreamVerdict {
  streamId: string;
  ok: boolean;
  events: number;
  fromRevision: number | null;
  toRevision: number | null;
  /** The first revision whose link or hash does not verify. */
  brokenAt: number | null;
  problems: Problem[];
}

export interface PartVerdict {
  name: string;
  ok: boolean;
  expectedSha256: string | null;
  actualSha256: string | null;
  problems: Problem[];
}

export type SignatureStatus =
  | { status: 'absent' }
  | { status: 'valid'; keyId: string; trusted: boolean }
  | { status: 'invalid'; keyId: string | null; reason: string };

export interface PackageVerdict {
  ok: boolean;
  packageId: string | null;
  scope: unknown;
  createdAt: string | null;
  /** Problems of the file or manifest as a whole. */
  problems: Problem[];
  parts: PartVerdict[];
  streams: StreamVerdict[];
  signature: SignatureStatus;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface VerifyOptions {
  /** A public key (PEM or SPKI DER) the package must be signed with; without it the key carried in the package is used. */
  trustedPublicKey?: Buffer | string;
}

export function verifyEvidencePackage(file: Buffer | string, options: VerifyOptions = {}): PackageVerdict {
  const verdict: PackageVerdict = { ok: false, packageId: null, scope: null, createdAt: null, problems: [], parts: [], streams: [], signature: { status: 'absent' } };
  let pkg: unknown;
  try {
    pkg = JSON.parse(Buffer.isBuffer(file) ? file.toString('utf8') : file);
  } catch (error) {
    verdict.problems.push({ reason: 'not-json', detail: error instanceof Error ? error.message : String(error) });
    return verdict;
  }
  if (!isObject(pkg) || pkg.format !== EVIDENCE_PACKAGE_FORMAT || !isObject(pkg.manifest) || !isObject(pkg.parts)) {
    verdict.problems.push({ reason: 'not-an-evidence-package', detail: `format must be ${EVIDENCE_PACKAGE_FORMAT} with a manifest and parts` });
    return verdict;
  }
  const manifest = pkg.manifest as unknown as EvidenceManifest;
  verdict.packageId = typeof manifest.packageId === 'string' ? manifest.packageId : null;
  verdict.scope = manifest.scope ?? null;
  verdict.createdAt = typeof manifest.createdAt === 'string' ? manifest.createdAt : null;
  if (manifest.packageVersion !== EVIDENCE_PACKAGE_VERSION) {
    verdict.problems.push({ reason: 'unsupported-version', detail: `packageVersion ${String(manifest.packageVersion)}; this verifier reads ${EVIDENCE_PACKAGE_VERSION}` });
    return verdict;
  }
  if (!Array.isArray(manifest.parts) || !Array.isArray(manifest.streams)) {
    verdict.problems.push({ reason: 'manifest-malformed', detail: 'parts and streams must be lists' });
    return verdict;
  }

  let canonical: string | null = null;
  try {
    canonical = canonicalJson(manifest);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    verdict.problems.push({ reason: 'manifest-malformed', detail: error.message });
  }
  if (canonical !== null && sha256(canonical) !== pkg.manifestSha256) {
    verdict.problems.push({ reason: 'manifest-digest-mismatch', detail: `manifestSha256 ${String(pkg.manifestSha256)}, computed ${sha256(canonical)}` });
  }
  verdict.signature = checkSignature(pkg.signature, canonical, options);
  if (verdict.signature.status === 'invalid') verdict.problems.push({ reason: 'signature-invalid', detail: verdict.signature.reason });

  // Parts: present, base64, length and digest as the manifest says; nothing unlisted.
  const parts = pkg.parts as Record<string, unknown>;
  const bytesOf = new Map<string, Buffer>();
  for (const part of manifest.parts) {
    const pv: PartVerdict = { name: String(part?.name), ok: true, expectedSha256: typeof part?.sha256 === 'string' ? part.sha256 : null, actualSha256: null, problems: [] };
    const encoded = parts[pv.name];
    if (typeof encoded !== 'string' || !BASE64.test(encoded)) {
      pv.problems.push({ reason: 'part-missing', detail: typeof encoded === 'string' ? 'not base64' : 'not in the package' });
    } else {
      const bytes = Buffer.from(encoded, 'base64');
      bytesOf.set(pv.name, bytes);
      pv.actualSha256 = sha256(bytes);
      if (pv.actualSha256 !== pv.expectedSha256) pv.problems.push({ reason: 'digest-mismatch', detail: `manifest ${String(pv.expectedSha256)}, computed ${pv.actualSha256}` });
      if (bytes.length !== part.bytes) pv.problems.push({ reason: 'length-mismatch', detail: `manifest ${String(part.bytes)} bytes, found ${bytes.length}` });
    }
    pv.ok = pv.problems.length === 0;
    verdict.parts.push(pv);
  }
  for (const name of Object.keys(parts)) {
    if (!manifest.parts.some((p) => p?.name === name)) verdict.problems.push({ reason: 'part-not-in-manifest', detail: name });
  }

  // Streams, from events.json as packaged (also when its digest is off: the chain then says where).
  const events = parseEvents(bytesOf.get(EVENTS_PART));
  if ('problem' in events) verdict.problems.push(events.problem);
  const packaged = 'streams' in events ? events.streams : new Map<string, unknown[]>();
  for (const stream of manifest.streams) verdict.streams.push(checkStream(stream, packaged.get(String(stream?.streamId))));
  for (const streamId of packaged.keys()) {
    if (!manifest.streams.some((s) => s?.streamId === streamId)) verdict.problems.push({ reason: 'stream-not-in-manifest', detail: streamId });
  }

  verdict.ok = verdict.problems.length === 0 && verdict.parts.every((p) => p.ok) && verdict.streams.every((s) => s.ok);
  return verdict;
}

function parseEvents(bytes: Buffer | undefined): { streams: Map<string, unknown[]> } | { problem: Problem } {
  if (!bytes) return { problem: { reason: 'events-missing', detail: `${EVENTS_PART} is not in the package` } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { problem: { reason: 'events-not-json', detail: error instanceof Error ? error.message : String(error) } };
  }
  if (!isObject(parsed) || !Array.isArray(parsed.streams)) return { problem: { reason: 'events-malformed', detail: 'expected { streams: [...] }' } };
  const streams = new Map<string, unknown[]>();
  for (const s of parsed.streams as unknown[]) {
    if (!isObject(s) || typeof s.streamId !== 'string' || !Array.isArray(s.events)) return { problem: { reason: 'events-malformed', detail: 'each stream needs streamId and events' } };
    if (streams.has(s.streamId)) return { problem: { reason: 'events-malformed', detail: `stream ${s.streamId} listed twice` } };
    streams.set(s.streamId, s.events);
  }
  return { streams };
}

function checkStream(stream: EvidenceManifest['streams'][number], events: unknown[] | undefined): StreamVerdict {
  const sv: StreamVerdict = {
    streamId: String(stream?.streamId),
    ok: false,
    events: events?.length ?? 0,
    fromRevision: Number.isInteger(stream?.fromRevision) ? stream.fromRevision : null,
    toRevision: Number.isInteger(stream?.toRevision) ? stream.toRevision : null,
    brokenAt: null,
    problems: [],
  };
  if (!events) {
    sv.problems.push({ reason: 'stream-missing', detail: `not in ${EVENTS_PART}` });
    return sv;
  }
  const well = events.every(
    (e) => isObject(e) && e.streamId === sv.streamId && Number.isInteger(e.streamRevision) && typeof e.type === 'string' && isObject(e.metadata) && typeof e.metadata.hash === 'string' && typeof e.metadata.prevHash === 'string',
  );
  if (!well) {
    sv.problems.push({ reason: 'event-malformed', detail: 'every event needs this streamId, streamRevision, type and metadata.prevHash / hash' });
    return sv;
  }
  const chained = events as unknown as ChainedEvent[];
  if (sv.fromRevision !== 0) sv.problems.push({ reason: 'not-from-revision-0', detail: `fromRevision ${String(stream?.fromRevision)}` });
  // Revisions contiguous from the manifest's first to its last.
  const gap = chained.findIndex((e, i) => e.streamRevision !== (sv.fromRevision ?? 0) + i);
  if (gap >= 0) {
    sv.brokenAt = (sv.fromRevision ?? 0) + gap;
    sv.problems.push({ reason: 'revisions-not-contiguous', detail: `expected revision ${sv.brokenAt}, found ${chained[gap].streamRevision}` });
  }
  if (sv.toRevision === null || chained.length === 0 || chained[chained.length - 1].streamRevision !== sv.toRevision || chained.length !== stream.events) {
    sv.problems.push({ reason: 'range-mismatch', detail: `manifest ${String(stream?.fromRevision)}..${String(stream?.toRevision)} (${String(stream?.events)} events), packaged ${chained.length} events` });
  }
  if (gap < 0 && sv.fromRevision === 0) {
    const chain = verifyChain(chained);
    if (!chain.ok) {
      sv.brokenAt = chain.brokenAt;
      sv.problems.push({ reason: `chain-${chain.reason}`, detail: `revision ${chain.brokenAt}: ${chain.reason === 'hash' ? 'the event does not hash to its recorded hash (edited)' : "prevHash is not the previous event's hash"}` });
    } else if (chain.head !== stream.headHash) {
      sv.problems.push({ reason: 'head-mismatch', detail: `manifest head ${String(stream.headHash)}, chain head ${chain.head}` });
    }
  }
  sv.ok = sv.problems.length === 0;
  return sv;
}

function checkSignature(signature: unknown, canonical: string | null, options: VerifyOptions): SignatureStatus {
  if (signature === null || signature === undefined) {
    return options.trustedPublicKey ? { status: 'invalid', keyId: null, reason: 'the package is not signed, but a trusted key was given' } : { status: 'absent' };
  }
  const s = signature as Partial<PackageSignature>;
  const keyId = typeof s.keyId === 'string' ? s.keyId : null;
  if (s.alg !== 'Ed25519' || typeof s.value !== 'string' || typeof s.publicKey !== 'string') return { status: 'invalid', keyId, reason: 'malformed signature' };
  if (canonical === null) return { status: 'invalid', keyId, reason: 'the manifest cannot be canonicalised' };
  try {
    const carried = createPublicKey({ key: Buffer.from(s.publicKey, 'base64'), format: 'der', type: 'spki' });
    const carriedDer = carried.export({ type: 'spki', format: 'der' });
    if (sha256(carriedDer).slice(0, 16) !== keyId) return { status: 'invalid', keyId, reason: 'keyId does not match the public key carried' };
    let trusted = false;
    if (options.trustedPublicKey) {
      const pinned = createPublicKey(options.trustedPublicKey);
      if (!pinned.export({ type: 'spki', format: 'der' }).equals(carriedDer)) return { status: 'invalid', keyId, reason: 'signed with another key than the trusted one' };
      trusted = true;
    }
    const ok = verifySignature(null, Buffer.from(canonical, 'utf8'), carried, Buffer.from(s.value, 'base64'));
    return ok ? { status: 'valid', keyId: keyId!, trusted } : { status: 'invalid', keyId, reason: 'the signature does not match the manifest' };
  } catch (error) {
    return { status: 'invalid', keyId, reason: error instanceof Error ? error.message : String(error) };
  }
}
