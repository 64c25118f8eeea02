import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentCollection, DocumentSession, Projection } from '@benefits/read-store';

/**
 * `audit.people`: what the 疑点 rules need to know about cases and the persons in them, from the
 * case streams (`case-<caseId>`) of 低保, 特扶 and 临时救助 — never personal data: persons are known
 * by personRef only (their 身份证号 fingerprints are asked of the vault at scan time, never stored).
 *
 * - `audit-anomaly-cases`, one document per case: benefit, division, members, open / rejected,
 *   the 临时救助 cause and date, every officer who recorded an event on it (actor ids from the
 *   events' metadata, with role and the revision and time of their first event), the revision of a
 *   recorded duplicate override.
 * - `audit-people`, one document per personRef: the person's cases (benefit, division, open,
 *   rejected, cause), the count of open cases, and the recorded date of death with the event it
 *   comes from.
 *
 * Deaths: a 特扶 `tefu.FactRecorded.v1` of kind `death` (a correction that supersedes it replaces
 * it), and a 低保 `dibao.CaseExited.v1` with reason `death` of a one-member household (whose member
 * is then the deceased). 低保 membership follows `dibao.CircumstancesChanged.v1` (added / removed
 * members) as recorded.
 *
 * Each document keeps the last revision it applied per case stream: an event at or below it
 * changes nothing, so a redelivery or a rebuild writes the same documents.
 */
export const PEOPLE_PROJECTION = 'audit.people';

export const ANOMALY_CASES: CollectionSchema = {
  name: 'audit-anomaly-cases',
  fields: { benefit: 'string', divisionCode: 'string', open: 'boolean', actorIds: 'string[]', memberRefs: 'string[]' },
};

export const PEOPLE: CollectionSchema = {
  name: 'audit-people',
  fields: { divisionCodes: 'string[]', openCaseCount: 'number', linshiCount: 'number', deathDate: 'string?' },
};

export type BenefitId = 'dibao' | 'tefu' | 'linshi';

export interface CaseActor {
  id: string;
  role: string;
  divisionCode: string;
  firstRevision: number;
  firstRecordedAt: string;
}

export interface AnomalyCaseDoc {
  [key: string]: unknown;
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  open: boolean;
  rejected: boolean;
  memberRefs: string[];
  actorIds: string[];
  actors: CaseActor[];
  /** 临时救助: the cause and the date applied. */
  cause: string | null;
  appliedOn: string;
  overrideRevision: number | null;
  /** 临时救助: an officer recorded an 一事一救 override when the case was applied for. */
  sameCauseOverride: boolean;
  revision: number;
}

export interface PersonCase {
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  open: boolean;
  rejected: boolean;
  cause: string | null;
  appliedOn: string;
  overrideRevision: number | null;
  sameCauseOverride: boolean;
}

export interface DeathRecord {
  /** The fact id, or `exit:<caseId>` for a 低保 exit by death. */
  recordId: string;
  caseId: string;
  date: string;
  supersedes: string | null;
  streamId: string;
  revision: number;
}

