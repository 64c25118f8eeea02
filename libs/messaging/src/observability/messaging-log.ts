import type { TransportMessage } from '../contracts/transport-message';

/**
 * Where the messaging library reports what an operator must see (parked and rejected messages,
 * transport and forwarder failures). A small interface so the library needs no logging framework:
 * the service process installs its structured logger (libs/http `configureLogging`); until then
 * nothing is written (library tests stay quiet).
 */
export interface MessagingLog {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

const SILENT: MessagingLog = { error: () => undefined, warn: () => undefined, debug: () => undefined };
let current: MessagingLog = SILENT;

export function setMessagingLog(log: MessagingLog | null): void {
  current = log ?? SILENT;
}

export function messagingLog(): MessagingLog {
  return current;
}

/** The fields of a message that are safe in a log line: ids and types, never the value. */
export function messageLogFields(message: TransportMessage): Record<string, unknown> {
  return {
    topic: message.topic,
    caseId: message.key,
    eventId: message.headers.eventId,
    type: message.headers.type,
    correlationId: message.headers.correlationId,
    causationId: message.headers.causationId,
  };
}

/** An error as a log field: its name, code and message (the message is scrubbed by the log sink). */
export function errorLogFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: { type: error.name, code: (error as { code?: unknown }).code, message: error.message } };
  return { err: { message: String(error) } };
}
