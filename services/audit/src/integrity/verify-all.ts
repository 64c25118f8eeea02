import { START, isRawLogReader, type LogPositionOrStart, type RawLogEvent } from '@benefits/event-store';
import { CanonicalJsonError, GENESIS_HASH, eventHash, sha256Hex, type EventEnvelope } from '@benefits/kernel';
import type { AuditSource } from '../replica/replica-store';
import { caseStreamOf } from '../read-models/case-streams.projection';

/**
 * `verify --all` (ADR 0012 §4): the global log read once, in order, with per-stream state only —
 * the last revision and hash of each stream (and each case's division, for scoping the report) —
 * so memory follows the number of streams, never the number of events.
 *
 * For each event: its revision follows the stream's last one (0 for a stream's first), its
 * `prevHash` is the stream's last hash, its hash is recomputed from its content, and its log
 * position comes after the previous event's. The first broken link of each stream is reported;
 * after it the stream's head is still followed (so its anchored revisions are still compared) but
 * no further link of it is reported. Given anchored heads, each anchored stream's event at the
 * anchored revision must still carry the anchored hash, and the stream must still reach it.
 *
 * The core (`LogVerifier`) is pure: it is fed events and knows nothing of stores.
 */

export type BreakReason = 'revision' | 'prevHash' | 'hash' | 'anchor';

export interface BrokenLink {
  streamId: string;
  revision: number;
  reason: BreakReason;
  /** `ANCHOR_MISMATCH` for reason `anchor`; otherwise the chain's own words. */
  code: 'CHAIN_BROKEN' | 'ANCHOR_MISMATCH';
  /** What exactly: e.g. `expected revision 3`, `stored columns differ from the hashed text`, `stream ends before the anchored revision`. */
  detail: string;
  /** Log position of the event (none when the anchored event is missing altogether). */
  position: string | null;
  /** The case's division when the stream belongs to a case whose first event was seen; else null. */
  divisionCode: string | null;
}

/** One event as the verifier needs it. `hashOk`: its stored hash equals the hash recomputed from its content. */
export interface VerifiableEvent {
  position: string;
  orderKey: readonly string[];
  streamId: string;
  streamRevision: number;
  prevHash: string | null;
  hash: string;
  hashOk: boolean;
  /** Why the hash check failed, when it did. */
  hashDetail?: string;
  /** On a `case-` stream's first event: the case's division (for scoping the report). */
  divisionCode?: string | null;
}

export interface AnchoredHead {
  revision: number;
  hash: string;
  /** Which anchor said so (file name). */
  anchor: string;
}

export interface StreamHead {
  revision: number;
  hash: string;
}

export interface LogVerdict {
  events: number;
  streams: number;
  /** The log head the pass ended at (position), `start` for an empty log. */
  head: LogPositionOrStart;
  brokenStreams: BrokenLink[];
  /** Events whose position did not come after the one before (each also breaks nothing else). */
  positionViolations: number;
  firstPositionViolation: { position: string; after: string } | null;
  anchoredStreams: number;
  anchorMismatches: number;
}

