import { startPrivateCluster, stopPrivateCluster, reapWhenGone, type PrivateCluster } from './postgres-server';
import { kafkaMockUnavailableReason, reapKafkaMockWhenGone, startKafkaMock, stopKafkaMock, type KafkaMockCluster } from './kafka-server';

/** Environment variable through which test files find the PostgreSQL server of this run. */
export const PG_URL_ENV = 'BENEFITS_TEST_PG_URL';
/** Comma-separated bootstrap brokers of the run's Kafka mock cluster. */
export const KAFKA_BROKERS_ENV = 'BENEFITS_TEST_KAFKA_BROKERS';
/** Set instead of the brokers when the mock cluster cannot run here: the reason, shown in skipped suites' titles. */
export const KAFKA_UNAVAILABLE_ENV = 'BENEFITS_TEST_KAFKA_UNAVAILABLE';

let cluster: PrivateCluster | null = null;
let kafka: KafkaMockCluster | null = null;

export async function startTestServers(): Promise<void> {
  if (!process.env[PG_URL_ENV]) {
    cluster = await startPrivateCluster();
    reapWhenGone(process.pid, cluster);
    process.env[PG_URL_ENV] = cluster.url;
  }
  if (!process.env[KAFKA_BROKERS_ENV]) {
    const reason = kafkaMockUnavailableReason();
    if (reason) {
      process.env[KAFKA_UNAVAILABLE_ENV] = reason;
    } else {
      kafka = await startKafkaMock();
      reapKafkaMockWhenGone(process.pid, kafka);
      process.env[KAFKA_BROKERS_ENV] = kafka.brokers.join(',');
    }
  }
}

export async function stopTestServers(): Promise<void> {
  if (cluster) stopPrivateCluster(cluster);
  cluster = null;
  if (kafka) stopKafkaMock(kafka);
  kafka = null;
}
