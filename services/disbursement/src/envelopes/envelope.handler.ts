import { createHash } from 'node:crypto';
import type { Actor, EventEnvelope, NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { Filter, ReadModels } from '@benefits/read-store';
import type { CommandContext } from '../disbursement.handlers';
import { DisbursementErrors } from '../disbursement.errors';
import { FinanceErrors } from '../finance.errors';
import { LEDGER_ENVELOPES, LEDGER_PAYMENTS, LEDGER_PROJECTION } from '../ledger/ledger.projection';
import type { LedgerEnvelopeDoc, LedgerPaymentDoc } from '../ledger/ledger.types';
import { decideHold, decideReturn, evolvePayment, foldPayment, type PaymentState } from '../payments/payment-lifecycle';
import { parsePaymentStreamId } from '../payments/payment-id';
import { layoutById, type BankFileLayout } from '../bank-files/layout';
import { renderBankFile, type BankFileFormat, type BankFileLine, type RenderedBankFile } from '../bank-files/bank-file.writer';
import { parseReturnFile } from '../bank-files/return-file.parser';
import type { BankFileEncoding } from '../bank-files/bank-file.encoding';
import { vaultAccess, type ExportAccountResult } from '../accounts/accounts.handler';
import type { PersonalDataAccess } from '@benefits/identity';
import type { FundingShares } from '../funding/allocate';
import { createReconciliation, type ReconciliationReport } from '../reconciliation/reconciliation';
import {
  decideApprove,
  decideClose,
  decideExport,
  envelopeStatus,
  envelopeStreamId,
  foldEnvelope,
  parseEnvelopeId,
  requireExported,
  returnAlreadyImported,
  RETURN_FILE_IMPORTED,
  type EnvelopePreparedData,
  type EnvelopeState,
  type ReturnFileImportedData,
} from './envelope';
import { pages } from './envelope-totals';
import { benefitNameZh } from '@benefits/standards';

/** The clear accounts of persons, for the bank file only (the accounts handler's `openForExport`). */
export type OpenAccounts = (personRefs: readonly string[], access: PersonalDataAccess) => Promise<Map<string, ExportAccountResult>>;
/** Current account versions (for reissues: a follow-up needs an account changed since the failure); `sync` waits for what is committed. */
export type AccountVersions = ((personRefs: readonly string[]) => Promise<Map<string, { usable: boolean; accountVersion: number | null }>>) & { sync?: () => Promise<void> };
/** Funding shares in force for (benefit, division, run period), or null. */
export type SharesFor = (benefit: string, divisionCode: string, runPeriod: string) => Promise<FundingShares | null>;

export interface EnvelopeView {
  envelopeId: string;
  status: string;
  prepared: EnvelopePreparedData;
  preparedBy: Actor | null;
  approved: { by: Actor | null; approvedAt: string; note?: string } | null;
  exports: EnvelopeState['exports'];
  returns: EnvelopeState['returns'];
  closed: EnvelopeState['closed'];
  /** Payments of the envelope that still await a bank return (after export). */
  pending: number;
}

export interface ReturnImportResult extends ReturnFileImportedData {
  /** True when the same file had been imported before: nothing changed this time. */
  alreadyImported: boolean;
}

const BENEFIT_SUMMARY: Record<string, string> = { tefu: '计生特扶金', dibao: '最低生活保障金', linshi: '临时救助金' };
const PAYING_KINDS = ['regular', 'arrears', 'instalment', 'follow-up'];
const READ_PARALLEL = 50;
const APPEND_CHUNK = 500;

/**
 * The finance steps of an envelope (ADR 0011): approve (maker-checker), export the bank file,
 * import the bank's return, close; decisions on held payments; reconciliation. Reads go to the
 * ledger read model in pages; every change is an event on the envelope's or the payment's stream,
 * appended with its expected revision.
 */
export class EnvelopeHandler {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly ports: { openAccounts: OpenAccounts; accountVersions: AccountVersions; sharesFor: SharesFor; layout?: (id: string) => BankFileLayout },
  ) {}

  async read(envelopeId: string): Promise<EnvelopeView> {
    parseEnvelopeId(envelopeId);
    const { state } = await this.load(envelopeId);
    const prepared = state.prepared!;
    const pending = state.exports.length > 0 ? await this.pendingCount(envelopeId) : 0;
    return {
      envelopeId,
      status: envelopeStatus(state, state.returns.length > 0 ? pending : undefined),
      prepared,
      preparedBy: state.preparedBy,
      approved: state.approved,
      exports: state.exports,
      returns: state.returns,
      closed: state.closed,
      pending,
    };
  }

  /** Envelopes of a division (and benefit, period when given), newest first by id order, a page at a time. */
  async list(filter: { divisionCode: string; benefit?: string; period?: string }, page: { limit: number; cursor: string | null }) {
    const view = await this.readModels.fresh(LEDGER_PROJECTION);
    const envelopes = view.collection<LedgerEnvelopeDoc>(LEDGER_ENVELOPES);
    const f: Record<string, string> = filter.benefit ? { scope: `${filter.benefit}|${filter.divisionCode}` } : { divisionCode: filter.divisionCode };
    if (filter.period) f.runPeriod = filter.period;
    const result = await envelopes.find({ filter: f, limit: page.limit, cursor: page.cursor });
    return { items: result.items, nextCursor: result.nextCursor };
  }

  async approve(envelopeId: string, context: CommandContext & { actor: Actor }, note?: string): Promise<EnvelopeView> {
    parseEnvelopeId(envelopeId);
    const { history, state } = await this.load(envelopeId);
    const events = decideApprove(state, context.actor, context.now, note);
    await this.append(envelopeStreamId(envelopeId), history, events.map((e) => this.event(e.type, e.data, context)));
    return this.read(envelopeId);
  }

  /**
   * The bank file of an approved envelope: every listed payment but the recoveries, in payment id
   * order, with the clear account from the vault. Recorded once per (layout, format); the same again
   * gives the same bytes and records nothing.
   */
  async export(envelopeId: string, request: { layoutId: string; format: BankFileFormat }, context: CommandContext): Promise<RenderedBankFile & { recorded: boolean }> {
    const parsed = parseEnvelopeId(envelopeId);
    const { history, state } = await this.load(envelopeId);
    const prepared = state.prepared!;
    if (!state.approved) throw FinanceErrors.ENVELOPE_NOT_APPROVED({ envelopeId });
    const layout = (this.ports.layout ?? layoutById)(request.layoutId);
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    const lines: BankFileLine[] = [];
    const accountsHash = createHash('sha256');
    const unusable: { paymentStreamId: string; reason: string }[] = [];
    let batch: LedgerPaymentDoc[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const accounts = await this.ports.openAccounts(batch.map((d) => d.personRef), vaultAccess(context, 'bank-file-export'));
      for (const doc of batch) {
        // Offset in full by a recovery of the case: nothing for the bank.
        if (doc.fen - doc.nettedFen <= 0) continue;
        const account = accounts.get(doc.personRef);
        if (!account || 'unusable' in account) {
          unusable.push({ paymentStreamId: doc.paymentStreamId, reason: account && 'unusable' in account ? account.unusable : 'ACCOUNT_MISSING' });
          continue;
        }
        accountsHash.update(`${doc.personRef}:${account.accountVersion}\n`);
        lines.push({
          seq: lines.length + 1,
          paymentId: doc.paymentStreamId,
          accountNumber: account.accountNumber,
          holderName: account.holderName,
          bankCode: account.bankCode,
          bankName: account.bankName,
          amountFen: doc.fen - doc.nettedFen,
          summary: `${BENEFIT_SUMMARY[doc.benefit] ?? `${benefitNameZh(doc.benefit)}金`}${doc.periodKey.slice(0, 7)}`,
          period: doc.periodKey,
        });
      }
      batch = [];
    };
    for await (const doc of pages(ledger, { envelopeId, kind: { in: PAYING_KINDS } })) {
      batch.push(doc);
      if (batch.length >= 500) await flush();
    }
    await flush();
    if (unusable.length > 0) throw FinanceErrors.ENVELOPE_ACCOUNT_UNUSABLE({ envelopeId, count: unusable.length, payments: unusable.slice(0, 100) });
    const file = await renderBankFile(layout, { envelopeId, benefit: parsed.benefit, divisionCode: parsed.divisionCode, period: prepared.runPeriod, preparedOn: prepared.preparedAt.slice(0, 10) }, lines, request.format);
    if (file.lineCount !== prepared.totals.count || file.totalFen !== prepared.totals.fen) {
      // The ledger and the envelope's control totals disagree: nothing goes to the bank.
      throw FinanceErrors.ENVELOPE_TOTALS_MISMATCH({ envelopeId, envelope: { count: prepared.totals.count, fen: prepared.totals.fen }, file: { count: file.lineCount, fen: file.totalFen } });
    }
    const events = decideExport(
      state,
      {
        layoutId: layout.id,
        format: request.format,
        encoding: request.format === 'xlsx' ? 'UTF-8' : layout.encoding,
        fileName: file.fileName,
        sha256: file.sha256,
        bytes: file.bytes.length,
        lineCount: file.lineCount,
        totalFen: file.totalFen,
        accountsDigest: accountsHash.digest('hex'),
      },
      context.now,
    );
    if (events.length > 0) await this.append(envelopeStreamId(envelopeId), history, events.map((e) => this.event(e.type, e.data, context)));
    return { ...file, recorded: events.length > 0 };
  }

  /**
   * Applies a bank return file. Strict (default): every line must fit, else nothing is applied and
   * the refusal lists each line. Partial: the lines that fit are applied, each other one reported.
   * The same file again (same bytes) changes nothing and answers the earlier result.
   */
  async importReturns(
    envelopeId: string,
    bytes: Buffer,
    options: { mode: 'strict' | 'partial'; declaredEncoding?: BankFileEncoding; fileName?: string | null },
    context: CommandContext,
  ): Promise<ReturnImportResult> {
    parseEnvelopeId(envelopeId);
    const { history, state } = await this.load(envelopeId);
    requireExported(state);
    const csvExport = state.exports.find((e) => e.format === 'csv') ?? state.exports[0];
    const layout = (this.ports.layout ?? layoutById)(csvExport.layoutId);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const earlier = returnAlreadyImported(state, sha256);
    if (earlier) return { ...earlier, alreadyImported: true };
    const parsed = parseReturnFile(layout, bytes, { mode: options.mode, declaredEncoding: options.declaredEncoding, expectedEnvelopeId: envelopeId });

    const refused: ReturnFileImportedData['refused'] = parsed.refused.map((r) => ({ line: r.line, paymentId: r.paymentId ?? null, code: r.code, message: r.message }));
    const counts = { settled: 0, failed: 0, reversed: 0, alreadyApplied: 0, refused: 0 };
    const fen = { settled: 0, failed: 0, reversed: 0 };
    const appends = new Map<string, { expectedRevision: number; events: NewEvent[] }>();
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    await this.ports.accountVersions.sync?.();
    for (let i = 0; i < parsed.lines.length; i += READ_PARALLEL * 4) {
      const chunk = parsed.lines.slice(i, i + READ_PARALLEL * 4);
      const ids = [...new Set(chunk.map((l) => l.paymentId))].filter((id) => !appends.has(id));
      const loaded = new Map<string, { state: PaymentState; revision: number; doc: LedgerPaymentDoc | null }>();
      for (let j = 0; j < ids.length; j += READ_PARALLEL) {
        const part = ids.slice(j, j + READ_PARALLEL);
        const found = await Promise.all(
          part.map(async (id) => {
            if (!isPaymentId(id)) return [id, null] as const;
            const [events, doc] = await Promise.all([this.store.readStream(id), ledger.get(id)]);
            return [id, events.length === 0 ? null : { state: foldPayment(events), revision: events[events.length - 1].streamRevision, doc }] as const;
          }),
        );
        for (const [id, value] of found) if (value) loaded.set(id, value);
      }
      const versions = await this.ports.accountVersions([...new Set([...loaded.values()].map((v) => v.state.payment!.personRef))]);
      for (const line of chunk) {
        const entry = loaded.get(line.paymentId);
        if (!entry) {
          refused.push({ line: line.line, paymentId: line.paymentId, code: 'RETURN_UNKNOWN_PAYMENT', message: 'no payment of this id is in the envelope' });
          continue;
        }
        const decision = decideReturn(entry.state, { envelopeId, exported: true }, {
          returnKey: `${sha256}:${line.line}`,
          status: line.status,
          amountFen: line.amountFen,
          bankRef: line.bankRef ?? '',
          valueDate: line.valueDate ?? '',
          failure: line.failure,
          accountVersion: versions.get(entry.state.payment!.personRef)?.accountVersion ?? null,
        });
        if (decision.outcome === 'already-applied') {
          counts.alreadyApplied += 1;
          continue;
        }
        if (decision.outcome === 'refused') {
          refused.push({ line: line.line, paymentId: line.paymentId, code: decision.code, message: decision.message });
          continue;
        }
        const pending = appends.get(line.paymentId) ?? { expectedRevision: entry.revision, events: [] };
        pending.events.push(...decision.events.map((e) => this.event(e.type, e.data, context)));
        appends.set(line.paymentId, pending);
        loaded.set(line.paymentId, { ...entry, state: decision.events.reduce(evolvePayment, entry.state) });
        counts[line.status] += 1;
        fen[line.status] += line.amountFen;
      }
    }
    counts.refused = refused.length;
    if (options.mode === 'strict' && refused.length > 0) {
      throw FinanceErrors.RETURN_NOT_APPLICABLE({ envelopeId, sha256, issueCount: refused.length, issues: refused.slice(0, 500) });
    }
    const all = [...appends.entries()];
    for (let i = 0; i < all.length; i += APPEND_CHUNK) {
      await this.appendMany(all.slice(i, i + APPEND_CHUNK).map(([streamId, a]) => ({ streamId, events: a.events, expectedRevision: a.expectedRevision })));
    }
    const data: ReturnFileImportedData = { envelopeId, sha256, fileName: options.fileName ?? null, mode: options.mode, counts, fen, refused: refused.slice(0, 1000), importedAt: context.now.toISOString() };
    await this.append(envelopeStreamId(envelopeId), history, [this.event(RETURN_FILE_IMPORTED, data, context)]);
    return { ...data, alreadyImported: false };
  }

  async close(envelopeId: string, context: CommandContext): Promise<EnvelopeView> {
    parseEnvelopeId(envelopeId);
    const { history, state } = await this.load(envelopeId);
    const events = decideClose(state, await this.pendingCount(envelopeId), context.now);
    await this.append(envelopeStreamId(envelopeId), history, events.map((e) => this.event(e.type, e.data, context)));
    return this.read(envelopeId);
  }

  /** A recorded decision on a held payment: `cancel` (not paid) or `release` (a duplicate paid after all; the reason cites the legal basis). */
  async decideHold(paymentStreamId: string, decision: 'release' | 'cancel', reason: string, context: CommandContext, mayActFor?: (divisionCode: string) => void) {
    parsePaymentStreamId(paymentStreamId);
    const history = await this.store.readStream(paymentStreamId);
    if (history.length === 0) throw DisbursementErrors.PAYMENT_NOT_FOUND({ paymentStreamId });
    const state = foldPayment(history);
    if (state.payment) mayActFor?.(state.payment.divisionCode);
    const events = decideHold(state, decision, reason);
    await this.append(paymentStreamId, history, events.map((e) => this.event(e.type, e.data, context)));
    return { paymentStreamId, decision, reason };
  }

  /** The payments of an envelope (listed, held under its run), a page at a time, optionally by status. */
  async payments(envelopeId: string, query: { status?: string; held?: boolean; limit: number; cursor: string | null }) {
    parseEnvelopeId(envelopeId);
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    const filter: Filter = query.held ? { runId: envelopeId, status: 'held' } : query.status ? { envelopeId, status: query.status } : { envelopeId };
    return ledger.find({ filter, limit: query.limit, cursor: query.cursor });
  }

  /** Held payments of a division (待补录账户, 重复享受待决), for a decision. */
  async holds(scope: string, limit: number, cursor: string | null) {
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    return ledger.find({ filter: { carryScope: scope, status: 'held' }, limit, cursor });
  }

  /** 对账 of one envelope: its listed payments and the ones its run holds, from the ledger in pages. */
  async reconcileEnvelope(envelopeId: string): Promise<ReconciliationReport & { envelopeId: string; status: string }> {
    const envelope = await this.read(envelopeId);
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    const exported = new Set(envelope.exports.length > 0 ? [envelopeId] : []);
    const acc = await this.reconciliation();
    for await (const doc of pages(ledger, { envelopeId })) await acc.add(asSent(doc, exported));
    for await (const doc of pages(ledger, { runId: envelopeId })) if (doc.envelopeId === null) await acc.add(doc);
    return { envelopeId, status: envelope.status, ...acc.report() };
  }

  /** 对账 of a period: every payment of (benefit, division, run period), whatever envelope it is in. */
  async reconcilePeriod(benefit: string, divisionCode: string, period: string): Promise<ReconciliationReport & { benefit: string; divisionCode: string; period: string }> {
    const view = await this.readModels.fresh(LEDGER_PROJECTION);
    const exported = new Set<string>();
    for await (const e of pages(view.collection<LedgerEnvelopeDoc>(LEDGER_ENVELOPES), { scope: `${benefit}|${divisionCode}` })) if (e.export) exported.add(e.envelopeId);
    const acc = await this.reconciliation();
    for await (const doc of pages(view.collection<LedgerPaymentDoc>(LEDGER_PAYMENTS), { scope: `${benefit}|${divisionCode}`, runPeriod: period })) await acc.add(asSent(doc, exported));
    return { benefit, divisionCode, period, ...acc.report() };
  }

  /** A reconciliation whose funding shares are looked up once per (benefit, division, run period) before the first document of each. */
  private async reconciliation() {
    const cache = new Map<string, FundingShares | null>();
    const key = (doc: LedgerPaymentDoc) => `${doc.benefit}|${doc.divisionCode}|${doc.runPeriod}`;
    const inner = createReconciliation({ sharesFor: (doc) => cache.get(key(doc)) ?? null });
    return {
      add: async (doc: LedgerPaymentDoc) => {
        if (!cache.has(key(doc))) cache.set(key(doc), await this.ports.sharesFor(doc.benefit, doc.divisionCode, doc.runPeriod));
        inner.add(doc);
      },
      report: () => inner.report(),
    };
  }

  private async pendingCount(envelopeId: string): Promise<number> {
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    return ledger.count({ envelopeId, status: 'enveloped', kind: { in: PAYING_KINDS } });
  }

  private async load(envelopeId: string): Promise<{ history: EventEnvelope[]; state: EnvelopeState }> {
    const history = await this.store.readStream(envelopeStreamId(envelopeId));
    const state = foldEnvelope(history.map((e) => ({ type: e.type, data: e.data, actor: e.metadata.actor ?? null })));
    if (!state.prepared) throw FinanceErrors.ENVELOPE_NOT_FOUND({ envelopeId });
    return { history, state };
  }

  private event(type: string, data: unknown, context: CommandContext): NewEvent {
    return { type, data: data as NewEvent['data'], metadata: { correlationId: context.correlationId, causationId: null, actor: context.actor, schemaVersion: 1 } };
  }

  private async append(streamId: string, history: readonly EventEnvelope[], events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    try {
      await this.store.appendToStream(streamId, events, { expectedRevision });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw FinanceErrors.ENVELOPE_CHANGED({ streamId });
      throw error;
    }
  }

  private async appendMany(appends: { streamId: string; events: NewEvent[]; expectedRevision: number }[]): Promise<void> {
    try {
      await this.store.appendMany(appends);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw FinanceErrors.ENVELOPE_CHANGED({ streamId: appends[0]?.streamId });
      throw error;
    }
  }
}

/** In an exported envelope a listed payment without a return is `sent` (no per-payment event is written on export). */
function asSent(doc: LedgerPaymentDoc, exported: ReadonlySet<string>): LedgerPaymentDoc {
  return doc.status === 'enveloped' && doc.kind !== 'recovery' && doc.envelopeId && exported.has(doc.envelopeId) ? { ...doc, status: 'sent' } : doc;
}

function isPaymentId(id: string): boolean {
  try {
    parsePaymentStreamId(id);
    return true;
  } catch {
    return false;
  }
}