/** Decimal strings without leading zeros, compared as numbers; arrays compared part by part. */
export function compareOrderKeys(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

interface StreamState {
  revision: number;
  hash: string;
  broken: boolean;
}

export class LogVerifier {
  private readonly streams = new Map<string, StreamState>();
  private readonly caseDivisions = new Map<string, string>();
  private readonly broken: BrokenLink[] = [];
  private events = 0;
  private lastKey: readonly string[] | null = null;
  private lastPosition: LogPositionOrStart = START;
  private positionViolations = 0;
  private firstPositionViolation: LogVerdict['firstPositionViolation'] = null;
  private anchorMismatches = 0;

  /** Events accepted so far. */
  get eventCount(): number {
    return this.events;
  }

  /** Streams with a broken link found so far. */
  get brokenCount(): number {
    return this.broken.length;
  }

  /** `anchored`: every stream's anchored heads (several when more than one anchor is checked). */
  constructor(private readonly anchored: ReadonlyMap<string, readonly AnchoredHead[]> = new Map()) {}

  accept(e: VerifiableEvent): void {
    this.events++;
    if (this.lastKey !== null && compareOrderKeys(e.orderKey, this.lastKey) <= 0) {
      this.positionViolations++;
      this.firstPositionViolation ??= { position: e.position, after: String(this.lastPosition) };
    }
    this.lastKey = e.orderKey;
    this.lastPosition = e.position;
    if (e.divisionCode && e.streamRevision === 0 && e.streamId.startsWith('case-')) this.caseDivisions.set(e.streamId.slice(5), e.divisionCode);

    let state = this.streams.get(e.streamId);
    if (state === undefined) {
      state = { revision: -1, hash: GENESIS_HASH, broken: false };
      this.streams.set(e.streamId, state);
    }
    if (!state.broken) {
      const expected = state.revision + 1;
      if (e.streamRevision !== expected) this.breakAt(state, e, 'revision', `expected revision ${expected}, found ${e.streamRevision}`);
      else if (e.prevHash !== state.hash) this.breakAt(state, e, 'prevHash', 'prevHash does not name the previous event’s hash');
      else if (!e.hashOk) this.breakAt(state, e, 'hash', e.hashDetail ?? 'the hash recomputed from the content differs from the stored hash');
    }
    const anchored = this.anchored.get(e.streamId);
    if (anchored) {
      for (const head of anchored) {
        if (head.revision === e.streamRevision && head.hash !== e.hash) {
          this.anchorMismatches++;
          if (!state.broken) this.breakAt(state, e, 'anchor', `hash differs from the one anchored in ${head.anchor}`);
        }
      }
    }
    if (e.streamRevision > state.revision) {
      state.revision = e.streamRevision;
      state.hash = e.hash;
    }
  }

  /** Every stream's head as read (for an anchor). Streams with a broken link are included, flagged by the report. */
  *heads(): IterableIterator<[string, StreamHead]> {
    // A stream known only from an anchor (it has no event left) has no head to anchor.
    for (const [id, s] of this.streams) if (s.revision >= 0) yield [id, { revision: s.revision, hash: s.hash }];
  }

  isBroken(streamId: string): boolean {
    return this.streams.get(streamId)?.broken ?? false;
  }

  /** Ends the pass: anchored streams that no longer reach their anchored revision are reported. */
  finish(): LogVerdict {
    for (const [streamId, heads] of this.anchored) {
      const state = this.streams.get(streamId);
      const reached = state?.revision ?? -1;
      for (const head of heads) {
        if (head.revision <= reached) continue;
        this.anchorMismatches++;
        if (state?.broken) continue;
        const link: BrokenLink = {
          streamId,
          revision: reached + 1,
          reason: 'anchor',
          code: 'ANCHOR_MISMATCH',
          detail: `stream ends at revision ${reached} before revision ${head.revision} anchored in ${head.anchor}`,
          position: null,
          divisionCode: null,
        };
        this.broken.push(link);
        if (state) state.broken = true;
        else this.streams.set(streamId, { revision: -1, hash: GENESIS_HASH, broken: true });
        break;
      }
    }
    for (const link of this.broken) link.divisionCode = this.divisionOf(link.streamId);
    return {
      events: this.events,
      streams: this.streams.size,
      head: this.lastPosition,
      brokenStreams: this.broken,
      positionViolations: this.positionViolations,
      firstPositionViolation: this.firstPositionViolation,
      anchoredStreams: this.anchored.size,
      anchorMismatches: this.anchorMismatches,
    };
  }

  /** The division of a case's stream (from the case's first event), null for streams of no known case. */
  divisionOf(streamId: string): string | null {
    const owner = caseStreamOf({ streamId, data: null });
    return owner ? (this.caseDivisions.get(owner.caseId) ?? null) : null;
  }

  private breakAt(state: StreamState, e: VerifiableEvent, reason: BreakReason, detail: string): void {
    state.broken = true;
    this.broken.push({
      streamId: e.streamId,
      revision: e.streamRevision,
      reason,
      code: reason === 'anchor' ? 'ANCHOR_MISMATCH' : 'CHAIN_BROKEN',
      detail,
      position: e.position,
      divisionCode: null,
    });
  }
}

// --- turning what a store returns into VerifiableEvents -------------------------------------------

const DIVISION = /^\d{6}$/;

function divisionOfCaseData(streamId: string, revision: number, data: unknown): string | null {
  if (revision !== 0 || !streamId.startsWith('case-')) return null;
  const code = (data as { divisionCode?: unknown } | null)?.divisionCode;
  return typeof code === 'string' && DIVISION.test(code) ? code : null;
}

/**
 * A row as the SQL store keeps it: the hash is recomputed over the stored hashed text itself (the
 * exact text the writer hashed, kernel `hashInput`), so no re-serialisation is needed. The text is
 * also checked against the row's stream columns (a row moved to another stream or revision would
 * otherwise keep a valid hash) and gives the event's `prevHash`.
 *
 * Fast path, for text in the canonical form the store writes (keys sorted: data, metadata, streamId,
 * streamRevision, type): the text must end exactly with the row's own stream id, revision and type,
 * and only the metadata object just before them is parsed. Anything else — and every case's first
 * event, whose division is read — takes the full parse, which decides the same questions.
 */
export function fromRawEvent(row: RawLogEvent): VerifiableEvent {
  const text = row.hashedText;
  const hashOk = sha256Hex(text) === row.hash;
  if (!(row.streamRevision === 0 && row.streamId.startsWith('case-'))) {
    const prevHash = prevHashFromCanonicalText(text, row);
    if (prevHash !== null) {
      return { position: row.position, orderKey: row.orderKey, streamId: row.streamId, streamRevision: row.streamRevision, hash: row.hash, prevHash, hashOk };
    }
  }
  return fromRawEventParsed(row, hashOk);
}

const METADATA_KEY = ',"metadata":{';

/** The metadata's prevHash when the text has the canonical layout for this row; null: use the full parse. */
function prevHashFromCanonicalText(text: string, row: RawLogEvent): string | null {
  const tail = `},"streamId":${JSON.stringify(row.streamId)},"streamRevision":${row.streamRevision},"type":${JSON.stringify(row.type)}}`;
  if (!text.endsWith(tail)) return null;
  const metadataEnd = text.length - tail.length; // index of the metadata's closing brace
  const start = text.lastIndexOf(METADATA_KEY, metadataEnd);
  if (start < 0) return null;
  let metadata: { prevHash?: unknown } | null;
  try {
    // A nested `"metadata":{` would leave this slice unbalanced: it then fails to parse.
    metadata = JSON.parse(text.slice(start + METADATA_KEY.length - 1, metadataEnd + 1)) as { prevHash?: unknown } | null;
  } catch {
    return null;
  }
  return metadata !== null && typeof metadata === 'object' && typeof metadata.prevHash === 'string' ? metadata.prevHash : null;
}

function fromRawEventParsed(row: RawLogEvent, hashOk: boolean): VerifiableEvent {
  type Hashed = { streamId?: unknown; streamRevision?: unknown; type?: unknown; data?: unknown; metadata?: { prevHash?: unknown } };
  let parsed: Hashed | null;
  try {
    parsed = JSON.parse(row.hashedText) as Hashed | null;
  } catch {
    parsed = null;
  }
  const base = { position: row.position, orderKey: row.orderKey, streamId: row.streamId, streamRevision: row.streamRevision, hash: row.hash };
  if (parsed === null || typeof parsed !== 'object') return { ...base, prevHash: null, hashOk: false, hashDetail: 'the stored hashed text is not JSON' };
  const prevHash = typeof parsed.metadata?.prevHash === 'string' ? parsed.metadata.prevHash : null;
  if (parsed.streamId !== row.streamId || parsed.streamRevision !== row.streamRevision || parsed.type !== row.type) {
    return { ...base, prevHash, hashOk: false, hashDetail: 'the row’s stream id, revision or type differs from the ones it was hashed with' };
  }
  return { ...base, prevHash, hashOk, divisionCode: divisionOfCaseData(row.streamId, row.streamRevision, parsed.data) };
}

/** An envelope from any AuditSource: the hash is recomputed from canonical JSON, as `verifyChain` does. */
export function fromEnvelope(event: EventEnvelope): VerifiableEvent {
  let recomputed: string | null;
  try {
    recomputed = eventHash(event as Parameters<typeof eventHash>[0]);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    recomputed = null;
  }
  const metadata = (event.metadata ?? {}) as { prevHash?: unknown; hash?: unknown };
  const hash = typeof metadata.hash === 'string' ? metadata.hash : '';
  return {
    position: event.position,
    orderKey: event.position.split(':'),
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    prevHash: typeof metadata.prevHash === 'string' ? metadata.prevHash : null,
    hash,
    hashOk: recomputed !== null && recomputed === hash,
    divisionCode: divisionOfCaseData(event.streamId, event.streamRevision, event.data),
  };
}

// --- the reader ------------------------------------------------------------------------------------

export interface VerifyLogOptions {
  /** Events per read (default 1000). */
  pageSize?: number;
  anchored?: ReadonlyMap<string, readonly AnchoredHead[]>;
  /** After each page read and checked: the cursor and running counts. May be async (recording progress). */
  onPage?: (progress: { page: number; cursor: LogPositionOrStart; events: number; brokenStreams: number }) => Promise<void> | void;
  /** Stop before the next page when this says so (the job was cancelled or the process is stopping). */
  shouldStop?: () => boolean;
}

export interface VerifyLogResult {
  verdict: LogVerdict;
  verifier: LogVerifier;
  /** How the log was read: the store's raw rows, or envelopes re-serialised. */
  mode: 'raw' | 'envelopes';
  stopped: boolean;
}

type Page = { events: VerifiableEvent[]; continueAfter: LogPositionOrStart };

/**
 * Reads the source's global log once, page by page, the next page's read running while the current
 * one is checked. A store with a raw reader (the SQL stores) is read raw; anything else (the
 * replica) through readAll, each envelope's hash recomputed from canonical JSON.
 */
export async function verifyLog(source: AuditSource, options: VerifyLogOptions = {}): Promise<VerifyLogResult> {
  const pageSize = options.pageSize ?? 1000;
  const raw = isRawLogReader(source);
  const read = async (after: LogPositionOrStart): Promise<Page> => {
    if (raw) {
      const page = await source.readRawLog({ after, maxCount: pageSize });
      return { events: page.events.map(fromRawEvent), continueAfter: page.continueAfter };
    }
    const page = await source.readAll({ after, maxCount: pageSize });
    return { events: page.events.map(fromEnvelope), continueAfter: page.continueAfter };
  };
  const verifier = new LogVerifier(options.anchored);
  let pageNo = 0;
  let stopped = false;
  let next: Promise<Page> = read(START);
  for (;;) {
    const page = await next;
    if (page.events.length === 0) break;
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    next = read(page.continueAfter);
    // A failed prefetch is reported when it is awaited, not as an unhandled rejection meanwhile.
    next.catch(() => undefined);
    for (const event of page.events) verifier.accept(event);
    pageNo++;
    await options.onPage?.({ page: pageNo, cursor: page.continueAfter, events: verifier.eventCount, brokenStreams: verifier.brokenCount });
  }
  return { verdict: verifier.finish(), verifier, mode: raw ? 'raw' : 'envelopes', stopped };
}
