import fc from 'fast-check';
import type { LedgerKind, LedgerPaymentDoc, LedgerStatus } from '../ledger/ledger.types';
import { FUNDING_SOURCES, type FundingShares } from '../funding/allocate';
import { AMOUNT_LINES, createReconciliation, ledgerDocProblems, reconcilePages, type DifferenceBucket, type ReconciliationReport } from './reconciliation';
import { ledgerDoc, SAMPLE_SHARES, workedExample } from './reconciliation.fixtures';

const sharesForAll = () => SAMPLE_SHARES;
const fundingSum = (r: ReconciliationReport) => FUNDING_SOURCES.reduce((s, k) => s + r.byFundingSource[k], 0) + r.byFundingSource.unallocated;

describe('reconciliation (对账)', () => {
  describe('the worked example of docs/reconciliation.md', () => {
    const report = (() => {
      const acc = createReconciliation({ sharesFor: sharesForAll });
      acc.addPage(workedExample().slice(0, 4));
      acc.addPage(workedExample().slice(4));
      return acc.report();
    })();

    it('has the lines of the example', () => {
      expect(report.lines).toEqual({
        due: { count: 9, fen: 622_346 },
        netted: { count: 1, fen: 20_000 },
        created: { count: 0, fen: 0 },
        held: { count: 1, fen: 80_000 },
        cancelled: { count: 1, fen: 80_000 },
        enveloped: { count: 7, fen: 442_346 },
        notSent: { count: 1, fen: 50_000 },
        sent: { count: 6, fen: 392_346 },
        pending: { count: 1, fen: 12_345 },
        settled: { count: 4, fen: 300_001 },
        failed: { count: 1, fen: 80_000 },
        reversed: { count: 1, fen: 80_000 },
        netSettled: { count: 3, fen: 220_001 },
        reissued: { count: 1, fen: 80_000 },
        notReissued: { count: 1, fen: 80_000 },
        outstanding: { count: 4, fen: 222_345 },
        recoveryDue: { count: 2, fen: 35_000 },
        recoveryNetted: { count: 1, fen: 20_000 },
        recoveryOpen: { count: 1, fen: 15_000 },
        inconsistent: { count: 0, fen: 0 },
      });
    });

    it('balances every check and splits net settled by the (sample) shares, to the fen', () => {
      expect(report.balanced).toBe(true);
      expect(report.checks.filter((c) => c.difference !== 0)).toEqual([]);
      expect(report.checks.map((c) => `${c.name}/${c.unit}`)).toEqual([
        'due/fen', 'due/count', 'enveloped/count', 'sent/count', 'settled/count', 'reissue/count',
        'enveloped/fen', 'sent/fen', 'settled/fen', 'reissue/fen', 'closing/fen', 'closing/count', 'recovery/fen', 'funding/fen', 'inconsistent/count',
      ]);
      // payment-A 80 001 → 40 000.5 / 16 000.2 / 12 000.15 / 12 000.15: the fen left goes to central (.5).
      expect(report.byFundingSource).toEqual({ central: 110_001, provincial: 44_000, city: 33_000, county: 33_000, unallocated: 0 });
      expect(report.unallocated).toEqual([]);
    });

    it('lists every payment not simply settled, bucket by bucket', () => {
      expect(report.differences.map((d) => [d.bucket, d.paymentStreamId, d.fen])).toEqual([
        ['notReissued', 'payment-D', 80_000],
        ['reissued', 'payment-C', 80_000],
        ['pending', 'payment-G', 12_345],
        ['notSent', 'payment-H', 50_000],
        ['held', 'payment-E', 80_000],
        ['cancelled', 'payment-F', 80_000],
        ['netted', 'payment-B', 20_000],
        ['recoveryOpen', 'payment-R2', 15_000],
      ]);
      expect(report.differences.find((d) => d.paymentStreamId === 'payment-C')).toMatchObject({ status: 'failed', followUp: 'payment-C-fu1', reason: expect.stringContaining('ACCOUNT_CLOSED') });
      expect(report.differences.find((d) => d.paymentStreamId === 'payment-E')?.reason).toContain('ACCOUNT_MISSING');
    });
  });

  describe('an original and its follow-up', () => {
    const original = ledgerDoc('payment-O', { status: 'failed', failure: { reason: 'ACCOUNT_FROZEN', bankReason: '' }, followUpId: 'payment-O-fu1' });
    const followUp = ledgerDoc('payment-O-fu1', { kind: 'follow-up', followUpOf: 'payment-O', runPeriod: '2025-04' });
    const run = (...docs: LedgerPaymentDoc[]) => {
      const acc = createReconciliation({ sharesFor: sharesForAll });
      docs.forEach((d) => acc.add(d));
      return acc.report();
    };

    it('balances with both in the same report: due counts both, the original as reissued, the follow-up as net settled', () => {
      const r = run(original, followUp);
      expect(r.balanced).toBe(true);
      expect(r.lines.due).toEqual({ count: 2, fen: 160_000 });
      expect(r.lines.reissued).toEqual({ count: 1, fen: 80_000 });
      expect(r.lines.netSettled).toEqual({ count: 1, fen: 80_000 });
      expect(r.lines.outstanding).toEqual({ count: 0, fen: 0 });
    });

    it('balances with only the original (reissued elsewhere, nothing outstanding here)', () => {
      const r = run(original);
      expect(r.balanced).toBe(true);
      expect(r.lines.reissued.fen).toBe(80_000);
      expect(r.lines.outstanding.fen).toBe(0);
    });

    it('balances with only the follow-up (a payment of its own report, tagged as the reissue)', () => {
      const r = run(ledgerDoc('payment-O-fu1', { kind: 'follow-up', followUpOf: 'payment-O', status: 'sent' }));
      expect(r.balanced).toBe(true);
      expect(r.lines.pending.fen).toBe(80_000);
      expect(r.differences[0]).toMatchObject({ bucket: 'pending', followUp: 'payment-O', reason: expect.stringContaining('reissue of payment-O') });
    });

    it('keeps a reversed original that was reissued out of outstanding', () => {
      const r = run(ledgerDoc('payment-P', { status: 'reversed', followUpId: 'payment-P-fu1' }));
      expect(r).toMatchObject({ balanced: true, lines: { settled: { fen: 80_000 }, reversed: { fen: 80_000 }, netSettled: { fen: 0 }, reissued: { fen: 80_000 }, outstanding: { fen: 0 } } });
    });
  });

  describe('inconsistent documents are reported, not hidden', () => {
    it.each<[string, Partial<LedgerPaymentDoc>]>([
      ['settledFen > fen', { settledFen: 90_000 }],
      ['settledFen on a failed payment', { status: 'failed', failure: { reason: 'OTHER', bankReason: 'x' }, settledFen: 80_000 }],
      ['nettedFen > fen', { nettedFen: 90_000 }],
      ['a recovery settled at the bank', { kind: 'recovery', status: 'settled' }],
      ['status netted on a regular payment', { status: 'netted', settledFen: 0 }],
      ['a negative amount', { fen: -5 }],
      ['a fractional amount', { fen: 10.5 }],
      ['a follow-up without its original', { kind: 'follow-up' }],
      ['a follow-up id on a settled payment', { followUpId: 'payment-Z-fu1' }],
      ['held without a reason', { status: 'held' }],
      ['reversedFen short of the settled amount', { status: 'reversed', reversedFen: 100 }],
    ])('%s', (_what, overrides) => {
      const acc = createReconciliation({ sharesFor: sharesForAll });
      acc.addPage(workedExample());
      const bad = ledgerDoc('payment-BAD', overrides);
      expect(ledgerDocProblems(bad)).not.toEqual([]);
      acc.add(bad);
      const r = acc.report();
      expect(r.balanced).toBe(false);
      expect(r.lines.inconsistent.count).toBe(1);
      expect(r.differences[0]).toMatchObject({ bucket: 'inconsistent', paymentStreamId: 'payment-BAD' });
      expect(r.differences[0].reason.length).toBeGreaterThan(0);
      expect(r.checks.find((c) => c.name === 'inconsistent')?.difference).toBe(1);
      const gross = Number.isSafeInteger(bad.fen) && bad.fen >= 0 ? bad.fen : 0;
      const firstCheck = r.checks.find((c) => c.name === (bad.kind === 'recovery' ? 'recovery' : 'due') && c.unit === 'fen')!;
      expect(firstCheck.difference).toBe(gross);
    });
  });

  it('leaves net settled unallocated where no shares are found, itemised by benefit, division and run period', () => {
    const acc = createReconciliation({ sharesFor: (doc) => (doc.divisionCode === '330402' ? SAMPLE_SHARES : null) });
    acc.add(ledgerDoc('p1'));
    acc.add(ledgerDoc('p2', { divisionCode: '330411', fen: 100 }));
    acc.add(ledgerDoc('p3', { divisionCode: '330411', fen: 201 }));
    acc.add(ledgerDoc('p4', { divisionCode: '330411', fen: 7, runPeriod: '2025-04' }));
    const r = acc.report();
    expect(r.byFundingSource).toEqual({ central: 40_000, provincial: 16_000, city: 12_000, county: 12_000, unallocated: 308 });
    expect(r.unallocated).toEqual([
      { benefit: 'dibao', divisionCode: '330411', runPeriod: '2025-03', count: 2, fen: 301 },
      { benefit: 'dibao', divisionCode: '330411', runPeriod: '2025-04', count: 1, fen: 7 },
    ]);
    expect(r.balanced).toBe(true);
    // Without sharesFor everything net settled is unallocated.
    const none = createReconciliation();
    none.add(ledgerDoc('p1'));
    expect(none.report().byFundingSource).toEqual({ central: 0, provincial: 0, city: 0, county: 0, unallocated: 80_000 });
  });

  it('reconciles async pages the same as one pass', async () => {
    async function* pages() {
      const docs = workedExample();
      for (let i = 0; i < docs.length; i += 3) yield docs.slice(i, i + 3);
    }
    const paged = await reconcilePages(pages(), { sharesFor: sharesForAll });
    const once = createReconciliation({ sharesFor: sharesForAll });
    once.addPage(workedExample());
    expect(paged).toEqual(once.report());
  });

  it('holds no settled payment: 10 000 settled payments leave no differences', () => {
    const acc = createReconciliation({ sharesFor: sharesForAll });
    for (let i = 0; i < 10_000; i += 1) acc.add(ledgerDoc(`payment-${i}`, { fen: 1000 + i }));
    const r = acc.report();
    expect(r.differences).toEqual([]);
    expect(r.lines.netSettled).toEqual({ count: 10_000, fen: 10_000 * 1000 + (9_999 * 10_000) / 2 });
    expect(fundingSum(r)).toBe(r.lines.netSettled.fen);
  });

  describe('properties', () => {
    const KINDS: LedgerKind[] = ['regular', 'arrears', 'recovery', 'instalment', 'follow-up'];
    const PAYMENT_STATUSES: LedgerStatus[] = ['created', 'held', 'cancelled', 'enveloped', 'sent', 'settled', 'failed', 'reversed'];
    const RECOVERY_STATUSES: LedgerStatus[] = ['created', 'held', 'cancelled', 'enveloped', 'netted'];

    const sharesArb: fc.Arbitrary<FundingShares> = fc
      .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
      .map((cuts) => cuts.sort((x, y) => x - y))
      .map(([a, b, c]) => ({ central: a, provincial: b - a, city: c - b, county: 10_000 - c }));

    /** A consistent ledger document in any status, and (when failed or reversed and `withFollowUp`) its follow-up. */
    const docsArb = fc
      .record({
        kind: fc.constantFrom(...KINDS),
        paymentStatus: fc.constantFrom(...PAYMENT_STATUSES),
        recoveryStatus: fc.constantFrom(...RECOVERY_STATUSES),
        fen: fc.oneof(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 100_000_000_000 })),
        nettedPart: fc.double({ min: 0, max: 1, noNaN: true }),
        netted: fc.boolean(),
        followUp: fc.constantFrom('none', 'both', 'original only', 'follow-up only'),
        followUpStatus: fc.constantFrom(...PAYMENT_STATUSES),
        division: fc.constantFrom('330402', '330411', '330424'),
      })
      .chain((r) => fc.nat(1_000_000).map((n) => ({ ...r, id: `payment-${n}` })))
      .map((r): LedgerPaymentDoc[] => {
        const nettedFen = r.netted ? Math.floor(r.fen * r.nettedPart) : 0;
        if (r.kind === 'recovery') {
          const status = r.recoveryStatus;
          return [ledgerDoc(r.id, { kind: 'recovery', status, fen: r.fen, nettedFen: status === 'netted' ? r.fen : nettedFen, divisionCode: r.division, hold: status === 'held' ? { reason: 'DUPLICATE_PERSON' } : null })];
        }
        const kind = r.kind === 'follow-up' ? 'regular' : r.kind;
        const status = r.paymentStatus;
        const extras = (s: LedgerStatus): Partial<LedgerPaymentDoc> => ({
          status: s,
          hold: s === 'held' || s === 'cancelled' ? { reason: 'ACCOUNT_MISSING' } : null,
          failure: s === 'failed' || s === 'reversed' ? { reason: 'OTHER', bankReason: 'x' } : null,
          envelopeId: s === 'created' || s === 'held' || s === 'cancelled' ? null : 'env-1',
        });
        const reissuable = status === 'failed' || status === 'reversed';
        const fuId = `${r.id}-fu1`;
        const original = ledgerDoc(r.id, { kind, fen: r.fen, nettedFen, divisionCode: r.division, ...extras(status), followUpId: reissuable && r.followUp !== 'none' ? fuId : null });
        if (!reissuable || r.followUp === 'none') return [original];
        const followUp = ledgerDoc(fuId, { kind: 'follow-up', followUpOf: r.id, fen: r.fen - nettedFen, divisionCode: r.division, ...extras(r.followUpStatus) });
        if (r.followUp === 'original only') return [original];
        if (r.followUp === 'follow-up only') return [followUp];
        return [original, followUp];
      });

    const setArb = fc.uniqueArray(docsArb, { maxLength: 60, selector: (docs) => docs[0].paymentStreamId }).map((sets) => sets.flat());
    const sharesForArb = fc.func(fc.option(sharesArb, { nil: null }));

    it('balances every check for any set of consistent documents, and the funding parts sum to net settled', () => {
      fc.assert(
        fc.property(setArb, sharesArb, fc.boolean(), (docs, shares, someMissing) => {
          const acc = createReconciliation({ sharesFor: (doc) => (someMissing && doc.divisionCode === '330424' ? null : shares) });
          for (const doc of docs) {
            expect(ledgerDocProblems(doc)).toEqual([]);
            acc.add(doc);
          }
          const r = acc.report();
          expect(r.checks.filter((c) => c.difference !== 0)).toEqual([]);
          expect(r.balanced).toBe(true);
          expect(fundingSum(r)).toBe(r.lines.netSettled.fen);
          expect(r.unallocated.reduce((s, u) => s + u.fen, 0)).toBe(r.byFundingSource.unallocated);
          for (const source of FUNDING_SOURCES) expect(r.byFundingSource[source]).toBeGreaterThanOrEqual(0);
          for (const line of AMOUNT_LINES) expect(Number.isSafeInteger(r.lines[line].fen) && r.lines[line].fen >= 0).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it('lists each bucket to the fen of its line, and never a simply settled payment', () => {
      fc.assert(
        fc.property(setArb, (docs) => {
          const acc = createReconciliation();
          acc.addPage(docs);
          const r = acc.report();
          const buckets: DifferenceBucket[] = ['created', 'held', 'cancelled', 'notSent', 'pending', 'reissued', 'notReissued', 'netted', 'recoveryOpen'];
          for (const bucket of buckets) {
            const listed = r.differences.filter((d) => d.bucket === bucket);
            expect(listed.reduce((s, d) => s + d.fen, 0)).toBe(r.lines[bucket].fen);
            if (bucket !== 'netted' && bucket !== 'recoveryOpen') expect(listed.length).toBe(r.lines[bucket].count);
          }
          const listedIds = new Set(r.differences.map((d) => d.paymentStreamId));
          for (const doc of docs) {
            const simplySettled = (doc.kind !== 'recovery' && doc.status === 'settled' && doc.nettedFen === 0) || (doc.kind === 'recovery' && doc.nettedFen === doc.fen);
            expect(listedIds.has(doc.paymentStreamId)).toBe(!simplySettled);
          }
        }),
        { numRuns: 200 },
      );
    });

    it('does not depend on the order of the documents or how they are paged', async () => {
      await fc.assert(
        fc.asyncProperty(setArb, fc.nat(), fc.integer({ min: 1, max: 7 }), sharesForArb, async (docs, seed, pageSize, sharesFor) => {
          const shuffled = [...docs].sort((a, b) => ((hash(a.paymentStreamId) ^ seed) >>> 0) - ((hash(b.paymentStreamId) ^ seed) >>> 0));
          async function* pages() {
            for (let i = 0; i < shuffled.length; i += pageSize) yield shuffled.slice(i, i + pageSize);
          }
          const whole = createReconciliation({ sharesFor });
          whole.addPage(docs);
          expect(await reconcilePages(pages(), { sharesFor })).toEqual(whole.report());
        }),
        { numRuns: 100 },
      );
    });

    it('reports one corrupted document among consistent ones, and is unbalanced by its amount', () => {
      fc.assert(
        fc.property(setArb, fc.integer({ min: 1, max: 1000 }), (docs, extra) => {
          const acc = createReconciliation();
          acc.addPage(docs);
          const bad = ledgerDoc('payment-corrupt', { settledFen: 80_000 + extra });
          acc.add(bad);
          const r = acc.report();
          expect(r.balanced).toBe(false);
          expect(r.differences.filter((d) => d.bucket === 'inconsistent').map((d) => d.paymentStreamId)).toEqual(['payment-corrupt']);
          expect(r.checks.find((c) => c.name === 'due' && c.unit === 'fen')?.difference).toBe(80_000);
          expect(r.checks.find((c) => c.name === 'due' && c.unit === 'count')?.difference).toBe(1);
        }),
        { numRuns: 100 },
      );
    });
  });
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
