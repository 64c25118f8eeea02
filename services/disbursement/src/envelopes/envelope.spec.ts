import fc from 'fast-check';
import type { Actor } from '@benefits/kernel';
import { emptyControlTotals, type LedgerKind, type LedgerPaymentDoc } from '../ledger/ledger.types';
import {
  decideApprove,
  decideClose,
  decideExport,
  ENVELOPE_APPROVED,
  ENVELOPE_EXPORTED,
  ENVELOPE_PREPARED,
  envelopeStatus,
  foldEnvelope,
  parseEnvelopeId,
  RETURN_FILE_IMPORTED,
  returnAlreadyImported,
  type EnvelopePreparedData,
} from './envelope';
import { createEnvelopeAccumulator } from './envelope-totals';

const maker: Actor = { id: 'officer-1', role: 'case_officer', divisionCode: '330402' };
const checker: Actor = { id: 'finance-1', role: 'finance_clerk', divisionCode: '330402' };
const now = new Date('2025-01-20T02:00:00Z');
const prepared: EnvelopePreparedData = {
  envelopeId: 'tefu-330402-2025-01-1',
  runId: 'tefu-330402-2025-01-1',
  benefit: 'tefu',
  divisionCode: '330402',
  runPeriod: '2025-01',
  totals: emptyControlTotals(),
  held: { count: 0, fen: 0, byReason: {} },
  digest: 'd',
  preparers: ['officer-1'],
  references: [],
  preparedAt: now.toISOString(),
};
const file = { layoutId: 'sample-csv-utf8', format: 'csv' as const, encoding: 'UTF-8', fileName: 'f.csv', sha256: 'aa', bytes: 10, lineCount: 1, totalFen: 100, accountsDigest: 'x' };
const givenPrepared = () => [{ type: ENVELOPE_PREPARED, data: prepared, actor: maker }];

