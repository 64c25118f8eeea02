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
import type { EventStore } from '@benefits/event-store';
import {
  IntegrationEventTypes,
  OnIntegrationEvent,
  type DeliveryContext,
  type IntegrationEvent,
  createConsumerApp,
  type ConsumerSetup,
  topicsHandledBy,
} from '@benefits/messaging';
import { benefitWorkflows } from '../workflows';
import { CaseFactsPublisher } from './case-facts';

/** Names this consumer's inbox, parked messages and event-log checkpoint. */
export const APPLICATIONS_CONSUMER = 'applications';

export { eligibilityActor, recordableAmount } from '../tefu/tefu-workflow';

const CASE_STORE = Symbol('CASE_STORE');
const FACTS_PUBLISHER = Symbol('FACTS_PUBLISHER');

/** Eligibility's determinations, recorded on the case by its benefit's workflow. */
@Controller()
export class DeterminationsConsumer {
  constructor(@Inject(CASE_STORE) private readonly store: EventStore) {}

  @OnIntegrationEvent(IntegrationEventTypes.EligibilityDetermined)
  async onDetermined(@Payload() event: IntegrationEvent<'EligibilityDetermined'>, @Ctx() _ctx: DeliveryContext): Promise<void> {
    const workflow = benefitWorkflows().find((w) => w.benefit === event.benefit);
    if (!workflow) return;
    await workflow.recordDetermination(this.store, event);
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

/** Kafka topics of what the consumer handles (determinations and schedules from eligibility). */
export const applicationsConsumerTopics = (): string[] => topicsHandledBy([DeterminationsConsumer]);

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
