import {
  Controller,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type INestMicroservice,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { uuidV5 } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { readStoreFromEnvironment, type OpenReadStore } from '@benefits/http';
import { ReadModels } from '@benefits/read-store';
import {
  IntegrationEventTypes,
  OnIntegrationEvent,
  type DeliveryContext,
  type IntegrationEvent,
  createConsumerApp,
  type ConsumerSetup,
  topicsHandledBy,
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
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type SnapshotEnvelope,
} from './determination';
import { benefitDetermination, hasBenefitDetermination, parseFacts } from './benefits';
import { caseDeterminations, fromPeriodFor, latest, redetermine } from './redetermination';
import type { BenefitId } from '@benefits/standards';
import { eligibilityProjections, sharedReadModels } from '../read-models';
import { standardsCatalog } from '../standards/standards-catalog';

/** Names this consumer's inbox, parked messages and event-log checkpoint. */
export const ELIGIBILITY_CONSUMER = 'eligibility';

/** Namespace of the ids this consumer derives from the events it handles (uuidV5(namespace, eventId + handler)). */
const ID_NAMESPACE = '3b0c5a52-6f1e-5d1a-9a57-2f1f0c6de001';

const DETERMINATION_STORE = Symbol('DETERMINATION_STORE');
const CONSUMER_READ_MODELS = Symbol('CONSUMER_READ_MODELS');
const OWNS_READ_MODELS = Symbol('OWNS_READ_MODELS');

/** A benefit eligibility determines: shipped, or registered with its determination rules (./benefits). */
const isBenefit = (value: string): value is BenefitId => hasBenefitDetermination(value);

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

  constructor(@Inject(DETERMINATION_STORE) store: EventStore, @Inject(CONSUMER_READ_MODELS) readModels: ReadModels) {
    this.repository = new DeterminationsRepository(store, readModels);
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
    if (schedule && benefitDetermination(schedule.benefit).schedule.kind === 'periodic') {
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

/**
 * The consumer's side of the read models. Before the consumer listens, this process's catalog copy
 * is loaded (waiting as long as the projection needs on a first start over a long log), because a
 * handler never waits on the read store (see `StandardsCatalog`). Read models the consumer opened
 * itself are closed with it; shared ones are the HTTP app's to close.
 */
@Injectable()
class ConsumerReadModels implements OnApplicationBootstrap, OnModuleDestroy {
  private closing = false;
  private readonly logger = new Logger('eligibility consumer');

  constructor(
    @Inject(CONSUMER_READ_MODELS) private readonly readModels: ReadModels,
    @Inject(OWNS_READ_MODELS) private readonly owned: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let reported = false;
    await standardsCatalog(this.readModels).warmUp({
      stillWanted: () => !this.closing,
      onWait: (error) => {
        if (!reported) this.logger.warn(`waiting for the standards catalog read model before listening: ${error instanceof Error ? error.message : String(error)}`);
        reported = true;
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.owned) await this.readModels.close();
  }
}

/** Kafka topics of what the consumer handles (fact snapshots and approvals from applications). */
export const eligibilityConsumerTopics = (): string[] => topicsHandledBy([DeterminationsConsumer]);

@Module({})
export class EligibilityConsumerModule {
  static with(store: EventStore, readModels: ReadModels, owned: boolean): DynamicModule {
    return {
      module: EligibilityConsumerModule,
      controllers: [DeterminationsConsumer],
      providers: [
        { provide: DETERMINATION_STORE, useValue: store },
        { provide: CONSUMER_READ_MODELS, useValue: readModels },
        { provide: OWNS_READ_MODELS, useValue: owned },
        ConsumerReadModels,
      ],
    };
  }
}

export interface EligibilityConsumerSetup extends ConsumerSetup {
  /**
   * The eligibility read models the handlers read (the standards catalog). Default: those of the
   * eligibility HTTP app over the same store in this process (`npm start`, the standalone process),
   * else read models of the consumer's own over `readStore` (default: from the environment).
   */
  readModels?: ReadModels;
  readStore?: OpenReadStore;
}

/**
 * The eligibility consumer as a Nest microservice, not yet listening: `await app.listen()` loads the
 * catalog copy and starts it, `await app.close()` stops it after the message in hand (close it
 * before the HTTP app whose read models it shares, and before the store).
 */
export function createEligibilityConsumer(setup: EligibilityConsumerSetup): Promise<INestMicroservice> {
  const shared = setup.readModels ?? sharedReadModels(setup.store);
  const readModels =
    shared ??
    new ReadModels({
      store: setup.store,
      openReadStore: setup.readStore ?? readStoreFromEnvironment(),
      projections: eligibilityProjections(setup.store),
      onError: (projection, error) => console.error(`read model ${projection}: ${error instanceof Error ? error.message : String(error)}`),
    });
  return createConsumerApp(EligibilityConsumerModule.with(setup.store, readModels, shared === null), setup);
}
