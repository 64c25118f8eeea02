import { runStandalone } from '@benefits/http';
import { Topics } from '@benefits/messaging';
import { createEligibilityConsumer, ELIGIBILITY_CONSUMER, eligibilityService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: fact snapshots and approvals in, determinations and schedules out.
void runStandalone(eligibilityService, {
  consumer: { name: ELIGIBILITY_CONSUMER, topics: [Topics.applications], create: ({ store, server }) => createEligibilityConsumer({ store, server }) },
});
