import { context, isSpanContextValid, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { MessageHeaders, TransportMessage } from '../contracts/transport-message';

/**
 * W3C trace context on integration messages, through the OpenTelemetry API only: when no SDK is
 * registered (tracing off, the default) every call here is the API's no-op and costs next to nothing.
 *
 * Where the context travels:
 * - in event metadata (`traceparent`, `tracestate`), written on append while a span is active (the
 *   traced event store of libs/http) — metadata, never the event's data;
 * - in the message headers `traceparent` / `tracestate`, copied from the metadata by the mapper, so
 *   Kafka and the embedded event-log transport carry the same headers;
 * - the outbox forwarder publishes each message under a producer span and re-injects its context;
 * - the delivery pipeline runs each message under a consumer span whose parent is the headers'.
 */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

const headerGetter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key] ?? undefined,
};

const headerSetter: TextMapSetter<Record<string, string | undefined>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** The trace context of `ctx` (default: the active one) written into message headers. */
export function injectTraceHeaders(headers: MessageHeaders, ctx: Context = context.active()): MessageHeaders {
  propagation.inject(ctx, headers, headerSetter);
  return headers;
}

/** The remote context the headers carry (the active context when they carry none). */
export function extractTraceContext(headers: Readonly<Record<string, string | undefined>>, base: Context = context.active()): Context {
  return propagation.extract(base, headers as Record<string, string | undefined>, headerGetter);
}

/** The trace headers recorded in an event's metadata, for the message mapped from it (none when absent). */
export function traceHeadersOf(metadata: Readonly<Record<string, unknown>>): Partial<Record<(typeof TRACE_HEADERS)[number], string>> {
  const out: Partial<Record<(typeof TRACE_HEADERS)[number], string>> = {};
  for (const name of TRACE_HEADERS) {
    const value = metadata[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 512) out[name] = value;
  }
  return out;
}

/** The trace context to record in new events' metadata: the active span's, or nothing. */
export function traceMetadataOfActiveContext(ctx: Context = context.active()): Record<string, string> {
  const span = trace.getSpan(ctx);
  if (!span || !isSpanContextValid(span.spanContext())) return {};
  const carrier: Record<string, string | undefined> = {};
  propagation.inject(ctx, carrier, headerSetter);
  return traceHeadersOf(carrier);
}

const TRACER = 'benefits.messaging';

/**
 * Runs one delivery under a consumer span, child of the context in the message's headers. The
 * handler (and every event it appends) runs with that span active.
 */
export async function withConsumerSpan<T extends string>(consumer: string, message: TransportMessage, work: () => Promise<T>): Promise<T> {
  const parent = extractTraceContext(message.headers);
  return trace.getTracer(TRACER).startActiveSpan(
    `${consumer} process ${shortType(message.headers.type)}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'benefits',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.consumer.group.name': consumer,
        'messaging.message.id': message.headers.eventId ?? '',
        'benefits.case_id': message.key,
        'benefits.correlation_id': message.headers.correlationId ?? '',
      },
    },
    parent,
    async (span) => {
      try {
        const outcome = await work();
        span.setAttribute('benefits.delivery.outcome', outcome);
        if (outcome === 'parked' || outcome === 'rejected') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        return outcome;
      } catch (error) {
        recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Producer spans of one published batch: started before the send, ended once it is acknowledged. */
export interface PublishSpans {
  /** The messages with each one's `traceparent` rewritten to its producer span. */
  messages: TransportMessage[];
  end(error?: unknown): void;
}

/**
 * One producer span per message that carries a trace context (messages without one are left
 * alone: no new traces are started by the forwarder for events recorded outside any trace).
 */
export function startPublishSpans(forwarderId: string, messages: readonly TransportMessage[]): PublishSpans {
  const spans: Span[] = [];
  const tracer = trace.getTracer(TRACER);
  const out = messages.map((message) => {
    if (!message.headers.traceparent) return message;
    const parent = extractTraceContext(message.headers);
    const span = tracer.startSpan(
      `${forwarderId} publish ${shortType(message.headers.type)}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': message.topic,
          'messaging.message.id': message.headers.eventId ?? '',
          'benefits.case_id': message.key,
        },
      },
      parent,
    );
    if (!span.isRecording()) return message;
    spans.push(span);
    return { ...message, headers: injectTraceHeaders({ ...message.headers }, trace.setSpan(parent, span)) };
  });
  return {
    messages: out,
    end(error?: unknown) {
      for (const span of spans) {
        if (error !== undefined) recordError(span, error);
        span.end();
      }
    },
  };
}

function recordError(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
  // The exception's name only: messages may quote input, and spans leave the process.
  span.setAttribute('exception.type', error instanceof Error ? error.name : typeof error);
}

/** `benefits.integration.v1.CaseApproved` → `CaseApproved`. */
function shortType(type: string | undefined): string {
  if (!type) return 'message';
  return type.slice(type.lastIndexOf('.') + 1);
}
