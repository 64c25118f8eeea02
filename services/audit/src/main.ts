import { READ_MODELS, runStandalone } from '@benefits/http';
import { Topics } from '@benefits/messaging';
import type { ReadModels } from '@benefits/read-store';
import { AUDIT_CONSUMER, auditService, createAuditConsumer } from './service';
import { ensureReplicaSchema } from './replica/replica-store';

// One service as its own process (production-shaped run); configuration from the environment.
// With BENEFITS_KAFKA_BROKERS audit keeps a replica of every service's log from the replication
// topic (each process forwards its store's events there) and answers from it.
void runStandalone(auditService, {
  consumer: {
    name: AUDIT_CONSUMER,
    topics: [Topics.replication],
    create: async ({ server, db }) => {
      await ensureReplicaSchema(db);
      return createAuditConsumer({ server });
    },
  },
}).then((app) =>
  // Follow the log from boot, so the first history request does not wait for a whole catch-up; a
  // read store that cannot be opened now is tried again by the first request that needs it.
  app
    .get<ReadModels>(READ_MODELS)
    .start()
    .catch((error: unknown) => console.error(`audit read models: ${error instanceof Error ? error.message : String(error)}`)),
);