describe('envelope (发放批次) decider', () => {
  it('prepared → approved by another person → exported → returns → closed', () => {
    let events: { type: string; data: unknown; actor?: Actor | null }[] = givenPrepared();
    expect(envelopeStatus(foldEnvelope(events))).toBe('prepared');
    events = [...events, ...decideApprove(foldEnvelope(events), checker, now).map((e) => ({ ...e, actor: checker }))];
    expect(envelopeStatus(foldEnvelope(events))).toBe('approved');
    const exported = decideExport(foldEnvelope(events), file, now);
    expect(exported).toEqual([{ type: ENVELOPE_EXPORTED, data: { ...file, envelopeId: prepared.envelopeId, exportedAt: now.toISOString() } }]);
    events = [...events, ...exported];
    expect(envelopeStatus(foldEnvelope(events))).toBe('exported');
    events = [...events, { type: RETURN_FILE_IMPORTED, data: { envelopeId: prepared.envelopeId, sha256: 'r1', fileName: null, mode: 'strict', counts: {}, fen: {}, refused: [], importedAt: '' } }];
    expect(envelopeStatus(foldEnvelope(events), 3)).toBe('partly-settled');
    expect(envelopeStatus(foldEnvelope(events), 0)).toBe('settled');
    expect(returnAlreadyImported(foldEnvelope(events), 'r1')).not.toBeNull();
    expect(returnAlreadyImported(foldEnvelope(events), 'r2')).toBeNull();
    expect(() => decideClose(foldEnvelope(events), 3, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_NOT_SETTLED' }));
    events = [...events, ...decideClose(foldEnvelope(events), 0, now)];
    expect(envelopeStatus(foldEnvelope(events))).toBe('closed');
    expect(() => decideExport(foldEnvelope(events), file, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_CLOSED' }));
  });

  it('maker-checker: whoever prepared it cannot approve it; approving twice is refused (frozen)', () => {
    expect(() => decideApprove(foldEnvelope(givenPrepared()), { ...maker, role: 'finance_clerk' }, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_SAME_ACTOR' }));
    const approved = [...givenPrepared(), { type: ENVELOPE_APPROVED, data: { envelopeId: prepared.envelopeId, approvedAt: '' }, actor: checker }];
    expect(() => decideApprove(foldEnvelope(approved), { ...checker, id: 'finance-2' }, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_ALREADY_APPROVED' }));
    expect(() => decideApprove(foldEnvelope([]), checker, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_NOT_FOUND' }));
  });

  it('no export before approval; the same file again records nothing; other bytes for the same layout are refused', () => {
    expect(() => decideExport(foldEnvelope(givenPrepared()), file, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_NOT_APPROVED' }));
    const exported = [
      ...givenPrepared(),
      { type: ENVELOPE_APPROVED, data: { envelopeId: prepared.envelopeId, approvedAt: '' }, actor: checker },
      { type: ENVELOPE_EXPORTED, data: { ...file, envelopeId: prepared.envelopeId, exportedAt: '' } },
    ];
    expect(decideExport(foldEnvelope(exported), file, now)).toEqual([]);
    expect(() => decideExport(foldEnvelope(exported), { ...file, sha256: 'bb' }, now)).toThrow(expect.objectContaining({ code: 'ENVELOPE_ACCOUNTS_CHANGED' }));
    expect(decideExport(foldEnvelope(exported), { ...file, format: 'xlsx', sha256: 'cc' }, now)).toHaveLength(1);
  });

  it('envelope ids are run ids', () => {
    expect(parseEnvelopeId('dibao-330402-2025-01-2')).toMatchObject({ benefit: 'dibao', divisionCode: '330402', period: '2025-01', seq: 2 });
    expect(() => parseEnvelopeId('../etc')).toThrow(expect.objectContaining({ code: 'INVALID_ENVELOPE_ID' }));
  });
});

describe('envelope control totals', () => {
  const kinds: LedgerKind[] = ['regular', 'arrears', 'recovery', 'instalment', 'follow-up'];
  const doc = (i: number, kind: LedgerKind, fen: number, listed: boolean): LedgerPaymentDoc => ({
    paymentStreamId: `payment-${String(i).padStart(6, '0')}`,
    caseId: 'c',
    personRef: 'p',
    benefit: 'tefu',
    divisionCode: '330402',
    scope: 'tefu|330402',
    runPeriod: '2025-01',
    periodKey: '2025-01',
    kind,
    fen,
    nettedFen: 0,
    runId: 'E',
    envelopeId: listed ? 'E' : null,
    status: listed ? 'enveloped' : 'held',
    hold: listed ? null : { reason: 'ACCOUNT_MISSING' },
    failure: null,
    followUpOf: null,
    followUpId: null,
    settledFen: 0,
    reversedFen: 0,
    bankRef: null,
  });

  it('property: the totals of any envelope equal the sum of its payments, by kind, held apart', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 0, max: 10_000_000 }), fc.boolean()), { maxLength: 200 }), (rows) => {
        const acc = createEnvelopeAccumulator();
        const docs = rows.map(([kind, fen, listed], i) => doc(i, kind, fen, listed));
        for (const d of docs) acc.add(d, 'E');
        const { totals, held } = acc.result();
        const listed = docs.filter((d) => d.envelopeId === 'E');
        const paying = listed.filter((d) => d.kind !== 'recovery' && d.fen > 0);
        expect(totals.count).toBe(paying.length);
        expect(totals.fen).toBe(paying.reduce((s, d) => s + d.fen, 0));
        for (const kind of kinds) {
          const of = listed.filter((d) => d.kind === kind);
          expect(totals.byKind[kind]).toEqual({ count: of.length, fen: of.reduce((s, d) => s + d.fen, 0) });
        }
        expect(totals.fen).toBe(kinds.filter((k) => k !== 'recovery').reduce((s, k) => s + totals.byKind[k].fen, 0));
        expect(totals.netted).toBe(0);
        const heldDocs = docs.filter((d) => d.envelopeId !== 'E');
        expect(held).toMatchObject({ count: heldDocs.length, fen: heldDocs.reduce((s, d) => s + d.fen, 0) });
      }),
    );
  });

  it('the digest depends on exactly the listed payments and amounts', () => {
    const digest = (docs: LedgerPaymentDoc[]) => {
      const acc = createEnvelopeAccumulator();
      for (const d of docs) acc.add(d, 'E');
      return acc.result().digest;
    };
    const base = [doc(1, 'regular', 100, true), doc(2, 'regular', 200, true)];
    expect(digest(base)).toBe(digest(base.map((d) => ({ ...d }))));
    expect(digest(base)).not.toBe(digest([base[0], { ...base[1], fen: 201 }]));
    expect(digest(base)).toBe(digest([...base, doc(3, 'regular', 5, false)]));
  });
});
