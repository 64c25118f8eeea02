import {
  Controller,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type INestMicroservice,
  type OnApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DomainError, type Actor } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import {
  IntegrationEventTypes,
  OnIntegrationEvent,
  type DeliveryContext,
  type IntegrationEvent,
  createConsumerApp,
  type ConsumerSetup,
} from '@benefits/messaging';
import { TefuCases } from '../tefu/tefu-cases';
import { CaseFactsPublisher } from './case-facts';

/** Names this consumer's inbox, parked messages and event-log checkpoint. */
export const APPLICATIONS_CONSUMER = 'applications';

/**
 * Who records a determination that arrived from eligibility: the service, acting in the case's
 * division (no person acted). Its id appears in the case's recordedBy, never an approver's.
 */
export function eligibilityActor(divisionCode: string): Actor {
  return { id: 'service:eligibility', role: 'admin', divisionCode };
}

/** A determination that no longer fits the case is ignored (architecture: stale → ignored). */
const IGNORED = new Set(['DETERMINATION_STALE', 'CASE_ALREADY_DECIDED']);

/** The per-person monthly amount the case records, when every beneficiary has the same one. */
export function recordableAmount(event: IntegrationEvent<'EligibilityDetermined'>): number | null {
  if (!event.eligible || event.amounts.length === 0 || !event.standardRef) return null;
  const amounts = new Set(event.amounts.map((a) => a.amountFen));
  if (amounts.size !== 1) {
    throw new Error(`determination ${event.determinationId} gives different amounts per person; a 特扶 case records one amount per person per month`);
  }
  return event.amounts[0].amountFen;
}

const CASE_STORE = Symbol('CASE_STORE');
const FACTS_PUBLISHER = Symbol('FACTS_PUBLISHER');

/** Eligibility's determinations, recorded on the case with the RecordDetermination command. */
@Controller()
export class DeterminationsConsumer {
  private readonly cases: TefuCases;

  constructor(@Inject(CASE_STORE) store: EventStore) {
    this.cases = new TefuCases(store);
  }

  @OnIntegrationEvent(IntegrationEventTypes.EligibilityDetermined)
  async onDetermined(@Payload() event: IntegrationEvent<'EligibilityDetermined'>, @Ctx() _ctx: DeliveryContext): Promise<void> {
    if (event.benefit !== 'tefu') return;
    // Not eligible (or not computable): nothing the case's determination record can hold yet.
    const amount = recordableAmount(event);
    if (amount === null) return;
    const { state, revision } = await this.cases.load(event.caseId);
    const { standardId, versionId, itemNo, contentHash } = event.standardRef!;
    try {
      await this.cases.update(
        {
          type: 'RecordDetermination',
          data: {
            caseId: event.caseId,
            determinationId: event.determinationId,
            basedOnCaseRevision: event.basedOnCaseRevision,
            amountPerPersonPerMonthFen: amount,
            standardRef: { standardId, versionId, itemNo, contentHash },
            effectiveFrom: event.effectiveFrom,
          },
          metadata: { now: new Date(), actor: eligibilityActor(state.divisionCode) },
        },
        revision,
        { correlationId: event.header?.correlationId || event.caseId },
      );
    } catch (error) {
      if (error instanceof DomainError && IGNORED.has(error.code)) return;
      throw error;
    }
  }
}

/** Starts and stops the fact-snapshot publisher with the consumer. */
@Injectable()
class FactsPublisherLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(FACTS_PUBLISHER) private readonly publisher: CaseFactsPublisher) {}
  onApplicationBootstrap(): Promise<void> {
    return this.publisher.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.publisher.stop();
  }
}

@Module({})
export class ApplicationsConsumerModule {
  static with(store: EventStore, publisher: CaseFactsPublisher): DynamicModule {
    return {
      module: ApplicationsConsumerModule,
      controllers: [DeterminationsConsumer],
      providers: [{ provide: CASE_STORE, useValue: store }, { provide: FACTS_PUBLISHER, useValue: publisher }, FactsPublisherLifecycle],
    };
  }
}

export interface ApplicationsConsumerSetup extends ConsumerSetup {
  /** Poll interval of the fact-snapshot publisher's store subscription (default 200 ms). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The applications consumer as a Nest microservice, not yet listening: it records eligibility's
 * determinations and runs the fact-snapshot publisher. `await app.listen()` starts both,
 * `await app.close()` stops both (close it before the store).
 */
export function createApplicationsConsumer(setup: ApplicationsConsumerSetup): Promise<INestMicroservice> {
  const publisher = new CaseFactsPublisher({ store: setup.store, pollIntervalMs: setup.pollIntervalMs, onError: setup.onError });
  return createConsumerApp(ApplicationsConsumerModule.with(setup.store, publisher), setup);
}
