import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Errors, fold, type EventEnvelope } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import { IntegrationEventTypes, OnIntegrationEvent, type DeliveryContext, type IntegrationEvent } from '@benefits/messaging';
import {
  BENEFITS,
  isDisbursedBenefit,
  ENTITLEMENT_RESUMED,
  ENTITLEMENT_SCHEDULE_RECEIVED,
  ENTITLEMENT_SUSPENDED,
  entitlementDecider,
  entitlementStreamId,
  type BenefitId,
  type EntitlementEvent,
  type PaymentStatusChange,
  type PaymentStatusChangeData,
  type ScheduleReceivedData,
} from '../entitlements/entitlement';
import type { CommandContext } from '../disbursement.handlers';

/**
 * 停发 / 恢复 from applications (`PaymentSuspended` / `PaymentResumed`, topic benefits.applications)
 * → `disbursement.EntitlementSuspended.v1` / `…EntitlementResumed.v1` on `entitlement-<caseId>`.
 * The decision is the entitlement decider's (`RecordSuspension` / `RecordResumption`); here only
 * read, decide, append.
 */

export const PAYMENT_STATUS_STORE = Symbol('PAYMENT_STATUS_STORE');

/**
 * Benefits whose payment applications can suspend: 低保 and 特扶 (临时救助 is a one-off grant), and a
 * benefit registered as a module (a suspension holds regular months only, so it cannot touch a
 * one-off grant of such a benefit either).
 */
const SHIPPED_SUSPENDABLE: readonly string[] = ['dibao', 'tefu'];
const isSuspendable = (benefit: string) => SHIPPED_SUSPENDABLE.includes(benefit) || (isDisbursedBenefit(benefit) && !(BENEFITS as readonly string[]).includes(benefit));

/** The integration event as the decider's command data; the source event id makes it idempotent. */
export function statusChangeFromIntegrationEvent(event: IntegrationEvent<'PaymentSuspended'> | IntegrationEvent<'PaymentResumed'>): PaymentStatusChange {
  const sourceEventId = event.header?.eventId;
  if (!sourceEventId) throw new Error(`payment status change of case ${event.caseId} has no header.eventId`);
  if (!isSuspendable(event.benefit)) {
    throw new Error(`payment status change of case ${event.caseId} names benefit ${JSON.stringify(event.benefit)}; only dibao and tefu (and benefits registered as modules) are suspended`);
  }
  return {
    caseId: event.caseId,
    benefit: event.benefit as BenefitId,
    divisionCode: event.divisionCode,
    effectiveFrom: event.effectiveFrom,
    reason: event.reason,
    sourceEventId,
  };
}

export interface RecordStatusChangeResult {
  streamId: string;
  recorded: boolean;
}

/** Reads the case's entitlement stream, decides, appends (expected revision: a concurrent write is retried by redelivery). */
export async function recordPaymentStatusChange(
  store: EventStore,
  kind: 'suspended' | 'resumed',
  change: PaymentStatusChange,
  context: CommandContext,
): Promise<RecordStatusChangeResult> {
  const streamId = entitlementStreamId(change.caseId);
  const history = await store.readStream(streamId);
  const state = fold(entitlementDecider, history.map(asEntitlementEvent));
  const events = entitlementDecider.decide(
    { type: kind === 'suspended' ? 'RecordSuspension' : 'RecordResumption', data: change, metadata: { now: context.now } },
    state,
  );
  if (events.length === 0) return { streamId, recorded: false };
  const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
  try {
    await store.appendToStream(
      streamId,
      events.map((event) => ({
        type: event.type,
        data: event.data,
        metadata: { correlationId: context.correlationId, causationId: null, actor: context.actor, schemaVersion: 1 },
      })),
      { expectedRevision },
    );
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'the entitlement changed meanwhile; deliver again' });
    throw error;
  }
  return { streamId, recorded: true };
}

function asEntitlementEvent(event: EventEnvelope): EntitlementEvent {
  if (event.type === ENTITLEMENT_SUSPENDED || event.type === ENTITLEMENT_RESUMED) return { type: event.type, data: event.data as PaymentStatusChangeData };
  if (event.type === ENTITLEMENT_SCHEDULE_RECEIVED) return { type: event.type, data: event.data as ScheduleReceivedData };
  throw new Error(`unexpected event ${event.type} in ${event.streamId}`);
}

@Controller()
export class PaymentStatusConsumer {
  constructor(@Inject(PAYMENT_STATUS_STORE) private readonly store: EventStore) {}

  /** Idempotent by the integration event id: a redelivered 停发 records nothing. */
  @OnIntegrationEvent(IntegrationEventTypes.PaymentSuspended)
  async onSuspended(@Payload() event: IntegrationEvent<'PaymentSuspended'>, @Ctx() _ctx: DeliveryContext): Promise<void> {
    await recordPaymentStatusChange(this.store, 'suspended', statusChangeFromIntegrationEvent(event), contextOf(event));
  }

  /** Idempotent by the integration event id: a redelivered 恢复 records nothing. */
  @OnIntegrationEvent(IntegrationEventTypes.PaymentResumed)
  async onResumed(@Payload() event: IntegrationEvent<'PaymentResumed'>, @Ctx() _ctx: DeliveryContext): Promise<void> {
    await recordPaymentStatusChange(this.store, 'resumed', statusChangeFromIntegrationEvent(event), contextOf(event));
  }
}

function contextOf(event: { header?: { correlationId: string }; caseId: string }): CommandContext {
  return { actor: null, correlationId: event.header?.correlationId || event.caseId, now: new Date() };
}
