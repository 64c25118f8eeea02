import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EventStore } from '@benefits/event-store';
import type { NewEvent } from '@benefits/kernel';
import { activeTraceIds, startTracing, stopTracing, tracedEventStore, tracingEnabled } from './tracing';

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

  it('the OTLP exporter is built from the configured endpoint and shut down cleanly', async () => {
    expect(startTracing({ serviceName: 'eligibility', exporter: 'otlp', endpoint: 'http://127.0.0.1:9/' })).toBe(true);
    expect(tracingEnabled()).toBe(true);
    await stopTracing();
    expect(tracingEnabled()).toBe(false);
  });
});
