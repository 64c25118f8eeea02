import { runStandalone } from '@benefits/http';
import { createDisbursementConsumer, DISBURSEMENT_CONSUMER, disbursementConsumerTopics, disbursementService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: entitlement schedules and 停发/恢复 in, payments out.
// Its read models follow the log from boot (runStandalone starts them).
void runStandalone(disbursementService, {
  consumer: { name: DISBURSEMENT_CONSUMER, topics: disbursementConsumerTopics(), create: ({ store, server }) => createDisbursementConsumer({ store, server }) },
});
