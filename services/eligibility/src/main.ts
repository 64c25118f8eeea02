import { READ_MODELS, runStandalone } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { createEligibilityConsumer, ELIGIBILITY_CONSUMER, eligibilityConsumerTopics, eligibilityService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: fact snapshots and approvals in, determinations and schedules out.
// The consumer shares the HTTP app's read models (same store, same process).
void runStandalone(eligibilityService, {
  consumer: { name: ELIGIBILITY_CONSUMER, topics: eligibilityConsumerTopics(), create: ({ store, server }) => createEligibilityConsumer({ store, server }) },
}).then((app) =>
  // Follow the log from boot, so the first catalog read or run does not wait for a whole catch-up; a
  // read store that cannot be opened now is tried again by the first request that needs it.
  app
    .get<ReadModels>(READ_MODELS)
    .start()
    .catch((error: unknown) => console.error(`eligibility read models: ${error instanceof Error ? error.message : String(error)}`)),
);
