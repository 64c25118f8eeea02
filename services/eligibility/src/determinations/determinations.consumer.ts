import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { uuidV5 } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import {
  IntegrationEventTypes,
  OnIntegrationEvent,
  type DeliveryContext,
  type IntegrationEvent,
  createConsumerApp,
  type ConsumerSetup,
} from '@benefits/messaging';
import { DeterminationsRepository } from './determinations.repository';
import {
  determinationData,
  determine,
  determinedType,
  isDeterminedType,
  isScheduleIssuedType,
  scheduleForApproval,
  scheduleIssuedType,
  BENEFIT_IDS,
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type SnapshotEnvelope,
} from './determination';
import { parseFacts } from './facts';
import { caseDeterminations, fromPeriodFor, latest, redetermine } from './redetermination';
import type { BenefitId } from '@benefits/standards';

/** Names this consumer's inbox, parked messages and event-log checkpoint. */
export const ELIGIBILITY_CONSUMER = 'eligibility';

/** Namespace of the ids this consumer derives from the events it handles (uuidV5(namespace, eventId + handler)). */
const ID_NAMESPACE = '3b0c5a52-6f1e-5d1a-9a57-2f1f0c6de001';

const DETERMINATION_STORE = Symbol('DETERMINATION_STORE');

const isBenefit = (value: string): value is BenefitId => (BENEFIT_IDS as readonly string[]).includes(value);

/**
 * 资格认定 from integration events, for 特扶, 低保 and 临时救助. A fact snapshot → a determination
 * on `determination-<caseId>`; for a case that already has an issued schedule (approved, active)
 * also a superseding schedule from the first period the new facts apply to, without a new
 * approval. An approval citing one of our determinations → the entitlement schedule, on the same
 * stream. Ids are derived from the source event, so a redelivery writes nothing new.
 */
@Controller()
export class DeterminationsConsumer {
  private readonly repository: DeterminationsRepository;

  constructor(@Inject(DETERMINATION_STORE) store: EventStore) {
    this.repository = new DeterminationsRepository(store);
  }

  @OnIntegrationEvent(IntegrationEventTypes.CaseFactsSnapshotted)
  async onFacts(@Payload() event: IntegrationEvent<'CaseFactsSnapshotted'>, @Ctx() ctx: DeliveryContext): Promise<void> {
    if (!isBenefit(event.benefit)) return;
    const benefit = event.benefit;
    const determinationId = uuidV5(ID_NAMESPACE, `${ctx.eventId}:${ELIGIBILITY_CONSUMER}.onFacts`);
    const history = await this.repository.readCase(event.caseId);
    if (history.some((e) => isDeterminedType(e.type) && (e.data as { determinationId?: string }).determinationId === determinationId)) return;
    const snapshot: SnapshotEnvelope = {
      caseId: event.caseId,
      divisionCode: event.divisionCode,
      effectiveFrom: event.effectiveFrom,
      caseRevision: event.caseRevision,
      facts: parseFacts(benefit, JSON.parse(event.factsJson) as unknown),
    };
    const metadata = { correlationId: event.header?.correlationId || event.caseId, causationId: ctx.eventId, actor: null, schemaVersion: 1 };
    const context = await this.repository.context(event.divisionCode);
    const folded = caseDeterminations(history);
    const schedule = latest(folded.schedules);
    if (schedule && schedule.benefit !== 'linshi') {
      // An active case: redetermine from the first period the new facts apply to and supersede the schedule (no new approval).
      const scheduleId = uuidV5(ID_NAMESPACE, `${ctx.eventId}:${ELIGIBILITY_CONSUMER}.onFacts.schedule`);
      const result = redetermine(context, folded, {
        determinationId,
        scheduleId,
        cause: { kind: 'facts', ref: ctx.eventId, fromPeriod: fromPeriodFor(schedule, event.effectiveFrom) },
        facts: snapshot.facts,
        caseRevision: event.caseRevision,
      });
      if (result) {
        await this.repository.append(event.caseId, history, [
          { type: determinedType(benefit), data: result.determination, metadata },
          { type: scheduleIssuedType(benefit), data: result.schedule, metadata },
        ]);
        return;
      }
    }
    const result = determine(context, benefit, snapshot);
    await this.repository.append(event.caseId, history, [{ type: determinedType(benefit), data: determinationData(determinationId, snapshot, result), metadata }]);
  }

  @OnIntegrationEvent(IntegrationEventTypes.CaseApproved)
  async onApproved(@Payload() event: IntegrationEvent<'CaseApproved'>, @Ctx() ctx: DeliveryContext): Promise<void> {
    if (!isBenefit(event.benefit)) return;
    const history = await this.repository.readCase(event.caseId);
    const cited = history.find((e) => isDeterminedType(e.type) && (e.data as EligibilityDeterminedData).determinationId === event.determinationId);
    // Approved on a determination eligibility did not make (recorded by hand): no schedule from here.
    if (!cited) return;
    const scheduleId = uuidV5(ID_NAMESPACE, `${ctx.eventId}:${ELIGIBILITY_CONSUMER}.onApproved`);
    if (history.some((e) => isScheduleIssuedType(e.type) && (e.data as { scheduleId?: string }).scheduleId === scheduleId)) return;
    const determination = cited.data as EligibilityDeterminedData;
    const previous = [...history].reverse().find((e) => isScheduleIssuedType(e.type))?.data as EntitlementScheduleIssuedData | undefined;
    const context = await this.repository.context(determination.divisionCode);
    const data = scheduleForApproval(
      context,
      scheduleId,
      determination,
      { approvedOn: event.effectiveFrom, approvedAmounts: event.approvedAmounts ?? [] },
      previous?.scheduleId ?? '',
    );
    if (!data) return;
    await this.repository.append(event.caseId, history, [
      {
        type: scheduleIssuedType(determination.benefit),
        data,
        metadata: { correlationId: event.header?.correlationId || event.caseId, causationId: ctx.eventId, actor: null, schemaVersion: 1 },
      },
    ]);
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
