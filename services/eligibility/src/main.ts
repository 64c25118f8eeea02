import { runStandalone } from '@benefits/http';
import { createEligibilityConsumer, ELIGIBILITY_CONSUMER, eligibilityConsumerTopics, eligibilityService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: fact snapshots and approvals in, determinations and schedules out.
// The consumer shares the HTTP app's read models (same store, same process), which follow the log
// from boot (runStandalone starts them).
void runStandalone(eligibilityService, {
  consumer: { name: ELIGIBILITY_CONSUMER, topics: eligibilityConsumerTopics(), create: ({ store, server }) => createEligibilityConsumer({ store, server }) },
});
