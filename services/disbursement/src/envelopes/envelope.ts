import type { Actor } from '@benefits/kernel';
import type { BenefitId } from '../entitlements/entitlement';
import { FinanceErrors } from '../finance.errors';
import type { ControlTotals, EnvelopeStatus } from '../ledger/ledger.types';
import { parseRunId } from '../runs/payment-run';

/**
 * 发放批次 (envelope): what one run put up for payment, with control totals, and its life cycle
 * prepared (民政) → approved (财政, another person) → exported (bank file hash) → returns imported
 * (settled in part or in full) → closed. Stream `envelope-<runId>`; the envelope id is the run id.
 * An approved envelope is frozen: the list and totals come from its run and nothing adds to it; a
 * correction or a reissue goes into a later run's envelope, which references this one.
 */
export const ENVELOPE_PREPARED = 'disbursement.EnvelopePrepared.v1';
export const ENVELOPE_APPROVED = 'disbursement.EnvelopeApproved.v1';
export const ENVELOPE_EXPORTED = 'disbursement.EnvelopeExported.v1';
export const RETURN_FILE_IMPORTED = 'disbursement.ReturnFileImported.v1';
export const ENVELOPE_CLOSED = 'disbursement.EnvelopeClosed.v1';

export interface EnvelopePreparedData {
  envelopeId: string;
  runId: string;
  benefit: BenefitId;
  divisionCode: string;
  runPeriod: string;
  /** Payments listed for the bank (not held), by kind; `fen` is what the bank is asked to pay. */
  totals: ControlTotals;
  held: { count: number; fen: number; byReason: Record<string, { count: number; fen: number }> };
  /** SHA-256 over the run's page digests, each over its payments' `id:fen` lines sorted. */
  digest: string;
  /** Everyone who recorded a step of the run: none of them may approve. */
  preparers: string[];
  /** Envelopes whose payments this one carries or reissues. */
  references: string[];
  preparedAt: string;
}

export interface EnvelopeApprovedData {
  envelopeId: string;
  approvedAt: string;
  note?: string;
}

export interface EnvelopeExportedData {
  envelopeId: string;
  layoutId: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  fileName: string;
  sha256: string;
  bytes: number;
  lineCount: number;
  totalFen: number;
  /** SHA-256 over `personRef:accountVersion` of every line: a later export with other account versions would give other bytes. */
  accountsDigest: string;
  exportedAt: string;
}

export interface ReturnFileImportedData {
  envelopeId: string;
  sha256: string;
  fileName: string | null;
  mode: 'strict' | 'partial';
  counts: { settled: number; failed: number; reversed: number; alreadyApplied: number; refused: number };
  fen: { settled: number; failed: number; reversed: number };
  /** Lines refused in partial mode, with their file line numbers. */
  refused: { line: number; paymentId: string | null; code: string; message: string }[];
  importedAt: string;
}

export interface EnvelopeClosedData {
  envelopeId: string;
  closedAt: string;
}

export interface EnvelopeState {
  prepared: EnvelopePreparedData | null;
  preparedBy: Actor | null;
  approved: (EnvelopeApprovedData & { by: Actor | null }) | null;
  exports: EnvelopeExportedData[];
  returns: ReturnFileImportedData[];
  closed: EnvelopeClosedData | null;
}

export const initialEnvelopeState = (): EnvelopeState => ({ prepared: null, preparedBy: null, approved: null, exports: [], returns: [], closed: null });

export function envelopeStreamId(envelopeId: string): string {
  return `envelope-${envelopeId}`;
}

/** The envelope's id is its run's; anything else is refused. */
export function parseEnvelopeId(envelopeId: string): { benefit: BenefitId; divisionCode: string; period: string; seq: number } {
  const parsed = parseRunId(envelopeId);
  if (!parsed) throw FinanceErrors.INVALID_ENVELOPE_ID({ envelopeId });
  return parsed;
}

export function evolveEnvelope(state: EnvelopeState, event: { type: string; data: unknown; actor?: Actor | null }): EnvelopeState {
  switch (event.type) {
    case ENVELOPE_PREPARED:
      return { ...state, prepared: event.data as EnvelopePreparedData, preparedBy: event.actor ?? null };
    case ENVELOPE_APPROVED:
      return { ...state, approved: { ...(event.data as EnvelopeApprovedData), by: event.actor ?? null } };
    case ENVELOPE_EXPORTED:
      return { ...state, exports: [...state.exports, event.data as EnvelopeExportedData] };
    case RETURN_FILE_IMPORTED:
      return { ...state, returns: [...state.returns, event.data as ReturnFileImportedData] };
    case ENVELOPE_CLOSED:
      return { ...state, closed: event.data as EnvelopeClosedData };
    default:
      return state;
  }
}

