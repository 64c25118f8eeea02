import { runStandalone } from '@benefits/http';
import { Topics } from '@benefits/messaging';
import { AUDIT_CONSUMER, auditService, createAuditConsumer } from './service';
import { ensureReplicaSchema } from './replica/replica-store';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS audit keeps a replica of every service's log from the replication
// topic (each process forwards its store's events there) and answers from it; its read models follow
// the replica from boot (runStandalone starts them).
void runStandalone(auditService, {
  consumer: {
    name: AUDIT_CONSUMER,
    topics: [Topics.replication],
    create: async ({ server, db }) => {
      await ensureReplicaSchema(db);
      return createAuditConsumer({ server });
    },
  },
});
