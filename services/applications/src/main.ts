import { READ_MODELS, runStandalone } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { APPLICATIONS_CONSUMER, applicationsConsumerTopics, applicationsService, createApplicationsConsumer } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: determinations in from eligibility, fact snapshots and approvals out.
// The case index's projection runs in this process too (read store: BENEFITS_READ_STORE, see README).
void runStandalone(applicationsService, {
  consumer: { name: APPLICATIONS_CONSUMER, topics: applicationsConsumerTopics(), create: ({ store, server }) => createApplicationsConsumer({ store, server }) },
}).then((app) =>
  // Follow the log from boot, so the first list request does not wait for a whole catch-up; a read
  // store that cannot be opened now is tried again by the first request that needs it.
  app
    .get<ReadModels>(READ_MODELS)
    .start()
    .catch((error: unknown) => console.error(`applications read models: ${error instanceof Error ? error.message : String(error)}`)),
);
