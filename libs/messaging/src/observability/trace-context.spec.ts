import { context, propagation, SpanKind, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { headersFromKafka, headersToKafka, type MessageHeaders, type TransportMessage } from '../contracts/transport-message';
import { extractTraceContext, injectTraceHeaders, startPublishSpans, traceHeadersOf, traceMetadataOfActiveContext } from './trace-context';

const remote: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: undefined,
};

const headers = (): MessageHeaders => ({ type: 'benefits.integration.v1.CaseApproved', eventId: 'e-1', schemaVersion: '1', correlationId: 'c-1' });

describe('W3C trace context on integration messages', () => {
  describe('with the W3C propagator registered (tracing on)', () => {
    beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
    afterAll(() => propagation.disable());

    it('inject → Kafka headers (Buffers on the wire) → extract gives the same trace and parent span', () => {
      const ctx = trace.setSpanContext(context.active(), remote);
      const injected = injectTraceHeaders(headers(), ctx);
      expect(injected.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
      // As kafkajs hands them to a consumer: every value a Buffer.
      const wire = Object.fromEntries(Object.entries(headersToKafka(injected)).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
      const received = headersFromKafka(wire);
      expect(received).toEqual(injected);
      const extracted = trace.getSpanContext(extractTraceContext(received));
      expect(extracted).toMatchObject({ traceId: remote.traceId, spanId: remote.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
    });

    it('carries tracestate along', () => {
      const withState = injectTraceHeaders(headers(), trace.setSpanContext(context.active(), { ...remote, traceState: new (class {
        get() { return undefined; }
        set() { return this; }
        unset() { return this; }
        serialize() { return 'vendor=abc'; }
      })() }));
      expect(withState.tracestate).toBe('vendor=abc');
      expect(traceHeadersOf({ ...withState, other: 'x' })).toEqual({ traceparent: withState.traceparent, tracestate: 'vendor=abc' });
    });

    it('a message without trace headers extracts to no span; malformed traceparent is ignored', () => {
      expect(trace.getSpanContext(extractTraceContext(headers()))).toBeUndefined();
      expect(trace.getSpanContext(extractTraceContext({ ...headers(), traceparent: '00-zz-11-01' }))).toBeUndefined();
    });

    it('the active span context is what new events record in their metadata', () => {
      const ctx = trace.setSpanContext(context.active(), remote);
      expect(traceMetadataOfActiveContext(ctx)).toEqual({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
      expect(traceMetadataOfActiveContext(context.active())).toEqual({});
    });
  });

  describe('with an SDK (spans recorded in memory)', () => {
    const exporter = new InMemorySpanExporter();
    beforeAll(() => {
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    });
    afterAll(() => {
      trace.disable();
      propagation.disable();
    });

    it('the forwarder publishes each traced message under a producer span of the same trace, and re-injects it', () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const traced: TransportMessage = { topic: 'benefits.applications', key: 'case-1', value: new Uint8Array(), headers: { ...headers(), traceparent } };
      const untraced: TransportMessage = { ...traced, headers: headers() };
      const spans = startPublishSpans('applications.outbox', [traced, untraced]);
      expect(spans.messages[1]).toBe(untraced);
      const rewritten = spans.messages[0].headers.traceparent!;
      expect(rewritten).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      expect(rewritten).not.toBe(traceparent);
      spans.end();
      const [producer] = exporter.getFinishedSpans();
      expect(producer).toMatchObject({ name: 'applications.outbox publish CaseApproved', kind: SpanKind.PRODUCER });
      expect(producer.spanContext().traceId).toBe(remote.traceId);
      expect(producer.parentSpanContext?.spanId).toBe(remote.spanId);
      expect(rewritten.split('-')[2]).toBe(producer.spanContext().spanId);
    });
  });

  describe('without an SDK (tracing off, the default)', () => {
    it('injects nothing, and publish spans leave messages as they are', () => {
      expect(injectTraceHeaders(headers(), trace.setSpanContext(context.active(), remote))).toEqual(headers());
      const message: TransportMessage = { topic: 't', key: 'case-1', value: new Uint8Array(), headers: { ...headers(), traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } };
      const spans = startPublishSpans('applications.outbox', [message]);
      expect(spans.messages[0]).toBe(message);
      spans.end();
    });

    it('reads only string trace headers of sane length from metadata', () => {
      expect(traceHeadersOf({ traceparent: 42, tracestate: 'x'.repeat(600) })).toEqual({});
      expect(traceHeadersOf({ correlationId: 'c' })).toEqual({});
    });
  });
});
