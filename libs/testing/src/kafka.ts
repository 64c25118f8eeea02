import { KAFKA_BROKERS_ENV, KAFKA_UNAVAILABLE_ENV } from './global-servers';

/** The mock cluster's brokers of this run, or null when Kafka suites cannot run here. */
export function testKafkaBrokers(): string[] | null {
  const brokers = process.env[KAFKA_BROKERS_ENV];
  return brokers ? brokers.split(',') : null;
}

/** Why there is no Kafka in this run (null when there is). */
export function kafkaUnavailableReason(): string | null {
  if (testKafkaBrokers()) return null;
  return process.env[KAFKA_UNAVAILABLE_ENV] ?? `${KAFKA_BROKERS_ENV} is not set: run the tests through jest's globalSetup (npm test)`;
}

/**
 * `describe` for suites that need the Kafka mock cluster. Without it the suite is reported as
 * skipped, with the reason in its title — never silently passed.
 */
export function describeIfKafka(title: string, body: (brokers: string[]) => void): void {
  const brokers = testKafkaBrokers();
  if (brokers) describe(title, () => body(brokers));
  else describe.skip(`${title} [skipped: ${kafkaUnavailableReason()}]`, () => body([]));
}
