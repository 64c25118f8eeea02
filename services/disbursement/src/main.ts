import { runStandalone } from '@benefits/http';
import { Topics } from '@benefits/messaging';
import { createDisbursementConsumer, DISBURSEMENT_CONSUMER, disbursementService } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: entitlement schedules in, payments out.
void runStandalone(disbursementService, {
  consumer: { name: DISBURSEMENT_CONSUMER, topics: [Topics.eligibility], create: ({ store, server }) => createDisbursementConsumer({ store, server }) },
});
