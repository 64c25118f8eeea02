/**
 * Test fixture: starts a mock cluster the way jest's globalSetup does (watchdog included), prints
 * `<kcat pid> <brokers>` and waits to be killed.
 */
import { reapKafkaMockWhenGone, startKafkaMock } from './kafka-server';

startKafkaMock()
  .then((cluster) => {
    reapKafkaMockWhenGone(process.pid, cluster);
    process.stdout.write(`${cluster.pid} ${cluster.brokers.join(',')}\n`);
    setInterval(() => undefined, 60_000);
  })
  .catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
