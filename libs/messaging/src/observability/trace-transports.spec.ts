import { propagation, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describeIfKafka } from '@benefits/testing';
import { appendTo, factsEvent, waitFor } from '../testing/ledger-handlers';
import { eventLogTransport, kafkaTransport, type TransportUnderTest } from '../testing/transports';

jest.setTimeout(120_000);

/** As the traced store of libs/http records it while a command's span is active. */
const TRACE_ID = '5c0f1e2d3a4b5c6d7e8f9a0b1c2d3e4f';
const COMMAND_SPAN = 'a1b2c3d4e5f60718';
const traceparent = `00-${TRACE_ID}-${COMMAND_SPAN}-01`;

/**
 * An event recorded with a trace context in its metadata reaches the consumer's handler in the
 * same trace, on either transport: over Kafka through the forwarder's producer span and the
 * `traceparent` header; on the embedded event log straight from the mapped headers.
 */
function traceSuite(start: () => Promise<TransportUnderTest>, viaForwarder: boolean): void {
  const exporter = new InMemorySpanExporter();
  let transport: TransportUnderTest;

  beforeAll(async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    transport = await start();
  });

  afterAll(async () => {
    await transport?.close();
    trace.disable();
    propagation.disable();
  });

  it('the consumer span continues the recorded trace', async () => {
    const consumer = await transport.startConsumer();
    const event = factsEvent('trace-1', 1);
    await appendTo(transport.store, 'trace-1', [{ ...event, metadata: { ...event.metadata, traceparent } }]);
    await waitFor('the delivery', () => consumer.outcomes.handled >= 1, 90_000);
    const consumerSpan = await waitFor('the consumer span', () => exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CONSUMER), 10_000);
    expect(consumerSpan.spanContext().traceId).toBe(TRACE_ID);
    expect(consumerSpan.attributes).toMatchObject({ 'messaging.consumer.group.name': 'ledger', 'benefits.case_id': 'trace-1', 'benefits.delivery.outcome': 'handled' });
    const producerSpan = () => exporter.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER);
    if (viaForwarder) {
      // Ended once the broker acknowledged the send (which may be after the consumer had it).
      const producer: ReadableSpan = await waitFor('the producer span', producerSpan, 10_000);
      expect(producer.spanContext().traceId).toBe(TRACE_ID);
      expect(producer.parentSpanContext?.spanId).toBe(COMMAND_SPAN);
      expect(consumerSpan.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    } else {
      expect(producerSpan()).toBeUndefined();
      expect(consumerSpan.parentSpanContext?.spanId).toBe(COMMAND_SPAN);
    }
  });
}

describe('trace context on the embedded event-log transport (PGlite)', () => {
  traceSuite(() => eventLogTransport({ embedded: true }), false);
});

describeIfKafka('trace context on Kafka (mock cluster) through the outbox forwarder', (brokers) => {
  traceSuite(() => kafkaTransport(brokers), true);
});
