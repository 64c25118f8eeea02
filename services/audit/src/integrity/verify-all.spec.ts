import { Client } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { GENESIS_HASH, hashInput, sha256Hex, type NewEvent } from '@benefits/kernel';
import { createTestDatabase } from '@benefits/testing';
import { LogVerifier, compareOrderKeys, fromRawEvent, verifyLog, type VerifiableEvent } from './verify-all';

const caseA = '01900000-0000-7000-8000-0000000000a1';
const caseB = '01900000-0000-7000-8000-0000000000b2';
const event = (n: number, data: Record<string, unknown> = {}): NewEvent => ({
  type: 'x.Sample.v1',
  data: { n, note: '示例数据', ...data },
  metadata: { correlationId: `c-${n}` },
});

describe('LogVerifier (pure)', () => {
  const ev = (streamId: string, streamRevision: number, prevHash: string, hash: string, key: string, over: Partial<VerifiableEvent> = {}): VerifiableEvent => ({
    position: key,
    orderKey: [key],
    streamId,
    streamRevision,
    prevHash,
    hash,
    hashOk: true,
    ...over,
  });

  it('accepts chained streams interleaved in the log, and reports each stream’s heads', () => {
    const v = new LogVerifier();
    v.accept(ev('a', 0, GENESIS_HASH, 'a0', '1'));
    v.accept(ev('b', 0, GENESIS_HASH, 'b0', '2'));
    v.accept(ev('a', 1, 'a0', 'a1', '3'));
    const verdict = v.finish();
    expect(verdict).toMatchObject({ events: 3, streams: 2, head: '3', brokenStreams: [], positionViolations: 0 });
    expect(new Map(v.heads())).toEqual(new Map([['a', { revision: 1, hash: 'a1' }], ['b', { revision: 0, hash: 'b0' }]]));
  });

  it('reports the first broken link per stream: a gap, a wrong prevHash, a wrong hash; positions out of order', () => {
    const v = new LogVerifier();
    v.accept(ev('gap', 0, GENESIS_HASH, 'g0', '1'));
    v.accept(ev('gap', 2, 'g0', 'g2', '2'));
    v.accept(ev('gap', 3, 'g2', 'g3', '3'));
    v.accept(ev('link', 0, 'nonsense', 'l0', '4'));
    v.accept(ev('edit', 0, GENESIS_HASH, 'e0', '5', { hashOk: false }));
    v.accept(ev('late', 0, GENESIS_HASH, 'x0', '4'));
    const verdict = v.finish();
    expect(verdict.brokenStreams.map((b) => [b.streamId, b.revision, b.reason])).toEqual([
      ['gap', 2, 'revision'],
      ['link', 0, 'prevHash'],
      ['edit', 0, 'hash'],
    ]);
    expect(verdict.positionViolations).toBe(1);
    expect(verdict.firstPositionViolation).toEqual({ position: '4', after: '5' });
  });

  it('compares anchored heads: a changed hash at the anchored revision, and a stream that no longer reaches it', () => {
    const anchored = new Map([
      ['a', [{ revision: 1, hash: 'a1-original', anchor: 'd.jsonl' }]],
      ['gone', [{ revision: 0, hash: 'g0', anchor: 'd.jsonl' }]],
      ['short', [{ revision: 2, hash: 's2', anchor: 'd.jsonl' }]],
    ]);
    const v = new LogVerifier(anchored);
    v.accept(ev('a', 0, GENESIS_HASH, 'a0', '1'));
    v.accept(ev('a', 1, 'a0', 'a1-rewritten', '2'));
    v.accept(ev('short', 0, GENESIS_HASH, 's0', '3'));
    const verdict = v.finish();
    expect(verdict.brokenStreams.map((b) => [b.streamId, b.revision, b.reason, b.code])).toEqual([
      ['a', 1, 'anchor', 'ANCHOR_MISMATCH'],
      ['gone', 0, 'anchor', 'ANCHOR_MISMATCH'],
      ['short', 1, 'anchor', 'ANCHOR_MISMATCH'],
    ]);
    expect(verdict.anchorMismatches).toBe(3);
    // A stream with no event left has no head to anchor again.
    expect([...v.heads()].map(([id]) => id)).toEqual(['a', 'short']);
  });

  it('orders positions by their numeric parts', () => {
    expect(compareOrderKeys(['9', '10'], ['10', '1'])).toBeLessThan(0);
    expect(compareOrderKeys(['10', '2'], ['10', '10'])).toBeLessThan(0);
    expect(compareOrderKeys(['10', '10'], ['10', '10'])).toBe(0);
  });
});

