import fc from 'fast-check';
import { GENESIS_HASH, eventHash, hashInput, sha256Hex, verifyChain, type ChainedEvent, type HashableEvent } from './hash-chain';

function chain(notes: readonly string[], streamId = 'case-0190d7f5-b8c0-7fff-bfff-ffffffffffff'): ChainedEvent[] {
  let prevHash = GENESIS_HASH;
  return notes.map((note, streamRevision) => {
    const event: HashableEvent = {
      streamId,
      streamRevision,
      type: 'dibao.FactRecorded.v1',
      data: { note, amount: { fen: 77_000 + streamRevision } },
      metadata: {
        correlationId: `corr-${streamRevision}`,
        causationId: null,
        actor: { id: 'officer-1', role: 'officer', divisionCode: '330304' },
        schemaVersion: 1,
        prevHash,
      },
    };
    const hash = eventHash(event);
    prevHash = hash;
    return { ...event, metadata: { ...event.metadata, hash } };
  });
}

describe('hash chain', () => {
  it('sha256Hex hashes UTF-8 text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes what the writer knows, not the hash itself nor store-assigned position and time', () => {
    const [event] = chain(['申请']);
    const stored = { ...event, position: '42', recordedAt: '2024-07-22T00:00:00Z' };
    expect(eventHash(stored)).toBe(event.metadata.hash);
    expect(hashInput(event)).not.toContain(event.metadata.hash);
    expect(hashInput(event)).toContain(`"prevHash":"${GENESIS_HASH}"`);
    expect(hashInput(event).startsWith('{"data":')).toBe(true);
  });

  it('verifies an intact stream and reports its head', () => {
    const events = chain(['a', 'b', 'c']);
    expect(verifyChain(events)).toEqual({ ok: true, head: events[2].metadata.hash, length: 3 });
    expect(verifyChain([])).toEqual({ ok: true, head: GENESIS_HASH, length: 0 });
  });

  it('detects removed, reordered and transplanted events', () => {
    const events = chain(['a', 'b', 'c', 'd']);
    expect(verifyChain([events[0], events[2], events[3]])).toMatchObject({ ok: false, brokenAt: 1, reason: 'revision' });
    const swapped = [events[0], { ...events[2], streamRevision: 1 }, { ...events[1], streamRevision: 2 }];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: 1 });
    const other = chain(['a', 'b'], 'case-other');
    expect(verifyChain([events[0], other[1]])).toMatchObject({ ok: false, brokenAt: 1, reason: 'prevHash' });
    expect(verifyChain([{ ...events[0], streamId: 'case-other' }])).toMatchObject({ ok: false, brokenAt: 0, reason: 'hash' });
  });

  it('reports a stored event that no longer serialises as broken instead of failing', () => {
    const events = chain(['a', 'b']);
    (events[1].data as { note: string }).note = '\ud800';
    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 1, reason: 'hash' });
  });

  it('a changed character anywhere breaks the chain at that event', () => {
    type Field = 'data.note' | 'type' | 'metadata.correlationId' | 'metadata.actor.id' | 'metadata.prevHash' | 'metadata.hash';
    const fields: Field[] = ['data.note', 'type', 'metadata.correlationId', 'metadata.actor.id', 'metadata.prevHash', 'metadata.hash'];
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(...fields),
        fc.nat(),
        fc.constantFrom('a', 'Z', '0', '低', ' ', '"', '\n'),
        (notes, k0, field, at, replacement) => {
          const events = structuredClone(chain(notes));
          const k = k0 % events.length;
          const path = field.split('.');
          const owner = path.slice(0, -1).reduce<Record<string, unknown>>((o, key) => o[key] as Record<string, unknown>, events[k] as unknown as Record<string, unknown>);
          const key = path[path.length - 1];
          const original = owner[key] as string;
          const i = at % original.length;
          const swap = original[i] === replacement ? (replacement === 'a' ? 'b' : 'a') : replacement;
          owner[key] = original.slice(0, i) + swap + original.slice(i + 1);
          expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: k });
        },
      ),
    );
  });
});
