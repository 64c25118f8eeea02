import { createHash } from 'node:crypto';
import { CanonicalJsonError, canonicalJson } from './canonical-json';

/** The hash of the (non-existent) event before revision 0 of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What the writer knows at append time (architecture §3): stream id and revision, type, data and
 * metadata without `hash` (but with `prevHash`). Store-assigned position and time are excluded so
 * the chain can be verified on any adapter and after a migration between stores.
 */
export interface HashableEvent {
  streamId: string;
  streamRevision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> & { prevHash: string };
}

/** The exact text that is hashed; stored alongside the event so verification needs no re-serialisation. */
export function hashInput(event: HashableEvent): string {
  const { hash: _ignored, ...metadata } = event.metadata as Record<string, unknown>;
  return canonicalJson({
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    type: event.type,
    data: event.data,
    metadata,
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function eventHash(event: HashableEvent): string {
  return sha256Hex(hashInput(event));
}

export interface ChainedEvent extends HashableEvent {
  metadata: HashableEvent['metadata'] & { hash: string };
}

export type ChainVerdict =
  | { ok: true; head: string; length: number }
  | { ok: false; brokenAt: number; reason: 'prevHash' | 'hash' | 'revision' };

/** Verifies a whole stream read from revision 0; reports the first revision whose link is broken. */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.streamRevision !== i) return { ok: false, brokenAt: i, reason: 'revision' };
    if (e.metadata.prevHash !== prev) return { ok: false, brokenAt: i, reason: 'prevHash' };
    if (recomputedHash(e) !== e.metadata.hash) return { ok: false, brokenAt: i, reason: 'hash' };
    prev = e.metadata.hash;
  }
  return { ok: true, head: prev, length: events.length };
}

/** A stored event that can no longer be serialised (e.g. a tampered string) cannot match its hash. */
function recomputedHash(event: ChainedEvent): string | null {
  try {
    return eventHash(event);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return null;
    throw error;
  }
}
