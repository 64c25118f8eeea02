import type { INestApplication } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventStore } from '@benefits/event-store';
import { WRAPPED_STORE } from '@benefits/event-store';
import type { DeliveryOutcome, IntegrationEventServer, MessagingMetrics, OutboxForwarder } from '@benefits/messaging';
import type { ServiceDefinition, ServiceRuntime } from '../service-app';
import { matchedRoutePath } from './route-name';

/** Seconds: from a cached read (a few ms) to a slow command on a loaded database (tens of seconds). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds an event waited before it was forwarded or handled: sub-second normally, minutes in an outage. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
/** Payment runs take seconds to many minutes. */
const RUN_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];
/** Payments created by one run: a village to a whole city. */
const RUN_SIZE_BUCKETS = [0, 10, 100, 1000, 10000, 100000, 1000000];
/** Log events counted per scrape for backlog and lag gauges (a scrape reads at most this many). */
export const LAG_COUNT_CAP = 1000;

/** The store methods that write: their latency is the append latency. */
const STORE_WRITES = ['appendToStream', 'appendMany', 'createIfAbsent'] as const;
/** The vault operations that are timed, by the name they have on the metric. */
const VAULT_OPERATIONS: Record<string, string> = {
  registerPerson: 'register',
  seal: 'seal',
  open: 'open',
  openMany: 'open_many',
  destroyKey: 'erase',
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A read model set as the metrics see it (`ReadModels.status()`). */
export interface ProjectionStatusSource {
  status(): Promise<readonly { name: string; lagSeconds: number | null; caughtUp: boolean }[]>;
}

/** A finished payment run, as the disbursement service reports it. */
export interface PaymentRunObservation {
  benefit: string;
  seconds: number;
  payments: number;
  pages: number;
  resumed: boolean;
}

/**
 * The metrics of one service: its own prom-client Registry (label `service`), so in embedded mode
 * each of the four apps in the process shows its own series on its own `/metrics`. Created by
 * `createServiceApp` (or handed in through `ServiceRuntime.metrics`), it is also the messaging
 * runtime's `MessagingMetrics` and wraps the event store and the vault the service is given.
 */
export class ServiceMetrics implements MessagingMetrics {
  readonly registry = new Registry();
  /** Whether the scrape includes the process's metrics (CPU, memory, event loop, GC), labelled with this service. */
  private readonly withProcessMetrics: boolean;
  private readonly forwarders = new Set<OutboxForwarder>();
  private readonly consumers = new Map<string, IntegrationEventServer>();
  private readonly projections = new Set<ProjectionStatusSource>();

  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commands: Counter<'route' | 'outcome' | 'code'>;
  readonly appendDuration: Histogram<'operation' | 'outcome'>;
  readonly forwardedMessages: Counter<'forwarder'>;
  readonly forwardingLag: Histogram<'forwarder'>;
  readonly messageAge: Histogram<'consumer' | 'topic'>;
  readonly deliveryDuration: Histogram<'consumer' | 'topic' | 'outcome'>;
  readonly retries: Counter<'consumer' | 'topic'>;
  readonly deadLetters: Counter<'consumer' | 'topic'>;
  readonly paymentRunDuration: Histogram<'benefit'>;
  readonly paymentRunSize: Histogram<'benefit'>;
  readonly vaultDuration: Histogram<'operation' | 'outcome'>;

  constructor(
    readonly service: string,
    options: { defaultMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    this.withProcessMetrics = options.defaultMetrics !== false;
    if (this.withProcessMetrics) processRegistry();
    this.httpDuration = new Histogram({
      name: 'benefits_http_request_duration_seconds',
      help: 'HTTP requests by route pattern (never the raw path), method and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.commands = new Counter({
      name: 'benefits_commands_total',
      help: 'Commands (write requests on a known route): accepted, or refused with the error code of the problem body',
      labelNames: ['route', 'outcome', 'code'],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'benefits_event_store_append_duration_seconds',
      help: 'Event-store writes by operation (appendToStream, appendMany, createIfAbsent) and outcome (ok or the error code)',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.forwardedMessages = new Counter({
      name: 'benefits_outbox_forwarded_messages_total',
      help: 'Integration messages the outbox forwarder published and had acknowledged',
      labelNames: ['forwarder'],
      registers,
    });
    this.forwardingLag = new Histogram({
      name: 'benefits_outbox_forwarding_lag_seconds',
      help: 'Seconds from an event being recorded to the broker acknowledging its batch',
      labelNames: ['forwarder'],
      buckets: LAG_BUCKETS,
      registers,
    });
    const forwarders = this.forwarders;
    new Gauge({
      name: 'benefits_outbox_backlog_events',
      help: `Events in the log after the forwarder's checkpoint (counted up to ${LAG_COUNT_CAP})`,
      labelNames: ['forwarder'],
      registers,
      async collect() {
        this.reset();
        for (const forwarder of forwarders) {
          const backlog = await forwarder.backlog(LAG_COUNT_CAP).catch(() => null);
          if (backlog !== null) this.set({ forwarder: forwarder.id }, backlog);
        }
      },
    });
    this.messageAge = new Histogram({
      name: 'benefits_consumer_message_age_seconds',
      help: 'Age of an integration message when the consumer took it (since recorded, or produced on Kafka)',
      labelNames: ['consumer', 'topic'],
      buckets: LAG_BUCKETS,
      registers,
    });
    const consumers = this.consumers;
    new Gauge({
      name: 'benefits_consumer_lag_messages',
      help: `Messages not yet handled by the consumer, per topic and partition (event-log transport: partition 0, counted over at most ${LAG_COUNT_CAP} log events; Kafka: offset lag after the last batch)`,
      labelNames: ['consumer', 'topic', 'partition'],
      registers,
      async collect() {
        this.reset();
        for (const [consumer, server] of consumers) {
          const lags = await server.lag().catch(() => []);
          for (const lag of lags) this.set({ consumer, topic: lag.topic, partition: String(lag.partition) }, lag.messages);
        }
      },
    });
    new Gauge({
      name: 'benefits_consumer_parked_messages',
      help: 'Open parked messages: failed (blocks its case until an operator acts) or waiting (queued behind a failed one)',
      labelNames: ['consumer', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const [consumer, server] of consumers) {
          const counts = await parkedCounts(server);
          if (!counts) continue;
          this.set({ consumer, status: 'failed' }, counts.failed);
          this.set({ consumer, status: 'waiting' }, counts.waiting);
        }
      },
    });
    this.deliveryDuration = new Histogram({
      name: 'benefits_consumer_delivery_duration_seconds',
      help: 'Messages through the delivery pipeline by outcome (handled, duplicate, ignored, held, parked, rejected)',
      labelNames: ['consumer', 'topic', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.retries = new Counter({
      name: 'benefits_consumer_retries_total',
      help: 'Failed handler attempts that were tried again',
      labelNames: ['consumer', 'topic'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'benefits_consumer_dead_letters_total',
      help: 'Messages dead-lettered: parked after the last attempt, or rejected as malformed',
      labelNames: ['consumer', 'topic'],
      registers,
    });
    const projections = this.projections;
    new Gauge({
      name: 'benefits_projection_lag_seconds',
      help: 'Seconds the oldest event not yet applied to a read model has been waiting (0 when caught up)',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const source of projections) {
          const statuses = await source.status().catch(() => []);
          for (const status of statuses) if (status.lagSeconds !== null) this.set({ projection: status.name }, status.lagSeconds);
        }
      },
    });
    this.paymentRunDuration = new Histogram({
      name: 'benefits_payment_run_duration_seconds',
      help: 'Wall-clock seconds of a payment-run request that completed a run',
      labelNames: ['benefit'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.paymentRunSize = new Histogram({
      name: 'benefits_payment_run_payments',
      help: 'Payments created by a completed payment run',
      labelNames: ['benefit'],
      buckets: RUN_SIZE_BUCKETS,
      registers,
    });
    this.vaultDuration = new Histogram({
      name: 'benefits_vault_operation_duration_seconds',
      help: 'Personal-data vault operations (register, seal, open, open_many, erase) by outcome (ok or the error code)',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  // --- MessagingMetrics ---

  forwarded(forwarderId: string, messages: number, recordedAt: readonly string[]): void {
    this.forwardedMessages.inc({ forwarder: forwarderId }, messages);
    const now = Date.now();
    for (const at of recordedAt) {
      const age = (now - Date.parse(at)) / 1000;
      if (Number.isFinite(age)) this.forwardingLag.observe({ forwarder: forwarderId }, Math.max(0, age));
    }
  }

  received(consumer: string, topic: string, _partition: number, ageSeconds: number | null): void {
    if (ageSeconds !== null) this.messageAge.observe({ consumer, topic }, ageSeconds);
  }

  delivered(consumer: string, topic: string, outcome: DeliveryOutcome, seconds: number): void {
    this.deliveryDuration.observe({ consumer, topic, outcome }, seconds);
    if (outcome === 'parked' || outcome === 'rejected') this.deadLetters.inc({ consumer, topic });
  }

  attemptFailed(consumer: string, topic: string, _attempt: number, final: boolean): void {
    if (!final) this.retries.inc({ consumer, topic });
  }

  // --- what is measured at scrape time ---

  /** Backlog of this forwarder on each scrape (its `forwarderId` is the label). */
  watchForwarder(forwarder: OutboxForwarder): void {
    this.forwarders.add(forwarder);
  }

  /** Lag and parked messages of this consumer on each scrape. */
  watchConsumer(consumer: string, server: IntegrationEventServer): void {
    this.consumers.set(consumer, server);
  }

  /** Lag of the service's read models on each scrape. */
  watchProjections(source: ProjectionStatusSource): void {
    this.projections.add(source);
  }

  paymentRun(observation: PaymentRunObservation): void {
    this.paymentRunDuration.observe({ benefit: observation.benefit }, observation.seconds);
    this.paymentRunSize.observe({ benefit: observation.benefit }, observation.payments);
  }

  // --- wrappers for what the service is handed ---

  /** The store with its writes timed; everything else passes through (optional methods included). */
  instrumentStore<S extends EventStore>(store: S): S {
    return timed(store, Object.fromEntries(STORE_WRITES.map((m) => [m, m])), (operation, outcome, seconds) =>
      this.appendDuration.observe({ operation, outcome }, seconds),
    );
  }

  /** The vault with its operations timed (the same vault object may serve several services). */
  instrumentVault<V extends object>(vault: V): V {
    return timed(vault, VAULT_OPERATIONS, (operation, outcome, seconds) => this.vaultDuration.observe({ operation, outcome }, seconds));
  }

  /** The text exposition of this service's registry. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const own = await this.registry.metrics();
    if (!this.withProcessMetrics) return { contentType: this.registry.contentType, body: own };
    const process = withLabel(await processRegistry().metrics(), 'service', this.service);
    return { contentType: this.registry.contentType, body: `${process.replace(/\n*$/, '\n')}${own}` };
  }
}

async function parkedCounts(server: IntegrationEventServer): Promise<{ failed: number; waiting: number } | null> {
  try {
    return await server.parked.counts();
  } catch {
    return null; // not listening (yet), or its database is unavailable: no sample rather than a failed scrape
  }
}

/** `outcome` of a failed operation: its stable error code when it has one. */
export function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'error';
}

/**
 * A proxy of `target` whose methods named in `operations` (method name → label) report their
 * duration and outcome; every other property (and `this` inside the methods) is the target's own.
 */
export function timed<T extends object>(target: T, operations: Record<string, string>, observe: (operation: string, outcome: string, seconds: number) => void): T {
  return new Proxy(target, {
    get(object, property) {
      // Whoever keeps something per object (the shared read models of a store) finds the target.
      if (property === WRAPPED_STORE) return object;
      // The target as `this`, for getters and methods alike: class-private fields stay reachable.
      const value = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      const operation = typeof property === 'string' && Object.hasOwn(operations, property) ? operations[property] : undefined;
      if (!operation) return value.bind(object);
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          const result = await value.apply(object, args);
          observe(operation, 'ok', (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          observe(operation, outcomeOf(error), (performance.now() - started) / 1000);
          throw error;
        }
      };
    },
  });
}

/**
 * The process's default metrics, collected once per process: each collection registers process-wide
 * observers (garbage collection, event-loop delay) that would keep its registry — and every service
 * app whose gauges it holds — alive for the life of the process.
 */
let processMetrics: Registry | null = null;

function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/** Adds a label to every sample line of a text exposition (`name value` or `name{…} value`). */
export function withLabel(exposition: string, name: string, value: string): string {
  const label = `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  return exposition
    .split('\n')
    .map((line) => {
      if (line === '' || line.startsWith('#')) return line;
      const brace = line.indexOf('{');
      const space = line.indexOf(' ');
      if (brace !== -1 && (space === -1 || brace < space)) return `${line.slice(0, brace + 1)}${label},${line.slice(brace + 1)}`;
      return `${line.slice(0, space)}{${label}}${line.slice(space)}`;
    })
    .join('\n');
}

/** Provider token of the service's `ServiceMetrics` (global in a service app). */
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');

/** Metrics of a service app: those `createServiceApp` made for it. */
const appMetrics = new WeakMap<object, ServiceMetrics>();

export function metricsOf(app: INestApplication): ServiceMetrics {
  const metrics = appMetrics.get(app);
  if (!metrics) throw new Error('not a service app: no metrics');
  return metrics;
}

interface MetricsRequest {
  method: string;
  path: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
interface MetricsResponse {
  statusCode: number;
  locals?: Record<string, unknown>;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
  on(event: 'finish', listener: () => void): unknown;
}

/** The route pattern a request matched (`/cases/:caseId`), or null when none did (a 404 on an unknown path). */
export function routeOf(request: MetricsRequest): string | null {
  const path = matchedRoutePath(request);
  if (path === null) return null;
  return `${request.baseUrl ?? ''}${path}` || '/';
}

/**
 * `GET /metrics` (Prometheus text, no token: it is served ahead of the routes and their guard) and
 * the timing of every other request, labelled with the route pattern once the response is sent.
 * Write requests on a known route also count as commands, refused ones by the code the ProblemFilter
 * put in `res.locals.problemCode`.
 */
export function installMetrics(app: INestApplication, _definition: ServiceDefinition, runtime: ServiceRuntime): void {
  const metrics = runtime.metrics;
  if (!metrics) throw new Error('installMetrics: the runtime has no metrics (createServiceApp makes them)');
  appMetrics.set(app, metrics);
  app.use((request: MetricsRequest, response: MetricsResponse, next: () => void) => {
    if (request.path === '/metrics') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return next();
      metrics
        .scrape()
        .then(({ contentType, body }) => {
          response.setHeader('Content-Type', contentType);
          response.setHeader('Cache-Control', 'no-store');
          response.end(request.method === 'HEAD' ? '' : body);
        })
        .catch(() => {
          response.statusCode = 500;
          response.end('metrics unavailable\n');
        });
      return;
    }
    const started = performance.now();
    response.on('finish', () => {
      const route = routeOf(request);
      const status = response.statusCode;
      metrics.httpDuration.observe({ method: request.method, route: route ?? 'unmatched', status: String(status) }, (performance.now() - started) / 1000);
      if (route === null || !WRITE_METHODS.has(request.method)) return;
      if (status < 400) metrics.commands.inc({ route, outcome: 'accepted', code: '' });
      else metrics.commands.inc({ route, outcome: 'refused', code: String(response.locals?.['problemCode'] ?? `HTTP_${status}`) });
    });
    next();
  });
}

/** `/metrics` in a service's OpenAPI document: public (no bearer token), Prometheus text. */
export function describeMetricsRoute(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: "Prometheus metrics of this service (text exposition); no token — keep the port off the public network",
    tags: ['health'],
    security: [],
    responses: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
  });
}
