import { LocalDate, newId } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { EarlierSameCause, LinshiCause } from './decider';
import { LinshiErrors } from './errors';

/**
 * 一事一救 across cases. Each member of an application is resolved to their one personRef through
 * the vault's HMAC person index; a stream per person and cause, `linshi-cause-<personRef>-<cause>`,
 * records every application for that cause:
 *
 *   linshi.CauseApplied.v1 { personRef, cause, caseId, appliedOn }
 *
 * A new application looks up every member's stream: an earlier application within the period
 * counts unless its case was rejected (or never written). The entries are appended with the
 * revision read (two concurrent applications for one cause cannot both pass), before the case.
 * Keyed by person rather than by household, because households are re-formed: any member already
 * helped for the cause within the period makes the household's new application a repeat.
 */

export const causeStreamId = (personRef: string, cause: LinshiCause) => `linshi-cause-${personRef}-${cause}`;
export const CAUSE_APPLIED = 'linshi.CauseApplied.v1';

/** Whether an earlier case still counts (exists and was not rejected). */
export type CaseCounts = (caseId: string) => Promise<boolean>;

export interface CauseClaim {
  personRef: string;
  expectedRevision: number | 'no_stream';
}

export class LinshiCauseIndex {
  constructor(
    private readonly store: EventStore,
    private readonly counts: CaseCounts,
  ) {}

  /** Earlier applications of these persons for the cause within `periodMonths` before `on`, and the revisions read. */
  async lookUp(personRefs: readonly string[], cause: LinshiCause, on: string, periodMonths: number, exceptCaseId?: string) {
    const since = LocalDate.parse(on).plusMonths(-periodMonths);
    const earlier: EarlierSameCause[] = [];
    const claims: CauseClaim[] = [];
    for (const personRef of personRefs) {
      const events = await this.store.readStream(causeStreamId(personRef, cause));
      claims.push({ personRef, expectedRevision: events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision });
      for (const event of events) {
        const { caseId, appliedOn } = event.data as { caseId: string; appliedOn: string };
        if (caseId === exceptCaseId || !LocalDate.parse(appliedOn).isAfter(since)) continue;
        if (await this.counts(caseId)) earlier.push({ caseId, personRef, appliedOn });
      }
    }
    return { earlier, claims };
  }

  /** Records the application for each person; a lost race refuses as a same-cause repeat. */
  async record(claims: readonly CauseClaim[], cause: LinshiCause, caseId: string, appliedOn: string, context: { correlationId: string; actor: { id: string; role: string; divisionCode: string } }) {
    for (const claim of claims) {
      try {
        await this.store.appendToStream(
          causeStreamId(claim.personRef, cause),
          [
            {
              type: CAUSE_APPLIED,
              data: { personRef: claim.personRef, cause, caseId, appliedOn },
              metadata: { correlationId: context.correlationId, causationId: newId(), actor: context.actor, schemaVersion: 1 },
            },
          ],
          { expectedRevision: claim.expectedRevision },
        );
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) throw LinshiErrors.SAME_CAUSE_WITHIN_PERIOD({ cause, reason: 'concurrent application' });
        throw error;
      }
    }
  }
}