describe('fromRawEvent (a stored row)', () => {
  const prev = 'ab'.repeat(32);
  const row = (streamId: string, streamRevision: number, data: unknown, metadata: Record<string, unknown>, text?: string) => {
    const hashed = text ?? hashInput({ streamId, streamRevision, type: 'x.T.v1', data, metadata: { correlationId: 'c', prevHash: prev, ...metadata } });
    return { position: '1:1', orderKey: ['1', '1'], streamId, streamRevision, type: 'x.T.v1', hashedText: hashed, hash: sha256Hex(hashed) };
  };

  it('reads prevHash from the metadata, not from a prevHash or metadata key inside data or nested in metadata', () => {
    const tricky = row('s-1', 3, { prevHash: 'cd'.repeat(32), metadata: { prevHash: 'ef'.repeat(32) } }, { z: { metadata: { prevHash: '12'.repeat(32) } } });
    expect(fromRawEvent(tricky)).toMatchObject({ prevHash: prev, hashOk: true, streamRevision: 3 });
  });

  it('refuses a row whose columns differ from the text it was hashed with, and text that is not JSON', () => {
    const moved = { ...row('s-1', 3, {}, {}), streamId: 's-2' };
    expect(fromRawEvent(moved)).toMatchObject({ hashOk: false });
    const retyped = { ...row('s-1', 3, {}, {}), type: 'x.Other.v1' };
    expect(fromRawEvent(retyped)).toMatchObject({ hashOk: false });
    expect(fromRawEvent(row('s-1', 0, null, {}, '{"broken'))).toMatchObject({ hashOk: false, prevHash: null });
  });

  it('falls back to the full parse for text not in the canonical layout, with the same answer', () => {
    const text = JSON.stringify({ type: 'x.T.v1', streamRevision: 1, streamId: 's-1', metadata: { prevHash: prev }, data: { a: 1 } });
    expect(fromRawEvent(row('s-1', 1, null, {}, text))).toMatchObject({ prevHash: prev, hashOk: true });
  });

  it('reads the division of a case from its first event', () => {
    expect(fromRawEvent(row(`case-${caseA}`, 0, { divisionCode: '330402' }, {})).divisionCode).toBe('330402');
  });
});

describe('verifyLog on PostgreSQL (the raw reader)', () => {
  let url: string;
  let store: EventStore;
  let sql: Client;

  beforeAll(async () => {
    url = await createTestDatabase('verify_all');
    store = await createEventStore({ kind: 'postgres', url });
    sql = new Client({ connectionString: url });
    await sql.connect();
    await store.appendToStream(`case-${caseA}`, [event(0, { divisionCode: '330402' }), event(1), event(2)], { expectedRevision: 'no_stream' });
    await store.appendToStream(`case-${caseB}`, [event(0, { divisionCode: '330481' })], { expectedRevision: 'no_stream' });
    await store.appendToStream(`payment-${caseA}-p-2024-09`, [event(0, { amountFen: 100_000 })], { expectedRevision: 'no_stream' });
    await store.appendToStream(`case-${caseB}`, [event(1)], { expectedRevision: 0 });
  });

  afterAll(async () => {
    await sql?.end();
    await store?.close();
  });

  it('passes a clean log in small pages, reading it raw, with its head and progress', async () => {
    const pages: number[] = [];
    const result = await verifyLog(store, { pageSize: 2, onPage: (p) => void pages.push(p.events) });
    expect(result.mode).toBe('raw');
    expect(result.verdict).toMatchObject({ events: 6, streams: 3, brokenStreams: [], positionViolations: 0 });
    expect(result.verdict.head).toBe(await store.headPosition());
    expect(pages).toEqual([2, 4, 6]);
    expect(new Map(result.verifier.heads()).get(`case-${caseA}`)?.revision).toBe(2);
  });

  it('finds an event whose data was edited in the table at its stream and revision, with the case’s division', async () => {
    await sql.query('ALTER TABLE event_store.events DISABLE TRIGGER events_append_only');
    try {
      await sql.query(
        `UPDATE event_store.events SET hashed_text = replace(hashed_text, '"amountFen":100000', '"amountFen":900000') WHERE stream_id = $1 AND stream_revision = 0`,
        [`payment-${caseA}-p-2024-09`],
      );
      await sql.query(`UPDATE event_store.events SET hashed_text = replace(hashed_text, '"n":1', '"n":7') WHERE stream_id = $1 AND stream_revision = 1`, [`case-${caseA}`]);
      const { verdict } = await verifyLog(store, { pageSize: 4 });
      expect(verdict.brokenStreams.map((b) => [b.streamId, b.revision, b.reason, b.divisionCode])).toEqual([
        [`case-${caseA}`, 1, 'hash', '330402'],
        [`payment-${caseA}-p-2024-09`, 0, 'hash', '330402'],
      ]);
      expect(verdict.events).toBe(6);
    } finally {
      await sql.query('ALTER TABLE event_store.events ENABLE TRIGGER events_append_only');
    }
  });

  it('finds a row moved to another revision although its text and hash were left alone', async () => {
    const other = await createTestDatabase('verify_moved');
    const s = await createEventStore({ kind: 'postgres', url: other });
    const c = new Client({ connectionString: other });
    await c.connect();
    try {
      await s.appendToStream('envelope-x', [event(0), event(1)], { expectedRevision: 'no_stream' });
      const text = (await c.query(`SELECT hashed_text FROM event_store.events WHERE stream_revision = 1`)).rows[0].hashed_text as string;
      await c.query('ALTER TABLE event_store.events DISABLE TRIGGER events_append_only');
      await c.query(`UPDATE event_store.events SET stream_revision = 5 WHERE stream_revision = 1`);
      expect(sha256Hex(text)).toHaveLength(64);
      const { verdict } = await verifyLog(s);
      expect(verdict.brokenStreams.map((b) => [b.streamId, b.revision, b.reason])).toEqual([['envelope-x', 5, 'revision']]);
    } finally {
      await c.end();
      await s.close();
    }
  });
});
