import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore, Subscription } from '@benefits/event-store';
import { caseFactsStreamId, factsSnapshotType, type BenefitWorkflow, type FactsSnapshotData } from './benefit-workflow';
import { benefitWorkflows } from '../workflows';

/**
 * Fact snapshots for eligibility. When a case event that changes what eligibility decides on is
 * recorded, the case's facts as of that revision are published as `<benefit>.CaseFactsSnapshotted.v1`
 * on `facts-<caseId>` (the case stream itself holds only the decider's events). Which events, and
 * what a snapshot holds, each benefit's workflow says (`../workflows.ts`).
 */

export { caseFactsStreamId } from './benefit-workflow';
export { caseFactsSnapshot, CASE_FACTS_SNAPSHOTTED, type CaseFactsSnapshottedData } from '../tefu/tefu-workflow';

export interface CaseFactsPublisherOptions {
  store: EventStore;
  /** Checkpoint name of the store subscription. */
  subscriptionId?: string;
  pollIntervalMs?: number;
  restartDelayMs?: number;
  onError?: (error: unknown) => void;
  /** The workflows whose snapshots are published; default: all of them. */
  workflows?: readonly BenefitWorkflow[];
}

/**
 * Follows the store's global log (durable checkpoint) and publishes a snapshot after every fact
 * event of a case. Idempotent: a snapshot already published for that case revision is not appended
 * again, so a restart before the checkpoint moved writes nothing twice.
 */
export class CaseFactsPublisher {
  private subscription: Subscription | null = null;
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;

  private readonly workflows: readonly BenefitWorkflow[];

  constructor(private readonly options: CaseFactsPublisherOptions) {
    this.workflows = options.workflows ?? benefitWorkflows();
  }

  async start(): Promise<void> {
    this.closing = false;
    this.subscription = await this.options.store.subscribeToAll({
      subscriptionId: this.options.subscriptionId ?? 'applications.case-facts',
      pollIntervalMs: this.options.pollIntervalMs ?? 200,
      handler: async (event) => {
        if (!event.streamId.startsWith('case-')) return;
        const workflow = this.workflows.find((w) => w.factEvents.has(event.type));
        if (workflow) await this.publish(workflow, event);
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

  private async publish(workflow: BenefitWorkflow, event: EventEnvelope): Promise<void> {
    const { store } = this.options;
    const snapshot: FactsSnapshotData | null = workflow.snapshot(await store.readStream(event.streamId), event.streamRevision);
    if (!snapshot) return;
    const streamId = caseFactsStreamId(snapshot.caseId);
    const published = await store.readStream(streamId);
    if (published.some((e) => (e.data as FactsSnapshotData).caseRevision === snapshot.caseRevision)) return;
    await store.appendToStream(
      streamId,
      [{ type: factsSnapshotType(snapshot.benefit), data: snapshot, metadata: { correlationId: event.metadata.correlationId, causationId: event.eventId, actor: null, schemaVersion: 1 } }],
      { expectedRevision: published.length === 0 ? 'no_stream' : published[published.length - 1].streamRevision },
    );
  }
}
