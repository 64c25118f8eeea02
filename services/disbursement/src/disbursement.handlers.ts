import { Errors, fold, type Actor, type EventEnvelope } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import {
  ENTITLEMENT_RESUMED,
  ENTITLEMENT_SCHEDULE_RECEIVED,
  ENTITLEMENT_SUSPENDED,
  PAYMENT_CREATED,
  entitlementDecider,
  entitlementStreamId,
  type EntitlementEvent,
  type EntitlementSchedule,
  type PaymentStatusChangeData,
  type PaymentCreatedData,
  type ScheduleReceived,
  type ScheduleReceivedData,
} from './entitlements/entitlement';

export interface CommandContext {
  /** The verified caller; null when the command comes from another service's event (no person acted). */
  actor: Actor | null;
  correlationId: string;
  now: Date;
}

export interface RecordScheduleResult {
  streamId: string;
  scheduleVersion: number;
  recorded: boolean;
}

export interface PaymentView extends PaymentCreatedData {
  revision: number;
  createdAt: string;
  createdBy: Actor | null;
}

/**
 * The I/O around the entitlement decider: read, decide, append. No rule lives here; the decisions
 * (what to record, what is due) are in entitlements/entitlement.ts; payment runs are in runs/.
 */
export class DisbursementHandlers {
  constructor(private readonly store: EventStore) {}

  async recordSchedule(schedule: EntitlementSchedule, context: CommandContext): Promise<RecordScheduleResult> {
    const streamId = entitlementStreamId(schedule.caseId);
    const history = await this.store.readStream(streamId);
    const state = fold(entitlementDecider, history.map(asScheduleReceived));
    const events = entitlementDecider.decide({ type: 'RecordSchedule', data: schedule, metadata: { now: context.now } }, state);
    if (events.length === 0) {
      const earlier = state.schedules.find((s) => s.determinationId === schedule.determinationId);
      return { streamId, scheduleVersion: earlier?.scheduleVersion ?? state.schedules.length, recorded: false };
    }
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    try {
      await this.store.appendToStream(
        streamId,
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { correlationId: context.correlationId, causationId: null, actor: context.actor, schemaVersion: 1 },
        })),
        { expectedRevision },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'the schedule changed meanwhile; send it again' });
      throw error;
    }
    const recorded = events[events.length - 1] as ScheduleReceived;
    return { streamId, scheduleVersion: recorded.data.scheduleVersion, recorded: true };
  }

  async readPayment(paymentStreamId: string): Promise<PaymentView | null> {
    const events = await this.store.readStream(paymentStreamId);
    const created = events.find((e) => e.type === PAYMENT_CREATED);
    if (!created) return null;
    return {
      ...(created.data as PaymentCreatedData),
      revision: events[events.length - 1].streamRevision,
      createdAt: created.recordedAt,
      createdBy: created.metadata.actor,
    };
  }
}

function asScheduleReceived(event: EventEnvelope): EntitlementEvent {
  // 停发 / 恢复 share the entitlement stream (recorded by recordStatusChange in integration/).
  if (event.type === ENTITLEMENT_SUSPENDED || event.type === ENTITLEMENT_RESUMED) return { type: event.type, data: event.data as PaymentStatusChangeData };
  if (event.type !== ENTITLEMENT_SCHEDULE_RECEIVED) throw new Error(`unexpected event ${event.type} in ${event.streamId}`);
  return { type: ENTITLEMENT_SCHEDULE_RECEIVED, data: event.data as ScheduleReceivedData };
}