export function foldEnvelope(events: readonly { type: string; data: unknown; actor?: Actor | null }[]): EnvelopeState {
  return events.reduce(evolveEnvelope, initialEnvelopeState());
}

/** Where the envelope stands, from its events and — for the settled states — how many of its payments still await a return. */
export function envelopeStatus(state: EnvelopeState, pendingCount?: number): EnvelopeStatus | 'none' {
  if (!state.prepared) return 'none';
  if (state.closed) return 'closed';
  if (state.exports.length === 0) return state.approved ? 'approved' : 'prepared';
  if (state.returns.length === 0) return 'exported';
  if (pendingCount === undefined) return 'partly-settled';
  return pendingCount === 0 ? 'settled' : 'partly-settled';
}

/** Maker-checker: approved by someone who did not prepare it. Approving again is refused (the envelope is frozen). */
export function decideApprove(state: EnvelopeState, actor: Actor, now: Date, note?: string): { type: typeof ENVELOPE_APPROVED; data: EnvelopeApprovedData }[] {
  const prepared = requirePrepared(state);
  if (state.closed) throw FinanceErrors.ENVELOPE_CLOSED({ envelopeId: prepared.envelopeId });
  if (state.approved) throw FinanceErrors.ENVELOPE_ALREADY_APPROVED({ envelopeId: prepared.envelopeId, approvedBy: state.approved.by?.id ?? null });
  if (prepared.preparers.includes(actor.id)) throw FinanceErrors.ENVELOPE_SAME_ACTOR({ envelopeId: prepared.envelopeId, actor: actor.id });
  return [{ type: ENVELOPE_APPROVED, data: { envelopeId: prepared.envelopeId, approvedAt: now.toISOString(), ...(note ? { note } : {}) } }];
}

/**
 * An export recorded once per (layout, format): exporting the same again records nothing and must
 * give the same bytes; other bytes mean accounts changed after the file went out (refused).
 */
export function decideExport(state: EnvelopeState, file: Omit<EnvelopeExportedData, 'exportedAt' | 'envelopeId'>, now: Date): { type: typeof ENVELOPE_EXPORTED; data: EnvelopeExportedData }[] {
  const prepared = requirePrepared(state);
  if (state.closed) throw FinanceErrors.ENVELOPE_CLOSED({ envelopeId: prepared.envelopeId });
  if (!state.approved) throw FinanceErrors.ENVELOPE_NOT_APPROVED({ envelopeId: prepared.envelopeId });
  const earlier = state.exports.find((e) => e.layoutId === file.layoutId && e.format === file.format);
  if (earlier) {
    if (earlier.sha256 === file.sha256) return [];
    throw FinanceErrors.ENVELOPE_ACCOUNTS_CHANGED({ envelopeId: prepared.envelopeId, recorded: earlier.sha256, now: file.sha256 });
  }
  return [{ type: ENVELOPE_EXPORTED, data: { ...file, envelopeId: prepared.envelopeId, exportedAt: now.toISOString() } }];
}

/** A return file already imported (same bytes) is recognised by its hash. */
export function returnAlreadyImported(state: EnvelopeState, sha256: string): ReturnFileImportedData | null {
  return state.returns.find((r) => r.sha256 === sha256) ?? null;
}

export function requireExported(state: EnvelopeState): EnvelopePreparedData {
  const prepared = requirePrepared(state);
  if (state.closed) throw FinanceErrors.ENVELOPE_CLOSED({ envelopeId: prepared.envelopeId });
  if (state.exports.length === 0) throw FinanceErrors.ENVELOPE_NOT_EXPORTED({ envelopeId: prepared.envelopeId });
  return prepared;
}

/** Closed when no payment of it still awaits a return. */
export function decideClose(state: EnvelopeState, pendingCount: number, now: Date): { type: typeof ENVELOPE_CLOSED; data: EnvelopeClosedData }[] {
  const prepared = requireExported(state);
  if (pendingCount > 0) throw FinanceErrors.ENVELOPE_NOT_SETTLED({ envelopeId: prepared.envelopeId, pending: pendingCount });
  return [{ type: ENVELOPE_CLOSED, data: { envelopeId: prepared.envelopeId, closedAt: now.toISOString() } }];
}

export function requirePrepared(state: EnvelopeState): EnvelopePreparedData {
  if (!state.prepared) throw FinanceErrors.ENVELOPE_NOT_FOUND({});
  return state.prepared;
}
