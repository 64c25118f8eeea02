import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { isDomainError, newId, type Actor } from '@benefits/kernel';
import type { BenefitId } from '../entitlements/entitlement';
import { claimKey, claimPersonPeriods, PERSON_PERIOD_CLAIMED, type ClaimOutcome, type PaymentToClaim } from './person-claims';

jest.setTimeout(180_000);

const clerk: Actor = { id: 'clerk-1', role: 'finance_clerk', divisionCode: '330402' };
const meta = () => ({ correlationId: newId(), actor: clerk });

function payment(caseId: string, personRef: string, periodKey: string, benefit: BenefitId = 'tefu'): PaymentToClaim {
  return { paymentStreamId: `payment-${caseId}-${personRef}-${periodKey}`, caseId, personRef, benefit, periodKey };
}

describe('claimKey', () => {
  it('names the claim stream of a (benefit, person, period)', () => {
    const personRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
    expect(claimKey('tefu', personRef, '2024-08')).toBe(`personperiod-tefu-${personRef}-2024-08`);
    expect(claimKey('linshi', personRef, 'O2024-08-03')).toBe(`personperiod-linshi-${personRef}-O2024-08-03`);
    expect(claimKey('dibao', personRef, 'Igrant_7-2of3')).toBe(`personperiod-dibao-${personRef}-Igrant_7-2of3`);
  });

  it('refuses what is not a benefit, a personRef or a period key', () => {
    expect(() => claimKey('wubao' as BenefitId, 'p-1', '2024-08')).toThrow(RangeError);
    expect(() => claimKey('tefu', 'p 1/2', '2024-08')).toThrow(RangeError);
    let error: unknown;
    try {
      claimKey('tefu', 'p-1', '2024-8');
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'INVALID_PERIOD')).toBe(true);
  });
});