export interface PersonDoc {
  [key: string]: unknown;
  personRef: string;
  cases: PersonCase[];
  divisionCodes: string[];
  openCaseCount: number;
  linshiCount: number;
  deathDate: string | null;
  deathRecords: DeathRecord[];
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CASE_STREAM = new RegExp(`^case-(${UUID})$`);
const FIRST_EVENTS: Record<string, BenefitId> = {
  'dibao.ApplicationSubmitted.v1': 'dibao',
  'tefu.CaseCreated.v1': 'tefu',
  'linshi.ApplicationSubmitted.v1': 'linshi',
};
const CLOSING: Record<string, 'rejected' | 'ended' | 'decided'> = {
  'dibao.CaseRejected.v1': 'rejected',
  'dibao.CaseExited.v1': 'ended',
  'tefu.CaseRejected.v1': 'rejected',
  'tefu.CaseTerminated.v1': 'ended',
  'linshi.CaseRejected.v1': 'rejected',
  // A decided 临时救助 case no longer holds its members (its grant still counts for 一事一救).
  'linshi.CaseApproved.v1': 'decided',
};

export function peopleProjection(): Projection {
  return {
    name: PEOPLE_PROJECTION,
    collections: [ANOMALY_CASES, PEOPLE],
    handles: (event) => CASE_STREAM.test(event.streamId) && /^(dibao|tefu|linshi)\./.test(event.type),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const caseId = CASE_STREAM.exec(event.streamId)![1];
      const cases = session.collection<AnomalyCaseDoc>(ANOMALY_CASES);
      const people = session.collection<PersonDoc>(PEOPLE);
      const held = await cases.get(caseId);
      if (held && held.revision >= event.streamRevision) return;
      const data = (event.data ?? {}) as Record<string, any>;
      let doc: AnomalyCaseDoc;
      if (!held) {
        const benefit = FIRST_EVENTS[event.type];
        if (!benefit) return;
        doc = {
          caseId,
          benefit,
          divisionCode: String(data.divisionCode ?? ''),
          open: true,
          rejected: false,
          memberRefs: membersOf(data.members),
          actorIds: [],
          actors: [],
          cause: benefit === 'linshi' && typeof data.cause === 'string' ? data.cause : null,
          appliedOn: String(data.effectiveFrom ?? event.recordedAt.slice(0, 10)),
          overrideRevision: null,
          sameCauseOverride: data.sameCauseOverride !== undefined && data.sameCauseOverride !== null,
          revision: event.streamRevision,
        };
      } else {
        doc = { ...held, revision: event.streamRevision, actors: [...held.actors], memberRefs: [...held.memberRefs] };
      }
      const before = held ? { members: held.memberRefs, open: held.open, rejected: held.rejected } : { members: [] as string[], open: false, rejected: false };
      const actor = event.metadata?.actor;
      if (actor && typeof actor.id === 'string' && !doc.actors.some((a) => a.id === actor.id)) {
        doc.actors.push({ id: actor.id, role: actor.role, divisionCode: actor.divisionCode, firstRevision: event.streamRevision, firstRecordedAt: event.recordedAt });
        doc.actorIds = doc.actors.map((a) => a.id);
      }
      const closing = CLOSING[event.type];
      if (closing && doc.open) {
        doc.open = false;
        doc.rejected = closing === 'rejected';
      }
      if (event.type.endsWith('.DuplicateCaseOverridden.v1') && doc.overrideRevision === null) doc.overrideRevision = event.streamRevision;
      if (event.type === 'dibao.CircumstancesChanged.v1') {
        const removed = new Set<string>(Array.isArray(data.removedMembers) ? data.removedMembers.filter((r: unknown) => typeof r === 'string') : []);
        doc.memberRefs = [...doc.memberRefs.filter((r) => !removed.has(r)), ...membersOf(data.addedMembers).filter((r) => !doc.memberRefs.includes(r))];
      }
      await cases.upsert(caseId, doc);

      // The persons concerned: members now or before (a removed member's entry is dropped).
      const touched = new Set([...before.members, ...doc.memberRefs]);
      const death = deathOf(event, doc, before.members);
      if (death) touched.add(death.personRef);
      const changedCase = !held || before.open !== doc.open || before.rejected !== doc.rejected || before.members.join() !== doc.memberRefs.join() || event.type.endsWith('.DuplicateCaseOverridden.v1');
      if (!changedCase && !death) return;
      for (const personRef of touched) {
        await updatePerson(people, personRef, (person) => {
          const others = person.cases.filter((c) => c.caseId !== caseId);
          const cases = doc.memberRefs.includes(personRef)
            ? [...others, { caseId, benefit: doc.benefit, divisionCode: doc.divisionCode, open: doc.open, rejected: doc.rejected, cause: doc.cause, appliedOn: doc.appliedOn, overrideRevision: doc.overrideRevision, sameCauseOverride: doc.sameCauseOverride }]
            : others;
          let deathRecords = person.deathRecords;
          if (death && death.personRef === personRef && !deathRecords.some((r) => r.recordId === death.record.recordId)) deathRecords = [...deathRecords, death.record];
          return { ...person, cases, deathRecords };
        });
      }
    },
  };
}

function membersOf(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  return [...new Set(members.map((m) => (m as { personRef?: unknown })?.personRef).filter((r): r is string => typeof r === 'string'))];
}

function deathOf(event: EventEnvelope, doc: AnomalyCaseDoc, membersBefore: string[]): { personRef: string; record: DeathRecord } | null {
  const data = (event.data ?? {}) as Record<string, any>;
  const base = { caseId: doc.caseId, streamId: event.streamId, revision: event.streamRevision };
  if (event.type === 'tefu.FactRecorded.v1' && data.fact?.kind === 'death' && typeof data.subject === 'string' && typeof data.effectiveFrom === 'string') {
    return { personRef: data.subject, record: { ...base, recordId: String(data.factId), date: data.effectiveFrom, supersedes: data.supersedes ?? null } };
  }
  if (event.type === 'dibao.CaseExited.v1' && data.reason === 'death' && membersBefore.length === 1 && typeof data.effectiveFrom === 'string') {
    return { personRef: membersBefore[0], record: { ...base, recordId: `exit:${doc.caseId}`, date: data.effectiveFrom, supersedes: null } };
  }
  return null;
}

async function updatePerson(people: DocumentCollection<PersonDoc>, personRef: string, change: (person: PersonDoc) => PersonDoc): Promise<void> {
  const held: PersonDoc = (await people.get(personRef)) ?? { personRef, cases: [], divisionCodes: [], openCaseCount: 0, linshiCount: 0, deathDate: null, deathRecords: [] };
  const next = change(held);
  await people.upsert(personRef, {
    ...next,
    personRef,
    divisionCodes: [...new Set(next.cases.map((c) => c.divisionCode))].sort(),
    openCaseCount: next.cases.filter((c) => c.open).length,
    linshiCount: next.cases.filter((c) => c.benefit === 'linshi').length,
    deathDate: deathDateOf(next.deathRecords),
  });
}

/** The recorded date of death: the last standing record (one not superseded by a correction). */
export function deathDateOf(records: readonly DeathRecord[]): string | null {
  const superseded = new Set(records.map((r) => r.supersedes).filter((s): s is string => s !== null));
  return records.filter((r) => !superseded.has(r.recordId)).at(-1)?.date ?? null;
}
