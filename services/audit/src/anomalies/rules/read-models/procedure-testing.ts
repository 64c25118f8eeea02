import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { generateVaultKeys, openPersonalDataVault, type PersonalDataVault } from '@benefits/identity';
import type { Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels, type Projection } from '@benefits/read-store';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../../rule';

/**
 * Test bed of the procedure and finance rules (specs only): a PGlite event store the test appends
 * events to as the services would, the rule's read models over it in a PGlite document store, a
 * vault for keyed fingerprints, and a hand-built RuleScanContext.
 */
export interface RuleTestBed {
  store: EventStore;
  readModels: ReadModels;
  vault: PersonalDataVault;
  append(streamId: string, events: { type: string; data: unknown; actor?: Actor }[]): Promise<{ revisions: number[] }>;
  scan<C>(rule: AnomalyRule<C>, options: { divisionCode: string; asOf: string; config?: Partial<C> }): Promise<AnomalyCandidate[]>;
  progress: number[];
  close(): Promise<void>;
}

const officer: Actor = { id: 'officer-1', role: 'case_officer', divisionCode: '330402' };

/** `withVault`: open a vault too (PGlite; only the rules matching keyed fingerprints need it). */
export async function startRuleTestBed(projections: Projection[], options: { withVault?: boolean } = {}): Promise<RuleTestBed> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-rules-'));
  const store = await createEventStore({ kind: 'pglite', dataDir: dir });
  const documents = await createDocumentStore({ kind: 'pglite' });
  const readModels = new ReadModels({ store, openReadStore: async () => documents, projections, pollIntervalMs: 20, catchUpMs: 60_000 });
  const { PGlite } = await import('@electric-sql/pglite');
  const vaultDb = options.withVault ? await PGlite.create() : null;
  const vault = vaultDb ? await openPersonalDataVault({ client: vaultDb, keys: generateVaultKeys() }) : (null as unknown as PersonalDataVault);
  const progress: number[] = [];
  return {
    store,
    readModels,
    vault,
    progress,
    async append(streamId, events) {
      const existing = await store.readStream(streamId);
      await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata: { correlationId: `corr-${streamId}`, actor: e.actor ?? officer } })),
        { expectedRevision: existing.length === 0 ? 'no_stream' : existing[existing.length - 1].streamRevision },
      );
      return { revisions: events.map((_, i) => existing.length + i) };
    },
    async scan(rule, options) {
      const config = rule.configSchema.parse({ ...(rule.defaults as object), ...(options.config ?? {}) });
      const context: RuleScanContext<typeof config> = {
        config,
        divisionCode: options.divisionCode,
        asOf: options.asOf,
        view: (name) => readModels.fresh(name),
        vault: async () => {
          if (!vaultDb) throw new Error('this test bed has no vault (startRuleTestBed(…, { withVault: true }))');
          return vault;
        },
        source: { readStream: (id: string) => store.readStream(id) } as RuleScanContext<unknown>['source'],
        progress: (n) => progress.push(n),
      };
      const out: AnomalyCandidate[] = [];
      for await (const candidate of rule.scan(context)) out.push(candidate);
      return out;
    },
    async close() {
      await readModels.close();
      await store.close();
      await documents.close().catch(() => undefined);
      await vaultDb?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 低保 case's events as the applications service records them (the fields the rules read; sample data). */
export function dibaoCaseEvents(caseId: string, divisionCode: string, steps: {
  appliedOn: string;
  acceptedOn?: string;
  processDueOn?: string;
  notices?: { startedOn: string; endsOn: string; decisionDueOn?: string }[];
  approvedOn?: string;
  rejectedOn?: string;
}): { type: string; data: unknown }[] {
  const events: { type: string; data: unknown }[] = [
    { type: 'dibao.ApplicationSubmitted.v1', data: { caseId, benefit: 'dibao', divisionCode, members: [], householdCategory: 'stable', effectiveFrom: steps.appliedOn } },
  ];
  if (steps.acceptedOn) {
    events.push({ type: 'dibao.ApplicationAccepted.v1', data: { caseId, effectiveFrom: steps.acceptedOn, homeVisitDueOn: steps.acceptedOn, processDueOn: steps.processDueOn ?? steps.acceptedOn } });
  }
  (steps.notices ?? []).forEach((n, i) =>
    events.push({
      type: 'dibao.PublicNoticePosted.v1',
      data: { caseId, noticeNo: i + 1, location: '村务公开栏（样例）', effectiveFrom: n.startedOn, startedOn: n.startedOn, endsOn: n.endsOn, decisionDueOn: n.decisionDueOn ?? n.endsOn },
    }),
  );
  if (steps.approvedOn) {
    events.push({
      type: 'dibao.CaseApproved.v1',
      data: { caseId, benefit: 'dibao', divisionCode, determinationId: `d-${caseId}`, basedOnCaseRevision: 1, householdAmountFen: 100_000, effectiveFrom: steps.approvedOn, paymentFrom: steps.approvedOn, nextReviewDueOn: steps.approvedOn },
    });
  }
  if (steps.rejectedOn) events.push({ type: 'dibao.CaseRejected.v1', data: { caseId, reasons: ['样例'], effectiveFrom: steps.rejectedOn, noticeDueOn: steps.rejectedOn } });
  return events;
}

/** A 临时救助 case's events (sample data). */
export function linshiCaseEvents(caseId: string, divisionCode: string, steps: {
  appliedOn: string;
  type?: 'jinan' | 'zhichu';
  advanceAidOn?: string;
  paperworkDueOn?: string;
  amountFen?: number;
  paperworkOn?: string;
  approvedOn?: string;
  rejectedOn?: string;
}): { type: string; data: unknown }[] {
  const events: { type: string; data: unknown }[] = [
    { type: 'linshi.ApplicationSubmitted.v1', data: { caseId, benefit: 'linshi', divisionCode, type: steps.type ?? 'jinan', members: [], cause: 'fire', causeDescription: '样例', occurredOn: steps.appliedOn, expenditureEvidence: [], effectiveFrom: steps.appliedOn } },
  ];
  if (steps.advanceAidOn) {
    const amountFen = steps.amountFen ?? 150_000;
    events.push(
      { type: 'linshi.AdvanceAidGranted.v1', data: { caseId, determinationId: `d-${caseId}`, amountFen, capFen: amountFen, effectiveFrom: steps.advanceAidOn, paperworkDueOn: steps.paperworkDueOn ?? steps.advanceAidOn } },
      { type: 'linshi.CaseApproved.v1', data: { caseId, benefit: 'linshi', divisionCode, determinationId: `d-${caseId}`, effectiveFrom: steps.advanceAidOn, approvedAmounts: [], approvedTotalFen: amountFen, overrideReasonCode: '', advanceAid: true, instalments: [] } },
    );
  }
  if (steps.paperworkOn) events.push({ type: 'linshi.AdvanceAidPaperworkCompleted.v1', data: { caseId, effectiveFrom: steps.paperworkOn, documentRefs: ['doc-1'], note: '', late: false } });
  if (steps.approvedOn) {
    events.push({ type: 'linshi.CaseApproved.v1', data: { caseId, benefit: 'linshi', divisionCode, determinationId: `d-${caseId}`, effectiveFrom: steps.approvedOn, approvedAmounts: [], approvedTotalFen: 1, overrideReasonCode: '', advanceAid: false, instalments: [] } });
  }
  if (steps.rejectedOn) events.push({ type: 'linshi.CaseRejected.v1', data: { caseId, reasons: ['样例'], effectiveFrom: steps.rejectedOn } });
  return events;
}
