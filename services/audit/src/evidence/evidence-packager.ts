import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { newId, type Actor, type EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { PersonalDataVault } from '@benefits/identity';
import type { ReadModels } from '@benefits/read-store';
import { assertAuditMay, assertAuditRole } from '../access';
import { AuditErrors } from '../audit.errors';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, caseDocId, type CaseStreamDoc } from '../read-models/case-streams.projection';
import type { AuditSource } from '../replica/replica-store';
import { anchorSettings, keyIdOf } from '../integrity/anchors';
import { EvidenceErrors } from './evidence.errors';
import { buildEvidencePackage, serialiseEvidencePackage, sha256Of, type EvidencePackage, type ManifestSigner, type PackageScope } from './evidence-package';
import { PEOPLE_MASKING, peopleOf, peopleWorkbook, sealedRecordsOf } from './people-sheet';

/** At most this many events in one package (a case has tens to hundreds). */
export const MAX_PACKAGE_EVENTS = 50_000;
const STREAM_PAGE = 1000;
const FINDING_STREAM = /^[0-9a-f]{32}$/;

export interface EvidencePackagerDeps {
  /** What audit reads: the shared store, or the replica. */
  source: Pick<AuditSource, 'readStream'>;
  /** Audit's own store (finding streams). */
  own: Pick<EventStore, 'readStream'>;
  readModels: Pick<ReadModels, 'fresh'>;
  vault: () => Promise<Pick<PersonalDataVault, 'openMany'>>;
  signer?: () => ManifestSigner | null;
  now?: () => Date;
}

export interface BuiltPackage {
  fileName: string;
  bytes: Buffer;
  pkg: EvidencePackage;
}

/**
 * Builds evidence packages (ADR 0012 §7). Which streams belong to a case comes from the
 * `audit.case-streams` read model; every stream is read by id from revision 0 (never the global
 * log). The people are opened from the vault with purpose `evidence-export`, which logs them.
 */
export class EvidencePackager {
  constructor(private readonly deps: EvidencePackagerDeps) {}

