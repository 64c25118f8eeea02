import type { EventEnvelope, EventMetadata, HashableEvent } from '@benefits/kernel';
import type { EventRow } from './schema';
import { encodePosition } from './sql-position';

/**
 * Rebuilds the envelope from the stored hashed text rather than from separate columns, so what a
 * reader sees is exactly what was hashed and any change to it breaks the chain where it happened.
 */
export function toEnvelope(row: EventRow): EventEnvelope {
  const hashed = JSON.parse(row.hashed_text) as HashableEvent;
  return {
    eventId: row.event_id,
    type: hashed.type,
    streamId: hashed.streamId,
    streamRevision: hashed.streamRevision,
    position: encodePosition({ transactionId: row.transaction_id, serial: row.position }),
    recordedAt: row.recorded_at,
    data: hashed.data,
    metadata: { ...hashed.metadata, hash: row.hash } as EventMetadata,
  };
}