describe('claimPersonPeriods (pglite event store)', () => {
  let store: EventStore;
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-person-claims-'));

  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets the first payment of a person-period claim it and holds a second case of the same person, naming the holder', async () => {
    const person = newId();
    const [a, b] = [payment(newId(), person, '2024-08'), payment(newId(), person, '2024-08')];
    const first = await claimPersonPeriods(store, [a], meta());
    expect(first.get(a.paymentStreamId)).toEqual({ held: false });
    const second = await claimPersonPeriods(store, [b], meta());
    expect(second.get(b.paymentStreamId)).toEqual({ held: true, claimedBy: a.paymentStreamId, claimedByCase: a.caseId });
    const events = await store.readStream(claimKey('tefu', person, '2024-08'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: PERSON_PERIOD_CLAIMED,
      data: { benefit: 'tefu', personRef: person, periodKey: '2024-08', caseId: a.caseId, paymentStreamId: a.paymentStreamId },
      metadata: { actor: clerk },
    });
  });

  it('within one batch the first listed claims and the later ones are held by it', async () => {
    const person = newId();
    const [a, b, c] = [payment(newId(), person, '2024-09'), payment(newId(), person, '2024-09'), payment(newId(), person, '2024-10')];
    const out = await claimPersonPeriods(store, [a, b, c], meta());
    expect(out.get(a.paymentStreamId)).toEqual({ held: false });
    expect(out.get(b.paymentStreamId)).toEqual({ held: true, claimedBy: a.paymentStreamId, claimedByCase: a.caseId });
    expect(out.get(c.paymentStreamId)).toEqual({ held: false });
  });

  it('keeps benefits and periods apart: the same person in 特扶 and 临时救助, or in two months, is not a duplicate', async () => {
    const person = newId();
    const caseA = newId();
    const caseB = newId();
    const batch = [payment(caseA, person, '2024-08', 'tefu'), payment(caseB, person, '2024-08', 'linshi'), payment(caseA, person, '2024-09', 'tefu')];
    const out = await claimPersonPeriods(store, batch, meta());
    expect([...out.values()]).toEqual([{ held: false }, { held: false }, { held: false }]);
  });

  describe('claimsAreIdempotent', () => {
    it('the same batch twice gives the same answer and writes nothing the second time', async () => {
      const person = newId();
      const batch = [payment(newId(), person, '2024-08'), payment(newId(), person, '2024-08'), payment(newId(), newId(), '2024-08')];
      const once = await claimPersonPeriods(store, batch, meta());
      const head = await store.headPosition();
      const twice = await claimPersonPeriods(store, batch, meta());
      expect(twice).toEqual(once);
      expect(await store.headPosition()).toBe(head);
    });

    it('a page redone after a crash finds its own claims, also when the redone page lists them in another order', async () => {
      const person = newId();
      const ours = payment(newId(), person, '2024-08');
      const other = payment(newId(), person, '2024-08');
      // The crashed attempt made the claims, then died before creating the payments.
      await claimPersonPeriods(store, [ours, other], meta());
      const redone = await claimPersonPeriods(store, [other, ours], meta());
      expect(redone.get(ours.paymentStreamId)).toEqual({ held: false });
      expect(redone.get(other.paymentStreamId)).toEqual({ held: true, claimedBy: ours.paymentStreamId, claimedByCase: ours.caseId });
    });

    it('an empty batch touches nothing', async () => {
      const head = await store.headPosition();
      expect((await claimPersonPeriods(store, [], meta())).size).toBe(0);
      expect(await store.headPosition()).toBe(head);
    });
  });

  it('refuses adjustments and follow-ups (they belong to the original payment’s claim), writing nothing', async () => {
    const head = await store.headPosition();
    const original = payment(newId(), newId(), '2024-08');
    for (const suffix of ['-adj2', '-fu1']) {
      const adjusted = { ...original, paymentStreamId: `${original.paymentStreamId}${suffix}` };
      await expect(claimPersonPeriods(store, [original, adjusted], meta())).rejects.toThrow(RangeError);
    }
    expect(await store.headPosition()).toBe(head);
  });

  it('two batches racing for the same person-period: exactly one wins, the other is held by the winner', async () => {
    for (let round = 0; round < 10; round += 1) {
      const person = newId();
      const a = payment(newId(), person, '2024-08');
      const b = payment(newId(), person, '2024-08');
      // Each batch also claims persons of its own, so the batches overlap only on the contested claim.
      const [outA, outB] = await Promise.all([
        claimPersonPeriods(store, [payment(newId(), newId(), '2024-08'), a], meta()),
        claimPersonPeriods(store, [b, payment(newId(), newId(), '2024-08')], meta()),
      ]);
      const results = [outA.get(a.paymentStreamId)!, outB.get(b.paymentStreamId)!];
      const winners = results.filter((r) => !r.held);
      expect(winners).toHaveLength(1);
      const winner = results[0].held ? b : a;
      const loser = results.find((r): r is Extract<ClaimOutcome, { held: true }> => r.held)!;
      expect(loser).toEqual({ held: true, claimedBy: winner.paymentStreamId, claimedByCase: winner.caseId });
    }
  });

  it('property: over random payments, batches, repeats and races, each (benefit, person, period) has exactly one unheld payment and every other names it', async () => {
    const benefit = fc.constantFrom<BenefitId>('tefu', 'dibao', 'linshi');
    const period = fc.constantFrom('2024-08', '2024-09', 'Y2024', 'O2024-08-03', 'Igrant-1of2');
    // Small pools of persons and cases, so the same person turns up in several cases.
    const scenario = fc.record({
      payments: fc.uniqueArray(fc.record({ person: fc.nat(3), caseNo: fc.nat(4), benefit, period }), {
        minLength: 1,
        maxLength: 24,
        selector: (p) => `${p.caseNo}|${p.person}|${p.period}`,
      }),
      batchSizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
      // Batches redone (a crash after the claims) and batches run at the same time as the next one.
      redo: fc.array(fc.boolean(), { maxLength: 8 }),
      race: fc.array(fc.boolean(), { maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ payments, batchSizes, redo, race }) => {
        // Fresh ids per run: runs share the store but never a claim.
        const persons = Array.from({ length: 4 }, () => newId());
        const cases = Array.from({ length: 5 }, () => newId());
        // A case has one benefit: the payments of a case number take the benefit of its first one.
        const caseBenefit = new Map<number, BenefitId>();
        const all = payments.map((p) => {
          if (!caseBenefit.has(p.caseNo)) caseBenefit.set(p.caseNo, p.benefit);
          return payment(cases[p.caseNo], persons[p.person], p.period, caseBenefit.get(p.caseNo)!);
        });
        const batches: PaymentToClaim[][] = [];
        for (let i = 0, b = 0; i < all.length; b += 1) {
          const size = batchSizes[b % batchSizes.length];
          batches.push(all.slice(i, i + size));
          i += size;
        }
        const answers: Map<string, ClaimOutcome>[] = [];
        for (let b = 0; b < batches.length; b += 1) {
          if (race[b] && b + 1 < batches.length) {
            answers.push(...(await Promise.all([claimPersonPeriods(store, batches[b], meta()), claimPersonPeriods(store, batches[b + 1], meta())])));
            b += 1;
          } else {
            answers.push(await claimPersonPeriods(store, batches[b], meta()));
          }
          if (redo[b]) answers.push(await claimPersonPeriods(store, [...batches[b]].reverse(), meta()));
        }
        // The stored claims decide; every answer given agrees with them.
        const byKey = new Map<string, PaymentToClaim[]>();
        for (const p of all) byKey.set(claimKey(p.benefit, p.personRef, p.periodKey), [...(byKey.get(claimKey(p.benefit, p.personRef, p.periodKey)) ?? []), p]);
        for (const [key, group] of byKey) {
          const events = await store.readStream(key);
          expect(events).toHaveLength(1);
          const holder = events[0].data as { paymentStreamId: string; caseId: string };
          expect(group.map((p) => p.paymentStreamId)).toContain(holder.paymentStreamId);
          for (const p of group) {
            const expected: ClaimOutcome = p.paymentStreamId === holder.paymentStreamId ? { held: false } : { held: true, claimedBy: holder.paymentStreamId, claimedByCase: holder.caseId };
            for (const answer of answers) if (answer.has(p.paymentStreamId)) expect(answer.get(p.paymentStreamId)).toEqual(expected);
          }
        }
        // Every payment got an answer.
        for (const p of all) expect(answers.some((a) => a.has(p.paymentStreamId))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
