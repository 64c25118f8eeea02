import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { setMessagingLog, type MessagingLog } from '@benefits/messaging';
import { defaultLogLevel, type BenefitsLogLevel } from './log-config';
import { redactLogFields, scrubbingDestination } from './log-redaction';
import { activeTraceIds } from './tracing';

/**
 * Structured logs: one JSON object per line on stdout (pino), every line with `service`, and with
 * `correlationId` (and `causationId`, actor, case id where known) when it belongs to a request or
 * to the delivery of an integration event; `trace_id` / `span_id` when tracing is on. Personal
 * data is kept out by `log-redaction.ts`.
 *
 * One root logger per process; each service logs through a child bound to its name (embedded
 * mode runs four services in one process, each line still says which).
 */
export interface LoggingOptions {
  level?: BenefitsLogLevel;
  /** Where lines go (default: stdout, synchronously); tests capture them here. */
  destination?: DestinationStream;
  /** The process's service when it runs one (separate-process mode): messaging lines carry it. */
  service?: string;
}

let root: Logger | null = null;
let processService: string | undefined;

/** (Re)configures the process's logging; services created afterwards log through it. */
export function configureLogging(options: LoggingOptions = {}): Logger {
  processService = options.service;
  root = pino(
    {
      level: options.level ?? defaultLogLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactLogFields(fields) as Record<string, unknown>,
      },
      mixin: () => activeTraceIds(),
    },
    scrubbingDestination(options.destination ?? pino.destination({ dest: 1, sync: true })),
  );
  setMessagingLog(messagingSink(root));
  return root;
}

export function rootLogger(): Logger {
  return root ?? configureLogging();
}

/** The logger of one service: every line carries `service`. */
export function serviceLogger(service: string): Logger {
  return rootLogger().child({ service });
}

/** Library lines (parked messages, consumer failures) under the consumer's service. */
function messagingSink(logger: Logger): MessagingLog {
  const write = (level: 'error' | 'warn' | 'debug') => (fields: Record<string, unknown>, message: string) => {
    if (!logger.isLevelEnabled(level)) return;
    const service = processService ?? (typeof fields.consumer === 'string' ? serviceOfConsumer(fields.consumer) : 'messaging');
    logger[level]({ service, ...fields }, message);
  };
  return { error: write('error'), warn: write('warn'), debug: write('debug') };
}

/** Consumers are named after their service (`eligibility`, `applications.determinations`, …). */
function serviceOfConsumer(consumer: string): string {
  return consumer.split(/[.:-]/)[0] || consumer;
}

/** The logger of the request (or delivery) in progress, when there is one. */
const current = new AsyncLocalStorage<Logger>();

export function runWithLogger<T>(logger: Logger, work: () => T): T {
  return current.run(logger, work);
}

export function currentLogger(): Logger | undefined {
  return current.getStore();
}

type NestLevel = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's start-up lines per module and route (about sixty per service) are debug lines; "application
 * successfully started" stays info. Outside a request Nest writes through the logger of the app
 * created last (its static logger is process-wide), so in embedded mode a start-up line of one
 * service may carry the name of the one started before it.
 */
const START_UP_CHATTER: ReadonlySet<string> = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Nest's logger over pino: framework and `new Logger(context)` lines become JSON lines of the
 * service (inside a request: of the request, with its correlation id).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(requested: NestLevel, message: unknown, optional: unknown[]): void {
    const logger = currentLogger() ?? this.logger;
    // Nest passes (message, context) or, for errors, (message, stack, context).
    const params = [...optional];
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const level = requested === 'info' && context && START_UP_CHATTER.has(context) ? 'debug' : requested;
    if (!logger.isLevelEnabled(level)) return;
    const stack = params.find((p): p is string => typeof p === 'string' && p.includes('\n'));
    const fields: Record<string, unknown> = { context };
    if (message instanceof Error) {
      fields.err = message;
      logger[level](fields, message.message);
    } else if (message !== null && typeof message === 'object') {
      logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      if (stack) fields.err = { stack };
      logger[level](fields, String(message));
    }
  }
}