  async forCase(actor: Actor, caseId: string, correlationId: string): Promise<BuiltPackage> {
    assertAuditRole(actor, 'exportEvidence');
    const view = await this.deps.readModels.fresh(CASE_STREAMS_PROJECTION);
    const collection = view.collection<CaseStreamDoc>(CASE_STREAMS);
    const caseDoc = await collection.get(caseDocId(caseId));
    if (!caseDoc) throw AuditErrors.CASE_NOT_FOUND({ caseId });
    this.assertInScope(actor, caseDoc.divisionCode ? [caseDoc.divisionCode] : [], { caseId });
    const streamIds: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await collection.find({ filter: { caseId }, sort: [{ field: 'streamId', direction: 'asc' }], limit: STREAM_PAGE, cursor });
      streamIds.push(...page.items.map((d) => d.streamId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    // The case stream first, then the others in id order.
    const ordered = [caseDocId(caseId), ...streamIds.filter((id) => id !== caseDocId(caseId))];
    const caseStreams = await this.readStreams(ordered.map((streamId) => ({ streamId })));
    // The people's bank accounts (disbursement's `account-<personRef>` streams) belong to no case:
    // those of the case's persons are added, read by id.
    const streams = [...caseStreams, ...(await this.readStreams(accountStreamsOf(caseStreams), caseStreams))];
    const scope: PackageScope = { kind: 'case', caseId, divisionCode: caseDoc.divisionCode ?? null, benefit: caseDoc.benefit ?? null };
    return this.build(actor, correlationId, scope, streams, `evidence-case-${caseId}`);
  }

  /**
   * A finding's package: its own stream, every stream its events cite as evidence (`data.evidence`:
   * {streamId, revision}), and the `case-<caseId>` stream of each case it names (for the people).
   * Every division the finding names must be the actor's or under it.
   */
  async forFinding(actor: Actor, findingId: string, correlationId: string): Promise<BuiltPackage> {
    assertAuditRole(actor, 'exportEvidence');
    if (!FINDING_STREAM.test(findingId)) throw EvidenceErrors.FINDING_NOT_FOUND({ findingId });
    const findingStreamId = `finding-${findingId}`;
    const findingEvents = await this.deps.own.readStream(findingStreamId);
    if (findingEvents.length === 0) throw EvidenceErrors.FINDING_NOT_FOUND({ findingId });
    const cited = new Map<string, number[]>();
    const divisions = new Set<string>();
    const caseIds = new Set<string>();
    let ruleId: string | null = null;
    for (const event of findingEvents) {
      const data = (event.data ?? {}) as { evidence?: unknown; divisionCodes?: unknown; cases?: unknown; ruleId?: unknown };
      if (typeof data.ruleId === 'string') ruleId = data.ruleId;
      if (Array.isArray(data.divisionCodes)) {
        // The latest content names the divisions (a re-scan may change them).
        divisions.clear();
        for (const d of data.divisionCodes) if (typeof d === 'string') divisions.add(d);
      }
      if (Array.isArray(data.cases)) {
        for (const c of data.cases as { caseId?: unknown; divisionCode?: unknown }[]) {
          if (typeof c?.caseId === 'string') caseIds.add(c.caseId);
          if (typeof c?.divisionCode === 'string') divisions.add(c.divisionCode);
        }
      }
      if (Array.isArray(data.evidence)) {
        for (const link of data.evidence as { streamId?: unknown; revision?: unknown }[]) {
          if (typeof link?.streamId !== 'string' || !Number.isInteger(link.revision)) continue;
          cited.set(link.streamId, [...(cited.get(link.streamId) ?? []), link.revision as number]);
        }
      }
    }
    this.assertInScope(actor, [...divisions], { findingId });
    const wanted = [
      ...[...caseIds].map((caseId) => ({ streamId: `case-${caseId}` })),
      ...[...cited.entries()].map(([streamId, revisions]) => ({ streamId, cited: revisions })),
    ].filter((s, i, all) => all.findIndex((o) => o.streamId === s.streamId) === i && s.streamId !== findingStreamId);
    const read = [{ streamId: findingStreamId, events: findingEvents }, ...(await this.readStreams(wanted))];
    const streams = [...read, ...(await this.readStreams(accountStreamsOf(read).filter((a) => !cited.has(a.streamId)), read))];
    for (const [streamId, revisions] of cited) {
      const stream = streams.find((s) => s.streamId === streamId);
      const max = Math.max(...revisions);
      if (!stream || stream.events.length <= max) throw EvidenceErrors.EVIDENCE_STREAM_MISSING({ findingId, streamId, revision: max, found: stream?.events.length ?? 0 });
    }
    const scope: PackageScope = { kind: 'finding', findingId, ruleId, divisionCodes: [...divisions].sort(), caseIds: [...caseIds].sort() };
    return this.build(actor, correlationId, scope, streams, `evidence-finding-${findingId}`);
  }

  /** Refuses unless every division is the actor's or under it; nothing to scope by: admin only. */
  private assertInScope(actor: Actor, divisions: readonly string[], details: Record<string, unknown>): void {
    if (divisions.length === 0) {
      if (actor.role !== 'admin') throw AuditErrors.DIVISION_OUT_OF_SCOPE({ ...details, divisionCode: null, actorDivision: actor.divisionCode, reason: 'admin only' });
      return;
    }
    for (const divisionCode of divisions) assertAuditMay(actor, 'exportEvidence', divisionCode);
  }

  private async readStreams(wanted: readonly { streamId: string; cited?: number[] }[], already: readonly { events: EventEnvelope[] }[] = []) {
    const out: { streamId: string; events: EventEnvelope[]; cited?: number[] }[] = [];
    let total = already.reduce((n, s) => n + s.events.length, 0);
    for (const w of wanted) {
      let events = await this.deps.source.readStream(w.streamId);
      // Audit's own streams (recomputations, scans) are in its own store in the separate-process mode.
      if (events.length === 0 && this.deps.own !== this.deps.source) events = await this.deps.own.readStream(w.streamId);
      total += events.length;
      if (total > MAX_PACKAGE_EVENTS) throw EvidenceErrors.EVIDENCE_PACKAGE_TOO_LARGE({ limit: MAX_PACKAGE_EVENTS });
      out.push({ ...w, events });
    }
    return out;
  }

  private async build(actor: Actor, correlationId: string, scope: PackageScope, streams: { streamId: string; events: EventEnvelope[]; cited?: number[] }[], baseName: string): Promise<BuiltPackage> {
    const createdAt = (this.deps.now?.() ?? new Date()).toISOString();
    const records = sealedRecordsOf(streams);
    const vault = await this.deps.vault();
    const people = await peopleOf(records, vault, { actor, purpose: 'evidence-export', correlationId });
    const title = scope.kind === 'case' ? `证据包 evidence package — case ${scope.caseId}` : `证据包 evidence package — 疑点 finding ${scope.findingId}`;
    const xlsx = await peopleWorkbook(people, records, { title, createdAt });
    const pkg = buildEvidencePackage({
      packageId: newId(),
      createdAt,
      createdBy: actor,
      scope,
      streams,
      people: { xlsx, count: people.length, erased: people.filter((p) => p.erased).length, masking: PEOPLE_MASKING },
      sign: this.deps.signer?.() ?? undefined,
    });
    const stamp = createdAt.replace(/[-:]/g, '').slice(0, 15);
    return { fileName: `${baseName}-${stamp}.json`, bytes: serialiseEvidencePackage(pkg), pkg };
  }
}

const PERSON_REF = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The account streams of the persons of these streams: each sealed record's personRef and each
 * `data.personRef` (a payment's beneficiary), once each, not already packaged.
 */
function accountStreamsOf(streams: readonly { streamId: string; events: readonly EventEnvelope[] }[]): { streamId: string }[] {
  const refs = new Set<string>();
  for (const record of sealedRecordsOf(streams)) refs.add(record.sealed.personRef.toLowerCase());
  for (const stream of streams) {
    for (const event of stream.events) {
      const ref = (event.data as { personRef?: unknown } | null)?.personRef;
      if (typeof ref === 'string' && PERSON_REF.test(ref)) refs.add(ref);
    }
  }
  const have = new Set(streams.map((s) => s.streamId));
  return [...refs].sort().map((ref) => ({ streamId: `account-${ref}` })).filter((s) => !have.has(s.streamId));
}

/**
 * Signs with the audit anchor key (ADR 0012 §4, `integrity/anchors.ts`) when its file exists:
 * BENEFITS_AUDIT_ANCHOR_KEY_FILE, else `<data dir>/audit-anchor-key.pem` (PKCS#8 PEM, Ed25519); the
 * same key id as the anchors. Never creates a key: without one the package is unsigned (its digests
 * still bind it; the signature only says who made it).
 */
export function anchorKeySigner(env: NodeJS.ProcessEnv = process.env): ManifestSigner | null {
  const { keyFile } = anchorSettings(env);
  if (!existsSync(keyFile)) return null;
  const key = createPrivateKey(readFileSync(keyFile));
  if (key.asymmetricKeyType !== 'ed25519') return null;
  const publicKey = createPublicKey(key);
  const keyId = keyIdOf(publicKey);
  const publicDer = publicKey.export({ type: 'spki', format: 'der' });
  return (canonical) => ({ alg: 'Ed25519', keyId, publicKey: publicDer.toString('base64'), value: sign(null, canonical, key).toString('base64') });
}

export { sha256Of };
