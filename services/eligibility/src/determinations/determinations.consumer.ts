import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { uuidV5, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import {
  IntegrationEventTypes,
  OnIntegrationEvent,
  type DeliveryContext,
  type IntegrationEvent,
  createConsumerApp,
  type ConsumerSetup,
} from '@benefits/messaging';
import { StandardsRepository } from '../standards/standards.repository';
import {
  determinationData,
  determinationStreamId,
  ELIGIBILITY_DETERMINED,
  ENTITLEMENT_SCHEDULE_ISSUED,
  evaluateSnapshot,
  scheduleData,
  type EligibilityDeterminedData,
  type SnapshotEnvelope,
  type TefuFactsSnapshot,
} from './tefu-determination';

/** Names this consumer's inbox, parked messages and event-log checkpoint. */
export const ELIGIBILITY_CONSUMER = 'eligibility';

/** Namespace of the ids this consumer derives from the events it handles (uuidV5(namespace, eventId + handler)). */
const ID_NAMESPACE = '3b0c5a52-6f1e-5d1a-9a57-2f1f0c6de001';

const DETERMINATION_STORE = Symbol('DETERMINATION_STORE');

/**
 * 资格认定 from integration events. Fact snapshot of a 特扶 case → a determination on
 * `determination-<caseId>`; approval citing one of our determinations → the entitlement schedule,
 * on the same stream. Ids are derived from the source event, so a redelivery writes nothing new.
 */
@Controller()
export class DeterminationsConsumer {
  private readonly standards: StandardsRepository;

  constructor(@Inject(DETERMINATION_STORE) private readonly store: EventStore) {
    this.standards = new StandardsRepository(store);
  }

  @OnIntegrationEvent(IntegrationEventTypes.CaseFactsSnapshotted)
  async onFacts(@Payload() event: IntegrationEvent<'CaseFactsSnapshotted'>, @Ctx() ctx: DeliveryContext): Promise<void> {
    if (event.benefit !== 'tefu') return;
    const determinationId = uuidV5(ID_NAMESPACE, `${ctx.eventId}:${ELIGIBILITY_CONSUMER}.onFacts`);
    const snapshot: SnapshotEnvelope = {
      caseId: event.caseId,
      divisionCode: event.divisionCode,
      effectiveFrom: event.effectiveFrom,
      caseRevision: event.caseRevision,
      facts: JSON.parse(event.factsJson) as TefuFactsSnapshot,
    };
    const history = await this.store.readStream(determinationStreamId(event.caseId));
    if (history.some((e) => (e.data as { determinationId?: string }).determinationId === determinationId && e.type === ELIGIBILITY_DETERMINED)) return;
    const result = evaluateSnapshot(await this.standards.listStandards(), snapshot);
    await this.append(event.caseId, history, {
      type: ELIGIBILITY_DETERMINED,
      data: determinationData(determinationId, snapshot, result),
      metadata: { correlationId: event.header?.correlationId || event.caseId, causationId: ctx.eventId, actor: null, schemaVersion: 1 },
    });
  }

  @OnIntegrationEvent(IntegrationEventTypes.CaseApproved)
  async onApproved(@Payload() event: IntegrationEvent<'CaseApproved'>, @Ctx() ctx: DeliveryContext): Promise<void> {
    if (event.benefit !== 'tefu') return;
    const history = await this.store.readStream(determinationStreamId(event.caseId));
    const cited = history.find((e) => e.type === ELIGIBILITY_DETERMINED && (e.data as EligibilityDeterminedData).determinationId === event.determinationId);
    // Approved on a determination eligibility did not make (recorded by hand): no schedule from here.
    if (!cited) return;
    const scheduleId = uuidV5(ID_NAMESPACE, `${ctx.eventId}:${ELIGIBILITY_CONSUMER}.onApproved`);
    if (history.some((e) => e.type === ENTITLEMENT_SCHEDULE_ISSUED && (e.data as { scheduleId?: string }).scheduleId === scheduleId)) return;
    const determination = cited.data as EligibilityDeterminedData;
    const snapshot: SnapshotEnvelope = {
      caseId: determination.caseId,
      divisionCode: determination.divisionCode,
      effectiveFrom: determination.effectiveFrom,
      caseRevision: determination.basedOnCaseRevision,
      facts: determination.facts,
    };
    const result = evaluateSnapshot(await this.standards.listStandards(), snapshot, {
      confirmedOn: event.effectiveFrom,
      rulesetVersion: determination.rulesetVersion,
    });
    const previous = [...history].reverse().find((e) => e.type === ENTITLEMENT_SCHEDULE_ISSUED);
    const data = scheduleData(scheduleId, determination, event.effectiveFrom, result);
    if (!data) return;
    await this.append(event.caseId, history, {
      type: ENTITLEMENT_SCHEDULE_ISSUED,
      data: { ...data, supersedesScheduleId: (previous?.data as { scheduleId?: string } | undefined)?.scheduleId ?? '' },
      metadata: { correlationId: event.header?.correlationId || event.caseId, causationId: ctx.eventId, actor: null, schemaVersion: 1 },
    });
  }

  /** Appends after what was read: a concurrent writer makes this attempt fail and the pipeline retry it. */
  private async append(caseId: string, history: EventEnvelope[], event: NewEvent): Promise<void> {
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    await this.store.appendToStream(determinationStreamId(caseId), [event], { expectedRevision });
  }
}

@Module({})
export class EligibilityConsumerModule {
  static with(store: EventStore): DynamicModule {
    return { module: EligibilityConsumerModule, controllers: [DeterminationsConsumer], providers: [{ provide: DETERMINATION_STORE, useValue: store }] };
  }
}

export type EligibilityConsumerSetup = ConsumerSetup;

/**
 * The eligibility consumer as a Nest microservice, not yet listening: `await app.listen()` starts
 * it, `await app.close()` stops it after the message in hand (close it before the store).
 */
export function createEligibilityConsumer(setup: EligibilityConsumerSetup): Promise<INestMicroservice> {
  return createConsumerApp(EligibilityConsumerModule.with(setup.store), setup);
}
