import { createHash } from 'node:crypto';
import { canonicalJson, type EventEnvelope } from '@benefits/kernel';

/**
 * An evidence package (ADR 0012 §7): one JSON file, so it can be mailed, archived and checked
 * without any tool but `benefits audit verify-package` (no archive format needs a new dependency).
 *
 *   {
 *     format: 'benefits.audit.evidence-package',
 *     manifest: { packageVersion, packageId, createdAt, createdBy, scope, streams, parts, people },
 *     manifestSha256: SHA-256 of the manifest's canonical JSON (RFC 8785),
 *     signature: Ed25519 over that canonical JSON with the audit anchor key, or null,
 *     parts: { 'events.json': base64, 'people.xlsx': base64 }
 *   }
 *
 * Each part's SHA-256 and length are in the manifest and are computed over the part's bytes as
 * packaged. `events.json` holds every event of every packaged stream as stored (metadata with
 * `prevHash` / `hash`), so each stream's hash chain can be recomputed from the package alone.
 */
export const EVIDENCE_PACKAGE_FORMAT = 'benefits.audit.evidence-package';
export const EVIDENCE_PACKAGE_VERSION = 1;
export const EVENTS_PART = 'events.json';
export const PEOPLE_PART = 'people.xlsx';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PackageActor {
  id: string;
  role: string;
  divisionCode: string;
}

export type PackageScope =
  | { kind: 'case'; caseId: string; divisionCode: string | null; benefit: string | null }
  | { kind: 'finding'; findingId: string; ruleId: string | null; divisionCodes: string[]; caseIds: string[] };

export interface PackagedStream {
  streamId: string;
  fromRevision: number;
  toRevision: number;
  events: number;
  /** The hash of the stream's last packaged event. */
  headHash: string;
  /** Revisions a finding cites as evidence on this stream (finding packages only). */
  cited?: number[];
}

export interface PackagePart {
  name: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export interface EvidenceManifest {
  packageVersion: number;
  packageId: string;
  createdAt: string;
  createdBy: PackageActor;
  scope: PackageScope;
  streams: PackagedStream[];
  parts: PackagePart[];
  people: { count: number; erased: number; masking: string };
}

export interface PackageSignature {
  alg: 'Ed25519';
  keyId: string;
  /** SPKI DER, base64: lets the package be checked offline; compare keyId with the published anchor key. */
  publicKey: string;
  /** Signature over the manifest's canonical JSON (UTF-8), base64. */
  value: string;
}

export interface EvidencePackage {
  format: typeof EVIDENCE_PACKAGE_FORMAT;
  manifest: EvidenceManifest;
  manifestSha256: string;
  signature: PackageSignature | null;
  parts: Record<string, string>;
}

/** The content of `events.json`. */
export interface PackagedEvents {
  streams: { streamId: string; events: EventEnvelope[] }[];
}

export const sha256Of = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Signs the manifest's canonical JSON; absent when no anchor key is configured. */
export type ManifestSigner = (canonicalManifest: Buffer) => PackageSignature | null;

export interface PackageInput {
  packageId: string;
  createdAt: string;
  createdBy: PackageActor;
  scope: PackageScope;
  /** Each stream read whole from revision 0, in the order to package them. */
  streams: { streamId: string; events: EventEnvelope[]; cited?: number[] }[];
  people: { xlsx: Buffer; count: number; erased: number; masking: string };
  sign?: ManifestSigner;
}

/** Builds the package; the serialised file is `JSON.stringify(package)` (see `serialiseEvidencePackage`). */
export function buildEvidencePackage(input: PackageInput): EvidencePackage {
  const streams = input.streams.filter((s) => s.events.length > 0);
  const eventsBytes = Buffer.from(JSON.stringify({ streams: streams.map((s) => ({ streamId: s.streamId, events: s.events })) } satisfies PackagedEvents, null, 1), 'utf8');
  const part = (name: string, mediaType: string, bytes: Buffer): PackagePart => ({ name, mediaType, bytes: bytes.length, sha256: sha256Of(bytes) });
  const manifest: EvidenceManifest = {
    packageVersion: EVIDENCE_PACKAGE_VERSION,
    packageId: input.packageId,
    createdAt: input.createdAt,
    createdBy: { id: input.createdBy.id, role: input.createdBy.role, divisionCode: input.createdBy.divisionCode },
    scope: input.scope,
    streams: streams.map((s) => {
      const last = s.events[s.events.length - 1];
      return {
        streamId: s.streamId,
        fromRevision: s.events[0].streamRevision,
        toRevision: last.streamRevision,
        events: s.events.length,
        headHash: String(last.metadata.hash),
        ...(s.cited ? { cited: [...new Set(s.cited)].sort((a, b) => a - b) } : {}),
      };
    }),
    parts: [part(EVENTS_PART, 'application/json', eventsBytes), part(PEOPLE_PART, XLSX_MEDIA_TYPE, input.people.xlsx)],
    people: { count: input.people.count, erased: input.people.erased, masking: input.people.masking },
  };
  const canonical = Buffer.from(canonicalJson(manifest), 'utf8');
  return {
    format: EVIDENCE_PACKAGE_FORMAT,
    manifest,
    manifestSha256: sha256Of(canonical),
    signature: input.sign?.(canonical) ?? null,
    parts: { [EVENTS_PART]: eventsBytes.toString('base64'), [PEOPLE_PART]: input.people.xlsx.toString('base64') },
  };
}

export function serialiseEvidencePackage(pkg: EvidencePackage): Buffer {
  return Buffer.from(JSON.stringify(pkg), 'utf8');
}
