import { newId, type Actor } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore, type StreamAppend } from '@benefits/event-store';
import type { DuplicateOverridden, OpenCasesOfPerson } from './duplicate-cases';
import { DuplicateCaseErrors } from './duplicate-cases.errors';

/**
 * One person, one open case of a benefit (重复享受), across households and divisions: the per-person
 * index of 计生特扶, 临时救助 and of benefits registered as modules that ask for it (低保 has its own,
 * dibao/person-index.ts, from which this one grew).
 * Intake resolves every member's 身份证号 to their one personRef through the vault's HMAC person
 * index, so the same person entered twice is the same personRef. A stream per benefit and person,
 * `<benefit>-person-<personRef>`, records which cases took the person:
 *
 *   <benefit>.PersonReserved.v1 { personRef, caseId, on, overriding? }   with the new case
 *   <benefit>.PersonReleased.v1 { personRef, caseId, on }                when that case closes
 *
 * The reservation is written **in the same `appendMany` as the case's first events**, with the
 * person stream's revision read at the lookup: on the SQL stores (atomicMultiStream) both are
 * written or neither, and of two concurrent registrations of one person exactly one passes (the
 * other gets 409 PERSON_HAS_OPEN_CASE, `reason: 'concurrent application'`, and nothing is written).
 * On a store without multi-stream atomicity the reservation is written first; a crash before the
 * case leaves a reservation whose case does not exist.
 *
 * A holder is always verified against its case (`holds`): a case that was rejected, decided or
 * ended, or never written, does not block, whether or not its release was recorded. Releases are
 * therefore best effort; they keep the lookup short. Several holders are possible only through an
 * override (`overriding` names the other cases the approver allowed). The stream id carries the
 * personRef, never the 身份证号 or its fingerprint. No read of the global log: one stream read per
 * member, one case read per holder.
 */

/** Whether a case still holds a person: it exists, is open in the benefit's sense, and has them as a member. */
export type CaseHoldsPerson = (caseId: string, personRef: string) => Promise<boolean>;

export interface PersonClaim {
  personRef: string;
  expectedRevision: number | 'no_stream';
}

export interface IndexContext {
  correlationId: string;
  actor: Actor | null;
}

export class OpenCaseIndex {
  readonly reservedType: string;
  readonly releasedType: string;

  constructor(
    private readonly store: EventStore,
    readonly benefit: string,
    private readonly holds: CaseHoldsPerson,
  ) {
    this.reservedType = `${benefit}.PersonReserved.v1`;
    this.releasedType = `${benefit}.PersonReleased.v1`;
  }

  streamId(personRef: string): string {
    return `${this.benefit}-person-${personRef}`;
  }

  /** The cases the stream says hold the person (reserved, not released since), oldest first; and its revision. */
  async recorded(personRef: string): Promise<{ caseIds: string[]; revision: number | 'no_stream' }> {
    const events = await this.store.readStream(this.streamId(personRef));
    const held: string[] = [];
    for (const event of events) {
      const { caseId } = event.data as { caseId: string };
      if (event.type === this.reservedType && !held.includes(caseId)) held.push(caseId);
      if (event.type === this.releasedType && held.includes(caseId)) held.splice(held.indexOf(caseId), 1);
    }
    return { caseIds: held, revision: events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision };
  }

  /** For each person: the other open cases that hold them (verified), and the revision to reserve at. */
  async lookUp(personRefs: readonly string[], exceptCaseId: string): Promise<{ open: OpenCasesOfPerson[]; claims: PersonClaim[] }> {
    const open: OpenCasesOfPerson[] = [];
    const claims: PersonClaim[] = [];
    for (const personRef of personRefs) {
      const { caseIds, revision } = await this.recorded(personRef);
      const holding: string[] = [];
      for (const caseId of caseIds) if (caseId !== exceptCaseId && (await this.holds(caseId, personRef))) holding.push(caseId);
      if (holding.length > 0) open.push({ personRef, caseIds: holding });
      claims.push({ personRef, expectedRevision: revision });
    }
    return { open, claims };
  }

  /** The reservations to write with the case (one per person, at the revision read). */
  reservations(claims: readonly PersonClaim[], caseId: string, on: string, context: IndexContext, overridden: readonly DuplicateOverridden[] = []): StreamAppend[] {
    return claims.map((claim) => {
      const overriding = overridden.find((o) => o.personRef === claim.personRef)?.otherCaseIds;
      return {
        streamId: this.streamId(claim.personRef),
        expectedRevision: claim.expectedRevision,
        events: [this.event(this.reservedType, { personRef: claim.personRef, caseId, on, ...(overriding ? { overriding } : {}) }, context)],
      };
    });
  }

  /** The refusal for a lost race on a person stream (another registration took or freed the person meanwhile). */
  conflict(_error: WrongExpectedRevisionError): Error {
    return DuplicateCaseErrors.PERSON_HAS_OPEN_CASE({ benefit: this.benefit, reason: 'concurrent application' });
  }

  /**
   * Records that the case no longer holds these persons (those it does not hold are left alone).
   * Best effort: a failure is swallowed, since a holder is verified against its case anyway.
   */
  async release(personRefs: readonly string[], caseId: string, on: string, context: IndexContext): Promise<void> {
    for (const personRef of personRefs) {
      try {
        const { caseIds, revision } = await this.recorded(personRef);
        if (!caseIds.includes(caseId) || revision === 'no_stream') continue;
        await this.store.appendToStream(this.streamId(personRef), [this.event(this.releasedType, { personRef, caseId, on }, context)], { expectedRevision: revision });
      } catch {
        // A concurrent write to the person's stream: the next lookup verifies the holder against its case.
      }
    }
  }

  private event(type: string, data: Record<string, unknown>, context: IndexContext) {
    return { type, data, metadata: { correlationId: context.correlationId, causationId: newId(), actor: context.actor, schemaVersion: 1 } };
  }
}
