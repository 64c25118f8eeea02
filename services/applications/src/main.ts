import { runStandalone } from '@benefits/http';
import { Topics } from '@benefits/messaging';
import { APPLICATIONS_CONSUMER, applicationsService, createApplicationsConsumer, startCaseIndex } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: determinations in from eligibility, fact snapshots and approvals out.
// The case list's projection runs in this process too (read store: BENEFITS_READ_STORE, see README).
void runStandalone(applicationsService, {
  consumer: { name: APPLICATIONS_CONSUMER, topics: [Topics.eligibility], create: ({ store, server }) => createApplicationsConsumer({ store, server }) },
}).then(startCaseIndex);
