import { describeIfKafka, testKafkaBrokers } from '@benefits/testing';
import { handlerSuite, type FinalState } from '../testing/handler-suite';
import { eventLogTransport, kafkaTransport } from '../testing/transports';

/**
 * One handler suite, every transport, the same final state: handlers cannot tell which transport
 * fed them (architecture §5).
 */
const finalStates: Record<string, FinalState> = {};

describe('integration-event handlers on the event-log transport over a PostgreSQL store', () => {
  handlerSuite(eventLogTransport, (state) => (finalStates.eventLogPostgres = state));
});

describe('integration-event handlers on the embedded event-log transport, store and consumer in PGlite', () => {
  handlerSuite(() => eventLogTransport({ embedded: true }), (state) => (finalStates.eventLogPglite = state));
});

describeIfKafka('integration-event handlers on Kafka (mock cluster) fed by the outbox forwarder', (brokers) => {
  handlerSuite(() => kafkaTransport(brokers), (state) => (finalStates.kafka = state));
});

describe('all transports', () => {
  it('end in identical states: ledger, parked-message history and inbox', () => {
    const expected = testKafkaBrokers() ? ['eventLogPglite', 'eventLogPostgres', 'kafka'] : ['eventLogPglite', 'eventLogPostgres'];
    expect(Object.keys(finalStates).sort()).toEqual(expected);
    const reference = finalStates.eventLogPostgres;
    expect(reference.parked.map((p) => p.status)).toEqual(['replayed', 'replayed', 'replayed', 'resolved', 'replayed']);
    for (const name of expected) expect({ name, state: finalStates[name] }).toEqual({ name, state: reference });
  });
});
