import { runStandalone } from '@benefits/http';
import { APPLICATIONS_CONSUMER, applicationsConsumerTopics, applicationsService, createApplicationsConsumer } from './service';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS: determinations in from eligibility, fact snapshots and approvals out.
// The case index's projection runs in this process too (read store: BENEFITS_READ_STORE, see README),
// following the log from boot (runStandalone starts the read models).
void runStandalone(applicationsService, {
  consumer: { name: APPLICATIONS_CONSUMER, topics: applicationsConsumerTopics(), create: ({ store, server }) => createApplicationsConsumer({ store, server }) },
});
