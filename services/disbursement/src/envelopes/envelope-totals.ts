import { createHash } from 'node:crypto';
import type { DocumentCollection, Filter } from '@benefits/read-store';
import { emptyControlTotals, type ControlTotals, type LedgerPaymentDoc } from '../ledger/ledger.types';

/**
 * Control totals of an envelope, summed from its payments (pure, incremental: one page at a time).
 *
 * - `totals.count` / `totals.fen`: the lines the bank is asked to pay (every listed payment but the
 *   recoveries and the payments a recovery offsets in full) and their amounts after netting;
 * - `totals.byKind`: per kind; `byKind.recovery` lists the 追缴 amounts owed back, which are not bank
 *   lines, so `totals.fen` = Σ `byKind[k].fen` over every kind but `recovery`;
 * - `held`: payments the run made but holds (待补录账户, 重复享受待决), by reason;
 * - `digest`: SHA-256 over the listed payments' `id:fen` lines in id order.
 */
export interface EnvelopeTotals {
  totals: ControlTotals;
  held: { count: number; fen: number; byReason: Record<string, { count: number; fen: number }> };
  digest: string;
  references: string[];
}

export function createEnvelopeAccumulator() {
  const totals = emptyControlTotals();
  const held: EnvelopeTotals['held'] = { count: 0, fen: 0, byReason: {} };
  const hash = createHash('sha256');
  const references = new Set<string>();
  return {
    /** Adds a payment: listed when it names the envelope, else held. Docs must come in id order for a stable digest. */
    add(doc: LedgerPaymentDoc, envelopeId: string): void {
      if (doc.envelopeId !== envelopeId) {
        if (!doc.hold) return;
        held.count += 1;
        held.fen += doc.fen;
        const r = (held.byReason[doc.hold.reason] ??= { count: 0, fen: 0 });
        r.count += 1;
        r.fen += doc.fen;
        return;
      }
      if (doc.runId && doc.runId !== envelopeId) references.add(doc.runId);
      if (doc.reissuesEnvelopeId && doc.reissuesEnvelopeId !== envelopeId) references.add(doc.reissuesEnvelopeId);
      const bankFen = doc.kind === 'recovery' ? 0 : doc.fen - doc.nettedFen;
      totals.byKind[doc.kind].count += 1;
      totals.byKind[doc.kind].fen += doc.kind === 'recovery' ? doc.fen : bankFen;
      totals.netted += doc.kind === 'recovery' ? 0 : doc.nettedFen;
      if (bankFen > 0) {
        totals.count += 1;
        totals.fen += bankFen;
      }
      hash.update(`${doc.paymentStreamId}:${bankFen}\n`);
    },
    result(): EnvelopeTotals {
      return { totals, held, digest: hash.digest('hex'), references: [...references].sort() };
    },
  };
}

/** Every document matching the filter, a page of 1000 at a time, in id order. */
export async function* pages<T extends Record<string, unknown>>(collection: DocumentCollection<T>, filter: Filter, limit = 1000): AsyncGenerator<T> {
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter, limit, cursor });
    for (const item of page.items) yield item;
    cursor = page.nextCursor;
  } while (cursor);
}
