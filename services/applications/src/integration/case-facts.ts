import { fold, type EventEnvelope } from '@benefits/kernel';
import type { EventStore, Subscription } from '@benefits/event-store';
import { isTefuEventType, tefuCaseDecider, type TefuEvent } from '../tefu/decider';

/**
 * 计生特扶 fact snapshots for eligibility. When an application is submitted, the case's facts as of
 * that revision are published as `tefu.CaseFactsSnapshotted.v1` on `facts-<caseId>` (the case
 * stream itself holds only the decider's events). A full snapshot, never a delta, and no personal
 * data: members are personRefs with role and date of birth (the rules compute ages from it).
 */

export const CASE_FACTS_SNAPSHOTTED = 'tefu.CaseFactsSnapshotted.v1';
export const caseFactsStreamId = (caseId: string) => `facts-${caseId}`;

export interface CaseFactsSnapshottedData {
  caseId: string;
  benefit: 'tefu';
  divisionCode: string;
  /** The submission's date: the facts hold from it. */
  effectiveFrom: string;
  /** The case revision these facts are as of; a determination cites it as basedOnCaseRevision. */
  caseRevision: number;
  facts: {
    members: { personRef: string; role: 'wife' | 'husband'; birthDate: string }[];
    family: { familyType: 'childDeceased' | 'childDisabled'; childEventDate: string };
  };
}

/** Events that change what eligibility decides on: each one publishes a snapshot. */
const FACT_EVENTS = new Set(['tefu.ApplicationSubmitted.v1']);

function toTefuEvent(envelope: EventEnvelope): TefuEvent {
  return { type: envelope.type, data: envelope.data, actor: envelope.metadata.actor ?? null } as TefuEvent;
}

/** The snapshot as of `upTo` (a case stream read from its start), or null when that event publishes none. */
export function caseFactsSnapshot(caseEvents: readonly EventEnvelope[], upTo: number): CaseFactsSnapshottedData | null {
  const events = caseEvents.filter((e) => e.streamRevision <= upTo);
  const last = events[events.length - 1];
  if (!last || last.streamRevision !== upTo || !FACT_EVENTS.has(last.type) || !events.every((e) => isTefuEventType(e.type))) return null;
  const state = fold(tefuCaseDecider, events.map(toTefuEvent));
  if (state.status === 'none') return null;
  return {
    caseId: state.caseId,
    benefit: 'tefu',
    divisionCode: state.divisionCode,
    effectiveFrom: (last.data as { effectiveFrom: string }).effectiveFrom,
    caseRevision: upTo,
    facts: {
      members: state.members.map(({ personRef, role, birthDate }) => ({ personRef, role, birthDate })),
      family: { familyType: state.family.familyType, childEventDate: state.family.childEventDate },
    },
  };
}

export interface CaseFactsPublisherOptions {
  store: EventStore;
  /** Checkpoint name of the store subscription. */
  subscriptionId?: string;
  pollIntervalMs?: number;
  restartDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Follows the store's global log (durable checkpoint) and publishes a snapshot for every submitted
 * 特扶 application. Idempotent: a snapshot already published for that case revision is not appended
 * again, so a restart before the checkpoint moved writes nothing twice.
 */
export class CaseFactsPublisher {
  private subscription: Subscription | null = null;
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CaseFactsPublisherOptions) {}

  async start(): Promise<void> {
    this.closing = false;
    this.subscription = await this.options.store.subscribeToAll({
      subscriptionId: this.options.subscriptionId ?? 'applications.case-facts',
      pollIntervalMs: this.options.pollIntervalMs ?? 200,
      handler: async (event) => {
        if (FACT_EVENTS.has(event.type) && event.streamId.startsWith('case-')) await this.publish(event);
      },
      onError: (error) => {
        this.options.onError?.(error);
        if (this.closing) return;
        this.restartTimer = setTimeout(() => {
          this.restartTimer = null;
          if (!this.closing) this.start().catch((e) => this.options.onError?.(e));
        }, this.options.restartDelayMs ?? 500);
      },
    });
  }

  /** The log position of the last event handled (null before start). */
  get position(): string | null {
    return this.subscription?.position ?? null;
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.subscription?.stop().catch(() => undefined);
    this.subscription = null;
  }

  private async publish(event: EventEnvelope): Promise<void> {
    const { store } = this.options;
    const snapshot = caseFactsSnapshot(await store.readStream(event.streamId), event.streamRevision);
    if (!snapshot) return;
    const streamId = caseFactsStreamId(snapshot.caseId);
    const published = await store.readStream(streamId);
    if (published.some((e) => (e.data as CaseFactsSnapshottedData).caseRevision === snapshot.caseRevision)) return;
    await store.appendToStream(
      streamId,
      [{ type: CASE_FACTS_SNAPSHOTTED, data: snapshot, metadata: { correlationId: event.metadata.correlationId, causationId: event.eventId, actor: null, schemaVersion: 1 } }],
      { expectedRevision: published.length === 0 ? 'no_stream' : published[published.length - 1].streamRevision },
    );
  }
}
