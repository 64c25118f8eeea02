import { Ctx, Payload } from '@nestjs/microservices';
import { EventPattern } from '@nestjs/microservices';
import { Topics } from '../contracts/integration-events';
import { IntegrationEventTypes } from '../contracts/integration-events';
import { OnIntegrationEvent } from './on-integration-event';
import { topicsHandledBy } from './handled-topics';

class SchedulesOnly {
  @OnIntegrationEvent(IntegrationEventTypes.EntitlementScheduleIssued)
  onSchedule(@Payload() _event: unknown, @Ctx() _ctx: unknown): void {}
}

class Suspensions {
  @OnIntegrationEvent(IntegrationEventTypes.PaymentSuspended)
  onSuspended(@Payload() _event: unknown): void {}
  @OnIntegrationEvent(IntegrationEventTypes.PaymentResumed)
  onResumed(@Payload() _event: unknown): void {}
  helper(): void {}
}

class Stray {
  @EventPattern('not.an.integration.Event')
  onStray(): void {}
}

describe('topicsHandledBy', () => {
  it('the topics of the integration events the handlers take, once each', () => {
    expect(topicsHandledBy([SchedulesOnly])).toEqual([Topics.eligibility]);
    expect(topicsHandledBy([SchedulesOnly, Suspensions])).toEqual([Topics.applications, Topics.eligibility].sort());
  });

  it('refuses a handler of something that is no integration event', () => {
    expect(() => topicsHandledBy([Stray])).toThrow(/Stray\.onStray handles "not\.an\.integration\.Event"/);
  });
});
