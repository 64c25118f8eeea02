import { DomainError, type Actor, type EventEnvelope } from '@benefits/kernel';
import type { IntegrationEvent } from '@benefits/messaging';
import type { CaseDueItem, CaseSummary } from '../integration/benefit-workflow';
import type { CaseCommandMetadata } from './case-rules';
import type { CommandContext } from './case-commands';

/** Integration plumbing every case workflow shares (snapshots, summaries, determinations from eligibility). */

/** Who records a determination that arrived from eligibility: the service, in the case's division. */
export function eligibilityActor(divisionCode: string): Actor {
  return { id: 'service:eligibility', role: 'admin', divisionCode };
}

/** The state of a case stream whose events all belong to the workflow, or null (empty, another workflow's, no case). */
export function openCaseStateOf<Event, State extends { status: string }>(
  caseEvents: readonly EventEnvelope[],
  isEventType: (type: string) => boolean,
  toEvent: (envelope: EventEnvelope) => Event,
  foldEvents: (events: Event[]) => State,
): Exclude<State, { status: 'none' }> | null {
  if (caseEvents.length === 0 || !caseEvents.every((e) => isEventType(e.type))) return null;
  const state = foldEvents(caseEvents.map(toEvent));
  return state.status === 'none' ? null : (state as Exclude<State, { status: 'none' }>);
}

/** The events up to `upTo` when the event at `upTo` publishes facts (one of `factEvents`), else null. */
export function eventsUpToFactEvent(caseEvents: readonly EventEnvelope[], upTo: number, factEvents: ReadonlySet<string>): EventEnvelope[] | null {
  const events = caseEvents.filter((e) => e.streamRevision <= upTo);
  const last = events[events.length - 1];
  if (!last || last.streamRevision !== upTo || !factEvents.has(last.type)) return null;
  return events;
}

/** The case-list line of a case: its state's id, division and status, the stream's revision and time. */
export function caseSummaryOf(
  state: { caseId: string; divisionCode: string; status: string },
  caseEvents: readonly EventEnvelope[],
  benefit: CaseSummary['benefit'],
  openedOn: string,
  due: CaseDueItem[],
): CaseSummary {
  const last = caseEvents[caseEvents.length - 1];
  return {
    caseId: state.caseId,
    benefit,
    divisionCode: state.divisionCode,
    status: state.status,
    revision: last.streamRevision,
    openedOn,
    updatedAt: last.recordedAt,
    due,
  };
}

interface CasesOf<Update> {
  load(caseId: string): Promise<{ state: { divisionCode: string }; revision: number }>;
  update(command: Update, expectedRevision: number, context: CommandContext): Promise<unknown>;
}

/**
 * Records a determination from eligibility on its case, on the case's current revision, as the
 * eligibility service; a determination that no longer fits the case (`ignored` codes) is dropped.
 */
export async function recordDeterminationOnCase<Update>(
  cases: CasesOf<Update>,
  event: IntegrationEvent<'EligibilityDetermined'>,
  ignored: ReadonlySet<string>,
  command: (metadata: CaseCommandMetadata) => Update,
): Promise<void> {
  const { state, revision } = await cases.load(event.caseId);
  try {
    await cases.update(
      command({ now: new Date(), actor: eligibilityActor(state.divisionCode) }),
      revision,
      { correlationId: event.header?.correlationId || event.caseId },
    );
  } catch (error) {
    if (error instanceof DomainError && ignored.has(error.code)) return;
    throw error;
  }
}
