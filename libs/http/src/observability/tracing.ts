import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  isSpanContextValid,
  type Context,
  type ContextManager,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { EventStore, SubscribeToAllOptions } from '@benefits/event-store';
import { WRAPPED_STORE } from '@benefits/event-store';
import type { NewEvent } from '@benefits/kernel';
import { extractTraceContext, traceHeadersOf, traceMetadataOfActiveContext } from '@benefits/messaging';
import { observabilityConfigOf, type ObservabilityConfig } from './log-config';
import { matchedRoutePath } from './route-name';

/**
 * Traces, with the OpenTelemetry SDK started only when an exporter is configured
 * (BENEFITS_TRACES_EXPORTER=otlp|console; `none`, the default, starts nothing: the API stays the
 * no-op it is without an SDK, and the HTTP middleware is not installed).
 *
 * One case's path is one trace: the HTTP server span of a command is active while its events are
 * appended, so the traced store writes its W3C context into their metadata; the messages mapped
 * from them carry it in `traceparent` headers (Kafka and the embedded event log alike), and each
 * consumer's span continues it — and the events a handler appends carry the consumer span's context on.
 */

/** Context propagation across awaits (the SDK for Node without the async-hooks package). */
export class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (...args: unknown[]) => this.with(ctx, () => (target as (...a: unknown[]) => unknown)(...args));
    return run as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

export interface TracingOptions {
  /** The process's service name (`service.name` of the resource); embedded mode: `benefits`. */
  serviceName: string;
  /** An exporter instance (tests: InMemorySpanExporter), or the configured kind. */
  exporter?: SpanExporter | ObservabilityConfig['BENEFITS_TRACES_EXPORTER'];
  /** OTLP base URL (default OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318). */
  endpoint?: string;
}

interface RunningTracing {
  provider: BasicTracerProvider;
  contextManager: AsyncLocalStorageContextManager;
}

let running: RunningTracing | null = null;

/** Whether an SDK is running in this process (spans are recorded and exported). */
export function tracingEnabled(): boolean {
  return running !== null;
}

/**
 * Starts the SDK when an exporter is configured; returns false (and starts nothing) for `none`.
 * Process-wide: the four services of embedded mode share one provider (a span's instrumentation
 * scope names its service).
 */
export function startTracing(options: TracingOptions): boolean {
  if (running) return true;
  const config = observabilityConfigOf();
  const kind = options.exporter ?? config.BENEFITS_TRACES_EXPORTER;
  if (kind === 'none') return false;
  const exporter: SpanExporter =
    kind === 'console'
      ? new ConsoleSpanExporter()
      : kind === 'otlp'
        ? new OTLPTraceExporter({ url: `${(options.endpoint ?? config.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/$/, '')}/v1/traces` })
        : kind;
  // Spans to a collector go in batches; a given exporter (tests) and the console get each span as it ends.
  const processor = kind === 'otlp' ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  running = { provider, contextManager };
  return true;
}

/** Flushes and stops the SDK (shutdown; tests). The API is a no-op again afterwards. */
export async function stopTracing(): Promise<void> {
  if (!running) return;
  const { provider } = running;
  running = null;
  await provider.forceFlush().catch(() => undefined);
  await provider.shutdown().catch(() => undefined);
  trace.disable();
  propagation.disable();
  context.disable();
}

/** The active span's trace and span ids, for log lines (empty when tracing is off). */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  if (!running) return {};
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/** A W3C traceparent exactly: version 00, lowercase hex trace id and parent id, neither all zeros, flags. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The caller's trace as the parent of the request's span, only from a `traceparent` in exactly the
 * W3C format (anything else starts a new trace). A remote `tracestate` is dropped: it is free text
 * of the client's and would otherwise be written into immutable event metadata and message headers.
 */
function remoteParent(traceparent: string | string[] | undefined) {
  return typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? extractTraceContext({ traceparent }, ROOT_CONTEXT) : ROOT_CONTEXT;
}

/**
 * Express middleware: a server span per request (parent: the caller's `traceparent`), active for
 * everything the request does; its name gets the route once routing knows it.
 */
export function httpTracingMiddleware(service: string) {
  const tracer = trace.getTracer(service);
  return (req: IncomingMessage & { route?: { path?: string }; originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    const parent = remoteParent(req.headers.traceparent);
    const method = req.method ?? 'GET';
    const path = (req.originalUrl ?? req.url ?? '/').split('?')[0];
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': path, 'benefits.service': service },
      },
      parent,
    );
    res.once('finish', () => {
      const route = matchedRoutePath(req);
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    res.once('close', () => {
      if (!res.writableFinished) span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

const TRACED = Symbol('benefits.tracedStore');

function withTraceMetadata(events: readonly NewEvent[]): readonly NewEvent[] {
  // Only the traceparent of our own active span (never a tracestate: nothing of ours sets one).
  const { traceparent } = traceMetadataOfActiveContext();
  if (!traceparent || !TRACEPARENT.test(traceparent)) return events;
  return events.map((event) => ({ ...event, metadata: { traceparent, ...event.metadata } }));
}

/**
 * The store, with the active span's `traceparent` written into the metadata of every event appended
 * while a span is active (metadata, never data), and subscription handlers
 * run in the trace context of the event they handle. The store itself when tracing is off, so
 * metadata is then exactly what the handlers wrote.
 */
export function tracedEventStore(store: EventStore): EventStore {
  if (!running || (store as unknown as Record<symbol, unknown>)[TRACED]) return store;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === TRACED) return true;
      if (property === WRAPPED_STORE) return target;
      if (property === 'appendToStream') {
        return (streamId: string, events: readonly NewEvent[], options: Parameters<EventStore['appendToStream']>[2]) =>
          target.appendToStream(streamId, withTraceMetadata(events), options);
      }
      if (property === 'appendMany') {
        return (appends: Parameters<EventStore['appendMany']>[0]) => target.appendMany(appends.map((a) => ({ ...a, events: withTraceMetadata(a.events) })));
      }
      if (property === 'subscribeToAll') {
        // A subscriber that appends while handling an event (the facts publisher, the consumers)
        // continues the event's trace: its handler runs in the context recorded with the event.
        return (options: SubscribeToAllOptions) =>
          target.subscribeToAll({
            ...options,
            handler: (event) => context.with(extractTraceContext(traceHeadersOf(event.metadata), ROOT_CONTEXT), () => options.handler(event)),
          });
      }
      if (property === 'createIfAbsent') {
        return (creates: Parameters<EventStore['createIfAbsent']>[0]) => target.createIfAbsent(creates.map((c) => ({ ...c, events: withTraceMetadata(c.events) })));
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
