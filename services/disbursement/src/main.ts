import { READ_MODELS, runStandalone } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { createDisbursementConsumer, DISBURSEMENT_CONSUMER, disbursementConsumerTopics, disbursementService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: entitlement schedules and 停发/恢复 in, payments out.
void runStandalone(disbursementService, {
  consumer: { name: DISBURSEMENT_CONSUMER, topics: disbursementConsumerTopics(), create: ({ store, server }) => createDisbursementConsumer({ store, server }) },
}).then((app) =>
  // Follow the log from boot, as the other services do, so the first payment run, ledger or export
  // after a restart does not wait for a whole catch-up; a read store that cannot be opened now is
  // tried again by the first request that needs it.
  app
    .get<ReadModels>(READ_MODELS)
    .start()
    .catch((error: unknown) => console.error(`disbursement read models: ${error instanceof Error ? error.message : String(error)}`)),
);
