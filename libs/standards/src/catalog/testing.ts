import type { Actor, NewEvent } from '@benefits/kernel';
import { parseStandardsDocument } from '../parser/parse-document';
import { readSeed } from '../parser/seeds';
import { decideImport, documentContentHash, foldStandard, type StandardState } from './catalog';
import { standardIdFor, standardStreamId } from './events';
import { decideAcknowledgeWarning, openWarnings } from './warnings';

/**
 * Test support: an in-memory list of streams that assigns the fields the event store assigns
 * (id, revision, recording time), so the pure catalog functions can be exercised without a database.
 */
export class InMemoryStreams {
  private readonly streams = new Map<string, { eventId: string; type: string; data: unknown; metadata: NewEvent['metadata']; streamId: string; streamRevision: number; position: string; recordedAt: string }[]>();
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private seq = 0;

  append(streamId: string, event: NewEvent): void {
    const list = this.streams.get(streamId) ?? [];
    this.seq += 1;
    this.clock += 1000;
    list.push({
      eventId: event.eventId ?? `00000000-0000-7000-8000-${String(this.seq).padStart(12, '0')}`,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: event.metadata,
      streamId,
      streamRevision: list.length,
      position: String(this.seq),
      recordedAt: new Date(this.clock).toISOString(),
    });
    this.streams.set(streamId, list);
  }

  read(streamId: string) {
    return (this.streams.get(streamId) ?? []).map((e) => ({
      ...e,
      metadata: { causationId: null, actor: null, schemaVersion: 1, prevHash: '', hash: '', ...e.metadata },
    }));
  }

  standard(standardId: string): StandardState | null {
    return foldStandard(this.read(`standard-${standardId}`));
  }

  allStandards(): StandardState[] {
    return [...this.streams.keys()]
      .filter((id) => id.startsWith('standard-'))
      .map((id) => foldStandard(this.read(id)))
      .filter((s): s is StandardState => s !== null);
  }
}

export const ADMIN: Actor = { id: 'admin-1', role: 'admin', divisionCode: '330000' };

export const SEED_FILES = {
  ouhai: '000_0f5b4a98bdcb2c7b.txt',
  jiaxing: '001_40e26111df30cc0a.txt',
  beijing: '003_d2c032a64aa52382.txt',
  wanzhou: '004_252413ab3c819ab5.txt',
} as const;

/** GB/T 2260 codes of the seeds' jurisdictions. */
export const SEED_DIVISIONS = { ouhai: '330304', jiaxing: '330400', beijing: '110000', wanzhou: '500101' } as const;

export function importText(streams: InMemoryStreams, text: string, divisionCode: string, sourceName = 'test.txt') {
  const standardId = standardIdFor(divisionCode);
  const decision = decideImport(streams.standard(standardId), {
    parsed: parseStandardsDocument(text, { sourceName }),
    contentHash: documentContentHash(text),
    divisionCode,
    sourceName,
    actor: ADMIN,
    correlationId: 'test',
  });
  if (decision.kind === 'publish') streams.append(`standard-${standardId}`, decision.event);
  return decision;
}

export function importSeed(streams: InMemoryStreams, seed: keyof typeof SEED_FILES) {
  return importText(streams, readSeed(SEED_FILES[seed]), SEED_DIVISIONS[seed], SEED_FILES[seed]);
}

/** The recording time of the last event appended (to ask "as known just before / after"). */
export function lastRecordedAt(streams: InMemoryStreams, streamId: string): string {
  const events = streams.read(streamId);
  return events[events.length - 1].recordedAt;
}

/** Acknowledges every open parse warning of a version (tests of what comes after; the note says so). */
export function acknowledgeAllWarnings(streams: InMemoryStreams, standardId: string, versionId: string, note = '测试数据：已核对原件（测试用确认）'): number {
  const state = streams.standard(standardId);
  const version = state?.versions.find((v) => v.versionId === versionId);
  if (!state || !version) return 0;
  const open = openWarnings(state, version);
  for (const warning of open) {
    const event = decideAcknowledgeWarning(streams.standard(standardId), { versionId, warningId: warning.warningId, note, actor: ADMIN, at: '2026-01-01T00:00:00.000Z', correlationId: 'test' });
    streams.append(standardStreamId(standardId), event);
  }
  return open.length;
}
