import { newId } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore, type StreamAppend } from '@benefits/event-store';
import { DibaoErrors } from './errors';

/**
 * One person, one open 低保 case, across households. Intake resolves every member's 身份证号 to a
 * personRef through the vault's HMAC person index (one personRef per 身份证号), so the same person
 * in two households is the same personRef. A reservation stream per person,
 * `dibao-person-<personRef>`, records which case holds the person:
 *
 *   dibao.PersonReserved.v1 { personRef, caseId, on }   appended when an application is registered
 *   dibao.PersonReleased.v1 { personRef, caseId, on }   appended when that case is rejected or exits,
 *                                                       or a confirmed change removes the person
 *
 * Appends use the stream revision that was read, so two concurrent applications cannot both take
 * the person. A new case and its members' reservations are written in one `appendMany`
 * (`reservations`): all or nothing on the SQL stores. (Before, the reservation was appended first and
 * the case after it: a second application that came in between saw a holder whose case did not
 * exist yet, took it for stale and took the person too — both cases were written.) On a store
 * without multi-stream atomicity the reservation is still written first, and a crash in between
 * leaves a reservation whose case does not exist; the holder is therefore always verified against
 * its case, and a stale holder does not block (the new reservation records the stale one it
 * replaces). Releases are appended after the case event that ends the holding.
 * The stream id carries the personRef, never the fingerprint: a personRef is already in events,
 * while an HMAC of the 身份证号 in an append-only log could not be erased with the person's key.
 */

export const personStreamId = (personRef: string) => `dibao-person-${personRef}`;
export const PERSON_RESERVED = 'dibao.PersonReserved.v1';
export const PERSON_RELEASED = 'dibao.PersonReleased.v1';

/** Whether a case still holds a person: the case exists, is open or active, and has them as a member. */
export type HoldsPerson = (caseId: string, personRef: string) => Promise<boolean>;

interface Claim {
  personRef: string;
  expectedRevision: number | 'no_stream';
  staleHolder: string | null;
}

export interface ReservationContext {
  correlationId: string;
  actor: { id: string; role: string; divisionCode: string } | null;
}

export class DibaoPersonIndex {
  constructor(
    private readonly store: EventStore,
    private readonly holds: HoldsPerson,
  ) {}

  /** The case holding the person now (verified against the case), or null. */
  async holder(personRef: string): Promise<{ caseId: string | null; staleHolder: string | null; revision: number | 'no_stream' }> {
    const events = await this.store.readStream(personStreamId(personRef));
    const revision = events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision;
    let current: string | null = null;
    for (const event of events) {
      const { caseId } = event.data as { caseId: string };
      if (event.type === PERSON_RESERVED) current = caseId;
      if (event.type === PERSON_RELEASED && current === caseId) current = null;
    }
    if (current === null) return { caseId: null, staleHolder: null, revision };
    if (await this.holds(current, personRef)) return { caseId: current, staleHolder: null, revision };
    return { caseId: null, staleHolder: current, revision };
  }

  /** Refuses (409, nothing written) when any of the persons is held by another open case. */
  async check(personRefs: readonly string[], caseId: string): Promise<Claim[]> {
    const claims: Claim[] = [];
    const conflicts: number[] = [];
    for (const [i, personRef] of personRefs.entries()) {
      const { caseId: holder, staleHolder, revision } = await this.holder(personRef);
      if (holder !== null && holder !== caseId) conflicts.push(i);
      claims.push({ personRef, expectedRevision: revision, staleHolder });
    }
    // Which member, not who they are or which case holds them: the other case may be another county's.
    if (conflicts.length > 0) throw DibaoErrors.PERSON_HAS_OPEN_DIBAO_CASE({ members: conflicts.map((i) => `members.${i}`) });
    return claims;
  }

  /** The reservations to write in the same `appendMany` as the case's events (at the revisions read). */
  reservations(claims: readonly Claim[], caseId: string, on: string, context: ReservationContext): StreamAppend[] {
    return claims.map((claim) => ({
      streamId: personStreamId(claim.personRef),
      expectedRevision: claim.expectedRevision,
      events: [this.event(PERSON_RESERVED, { personRef: claim.personRef, caseId, on, ...(claim.staleHolder ? { replacesStaleHolder: claim.staleHolder } : {}) }, context)],
    }));
  }

  /** The refusal for a lost race on a person stream. */
  conflict(): Error {
    return DibaoErrors.PERSON_HAS_OPEN_DIBAO_CASE({ reason: 'concurrent application' });
  }

  /** Takes the persons for the case, one stream after another. A lost race releases what this call took and refuses. */
  async reserve(claims: readonly Claim[], caseId: string, on: string, context: ReservationContext): Promise<void> {
    const taken: string[] = [];
    for (const claim of claims) {
      try {
        await this.store.appendToStream(
          personStreamId(claim.personRef),
          [this.event(PERSON_RESERVED, { personRef: claim.personRef, caseId, on, ...(claim.staleHolder ? { replacesStaleHolder: claim.staleHolder } : {}) }, context)],
          { expectedRevision: claim.expectedRevision },
        );
        taken.push(claim.personRef);
      } catch (error) {
        await this.release(taken, caseId, on, context).catch(() => undefined);
        if (error instanceof WrongExpectedRevisionError) throw DibaoErrors.PERSON_HAS_OPEN_DIBAO_CASE({ reason: 'concurrent application' });
        throw error;
      }
    }
  }

  /** Releases the persons the case holds (persons it does not hold are left alone). */
  async release(personRefs: readonly string[], caseId: string, on: string, context: ReservationContext): Promise<void> {
    for (const personRef of personRefs) {
      const events = await this.store.readStream(personStreamId(personRef));
      const last = [...events].reverse().find((e) => e.type === PERSON_RESERVED);
      if (!last || (last.data as { caseId: string }).caseId !== caseId) continue;
      if (events.some((e) => e.type === PERSON_RELEASED && e.streamRevision > last.streamRevision)) continue;
      await this.store.appendToStream(personStreamId(personRef), [this.event(PERSON_RELEASED, { personRef, caseId, on }, context)], {
        expectedRevision: events[events.length - 1].streamRevision,
      });
    }
  }

  private event(type: string, data: Record<string, unknown>, context: ReservationContext) {
    return { type, data, metadata: { correlationId: context.correlationId, causationId: newId(), actor: context.actor, schemaVersion: 1 } };
  }
}
