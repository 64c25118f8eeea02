import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EventStore } from '@benefits/event-store';
import type { NewEvent } from '@benefits/kernel';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { activeTraceIds, httpTracingMiddleware, startTracing, stopTracing, tracedEventStore, tracingEnabled } from './tracing';

/** Records what it is asked to append; nothing else is used. */
function recordingStore() {
  const appended: NewEvent[] = [];
  const store = {
    appendToStream: async (_streamId: string, events: readonly NewEvent[]) => {
      appended.push(...events);
      return { nextExpectedRevision: 0n, position: '1' };
    },
    headPosition: async () => 'start',
  } as unknown as EventStore;
  return { store, appended };
}

const event = (): NewEvent => ({ type: 'tefu.CaseCreated.v1', data: { caseId: 'c-1' }, metadata: { correlationId: 'corr-1' } });

describe('tracing', () => {
  afterEach(() => stopTracing());

  it('is off by default: no SDK, the store unwrapped, no trace ids in log lines', async () => {
    expect(startTracing({ serviceName: 'applications' })).toBe(false);
    expect(tracingEnabled()).toBe(false);
    const { store, appended } = recordingStore();
    expect(tracedEventStore(store)).toBe(store);
    await trace.getTracer('t').startActiveSpan('s', async (span) => {
      await store.appendToStream('case-c-1', [event()], { expectedRevision: 'any' });
      expect(activeTraceIds()).toEqual({});
      span.end();
    });
    expect(appended[0].metadata).toEqual({ correlationId: 'corr-1' });
  });

  it('on: events appended inside a span record its traceparent in metadata (data untouched); outside a span nothing', async () => {
    const exporter = new InMemorySpanExporter();
    expect(startTracing({ serviceName: 'applications', exporter })).toBe(true);
    const { store: raw, appended } = recordingStore();
    const store = tracedEventStore(raw);
    expect(tracedEventStore(store)).toBe(store);
    await store.appendToStream('case-c-1', [event()], { expectedRevision: 'any' });
    let ids: { trace_id?: string; span_id?: string } = {};
    await trace.getTracer('t').startActiveSpan('command', async (span) => {
      // Across an await, as in a handler.
      await new Promise((resolve) => setImmediate(resolve));
      ids = activeTraceIds();
      await store.appendToStream('case-c-1', [event()], { expectedRevision: 'any' });
      span.end();
    });
    expect(appended[0].metadata).toEqual({ correlationId: 'corr-1' });
    expect(appended[1].metadata).toEqual({ correlationId: 'corr-1', traceparent: `00-${ids.trace_id}-${ids.span_id}-01` });
    expect(appended[1].data).toEqual({ caseId: 'c-1' });
    expect(await store.headPosition()).toBe('start');
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['command']);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  describe("a client's trace headers", () => {
    const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
    const VALID = `00-${CLIENT_TRACE}-00f067aa0ba902b7-01`;

    /** One request through the middleware, appending an event while it is handled; the metadata recorded. */
    async function appendDuring(headers: Record<string, string>): Promise<Record<string, unknown>> {
      const { store: raw, appended } = recordingStore();
      const store = tracedEventStore(raw);
      const res = Object.assign(new EventEmitter(), { statusCode: 201, writableFinished: true }) as unknown as ServerResponse;
      const req = { method: 'POST', url: '/cases', headers } as unknown as IncomingMessage;
      await new Promise<void>((done, fail) => httpTracingMiddleware('applications')(req, res, () => void store.appendToStream('case-c-1', [event()], { expectedRevision: 'any' }).then(() => done(), fail)));
      res.emit('finish');
      return appended[0].metadata as Record<string, unknown>;
    }

    beforeEach(() => expect(startTracing({ serviceName: 'applications', exporter: new InMemorySpanExporter() })).toBe(true));

    it('a valid traceparent is continued: the event records our span (same trace, our span id), never the tracestate', async () => {
      const metadata = await appendDuring({ traceparent: VALID, tracestate: 'vendor=张三 13912345678,x=<script>' });
      expect(Object.keys(metadata).sort()).toEqual(['correlationId', 'traceparent']);
      expect(metadata.traceparent).toMatch(new RegExp(`^00-${CLIENT_TRACE}-[0-9a-f]{16}-01$`));
      expect(metadata.traceparent).not.toBe(VALID);
    });

    it.each([
      ['uppercase hex', VALID.toUpperCase()],
      ['another version', `01-${CLIENT_TRACE}-00f067aa0ba902b7-01`],
      ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
      ['an all-zero parent id', `00-${CLIENT_TRACE}-${'0'.repeat(16)}-01`],
      ['text after it', `${VALID}-personal data`],
      ['free text', '张三 330402197003150022'],
    ])('a traceparent with %s is ignored: a new trace is started and only its traceparent recorded', async (_what, traceparent) => {
      const metadata = await appendDuring({ traceparent, tracestate: 'a=b' });
      expect(Object.keys(metadata).sort()).toEqual(['correlationId', 'traceparent']);
      expect(metadata.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(metadata.traceparent).not.toContain(CLIENT_TRACE);
    });
  });

  it('the OTLP exporter is built from the configured endpoint and shut down cleanly', async () => {
    expect(startTracing({ serviceName: 'eligibility', exporter: 'otlp', endpoint: 'http://127.0.0.1:9/' })).toBe(true);
    expect(tracingEnabled()).toBe(true);
    await stopTracing();
    expect(tracingEnabled()).toBe(false);
  });
});
