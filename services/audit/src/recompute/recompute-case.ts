import { canonicalJson, type EventEnvelope } from '@benefits/kernel';
import { foldSeries, foldStandard, parameterStreamId, standardStreamId, type StandardState } from '@benefits/standards';
import { pinnedDibaoStandard, traceParameters, type ParameterDifference, type PublishedValues } from './engine-request';
import type { AuditSource } from '../replica/replica-store';
import type { CaseStreamDoc } from '../read-models/case-streams.projection';
import { PinnedPacks, standardIdOfPack } from './pinned-packs';
import { DETERMINED_TYPE, SCHEDULE_ISSUED_TYPE, recomputeDetermination, totalFen, type RecordedEvent, type StepDifference } from './recompute-determination';
import { paymentCreated, periodWithin, recomputePayment, type PaymentChain, type PaymentStage } from './recompute-payment';

/**
 * One case recomputed: every determination eligibility recorded for it, every determination the
 * case stream recorded from those (`*.DeterminationRecorded.v1`), and every payment — each read by
 * stream id from what audit reads (AUDIT_SOURCE), never from the global log. The standard streams
 * the pinned rule packs need are read once per recomputation job (`StandardShelf`).
 */

export type FindingSubject = 'determination' | 'determinationRecord' | 'payment';
export type FindingStatus = 'match' | 'mismatch' | 'not_recomputable';

export interface EvidenceLink {
  streamId: string;
  revision: number;
  note?: string;
}

/** One recomputed subject. No personal data: ids, refs and amounts only. */
export interface RecomputeFinding {
  subject: FindingSubject;
  /** determinationId, or the payment stream id. */
  subjectId: string;
  caseId: string;
  divisionCode: string | null;
  benefit: string | null;
  status: FindingStatus;
  recordedFen: number | null;
  recomputedFen: number | null;
  /** Mismatch: which recorded fields the recomputation contradicts. */
  differences?: string[];
  /** Determination mismatch: the first trace step that differs. */
  firstDifferingStep?: StepDifference | null;
  /** Payment: the step of the chain payment → schedule → issued schedule → engine where it diverged, and each amount. */
  stage?: PaymentStage;
  chain?: PaymentChain;
  engineError?: string;
  /** A pinned published value (低保标准 B) that is not what its source entry published. */
  parameterDifference?: ParameterDifference;
  /** not_recomputable: why (stable code) and what was missing. */
  reason?: { code: string; detail: Record<string, unknown> };
  evidence: EvidenceLink[];
}

/** The standard streams the pinned packs cite, read once each and kept for the job. */
export class StandardShelf {
  private readonly standards = new Map<string, StandardState | null>();
  readonly packs = new PinnedPacks((id) => this.standards.get(id) ?? null);

  constructor(private readonly source: Pick<AuditSource, 'readStream'>) {}

  async need(rulePackIds: Iterable<string>): Promise<void> {
    for (const packId of rulePackIds) {
      const standardId = standardIdOfPack(packId);
      if (!standardId || this.standards.has(standardId)) continue;
      this.standards.set(standardId, foldStandard(await this.source.readStream(standardStreamId(standardId))));
    }
  }
}

/** The 低保标准 series the pinned B values cite, read once per division and kept for the job. */
export class PublishedShelf implements PublishedValues {
  private readonly series = new Map<string, Map<string, { fen: number; effectiveFrom: string; sampleData: boolean }>>();

  constructor(private readonly source: Pick<AuditSource, 'readStream'>) {}

  async need(divisionCodes: Iterable<string>): Promise<void> {
    for (const divisionCode of divisionCodes) {
      if (this.series.has(divisionCode) || !/^\d{6}$/.test(divisionCode)) continue;
      const entries = foldSeries(await this.source.readStream(parameterStreamId('dibao.standard', divisionCode)));
      const byId = new Map<string, { fen: number; effectiveFrom: string; sampleData: boolean }>();
      for (const e of entries) {
        const fen = (e.value as { fen?: unknown }).fen;
        if (typeof fen === 'number') byId.set(e.entryId, { fen, effectiveFrom: e.effectiveFrom, sampleData: e.sampleData });
      }
      this.series.set(divisionCode, byId);
    }
  }

  dibaoStandard(divisionCode: string, entryId: string) {
    const series = this.series.get(divisionCode);
    return series ? (series.get(entryId) ?? null) : undefined;
  }
}

/** Divisions whose 低保标准 series the recorded determinations and schedule periods cite. */
function pinnedDivisions(events: readonly EventEnvelope[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (!isObj(e.data)) continue;
    const lists = [traceParameters(e.data.trace), ...(Array.isArray(e.data.periods) ? e.data.periods : []).map((p) => (isObj(p) && Array.isArray(p.parameters) ? p.parameters : []))];
    for (const list of lists) {
      const b = pinnedDibaoStandard(list as { key: string; value: unknown; source?: unknown }[]);
      if (b) out.add(b.divisionCode);
    }
  }
  return [...out];
}

export interface CaseScope {
  caseId: string;
  divisionCode: string | null;
  benefit: string | null;
  /** `yyyy-mm` or `yyyy`: only payments of periods in it, and the determinations behind them. */
  period?: string | null;
  /** Payments only (the 疑点 rule A5): determinations are then read but not reported. */
  paymentsOnly?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export class CaseRecomputer {
  readonly shelf: StandardShelf;
  readonly published: PublishedShelf;

  constructor(private readonly source: Pick<AuditSource, 'readStream'>) {
    this.shelf = new StandardShelf(source);
    this.published = new PublishedShelf(source);
  }

  /** The findings of one case, in a stable order: determinations (stream order), case records, then payments by stream id. */
  async recompute(scope: CaseScope, streams: readonly CaseStreamDoc[]): Promise<RecomputeFinding[]> {
    const ids = (kind: CaseStreamDoc['kind']) => streams.filter((s) => s.kind === kind).map((s) => s.streamId).sort();
    const read = (id: string) => this.source.readStream(id);
    const determinationEvents: EventEnvelope[] = [];
    for (const id of ids('determination')) determinationEvents.push(...(await read(id)));
    const entitlements = new Map<string, EventEnvelope[]>();
    for (const id of ids('entitlement')) entitlements.set(id, await read(id));
    const base = { caseId: scope.caseId, divisionCode: scope.divisionCode, benefit: scope.benefit };
    await this.shelf.need(packIdsOf(determinationEvents));
    await this.published.need(pinnedDivisions(determinationEvents));
    const findings: RecomputeFinding[] = [];

    // Payments first (their periods decide which determinations a period-scoped job looks at).
    const paymentFindings: RecomputeFinding[] = [];
    const cited = new Set<string>();
    // A case's payments are read together: an adjustment is checked against the period's earlier payments.
    const payments: [string, EventEnvelope[]][] = [];
    for (const id of ids('payment')) payments.push([id, await read(id)]);
    const createdData = payments.map(([, events]) => paymentCreated(events)?.data).filter((d) => d !== undefined);
    for (const [id, events] of payments) {
      const created = paymentCreated(events);
      const data = isObj(created?.data) ? created!.data : {};
      if (scope.period && !periodWithin(data.period, scope.period)) continue;
      const scheduleRef = isObj(data.schedule) ? data.schedule : {};
      const entitlement = entitlements.get(str(scheduleRef.streamId) ?? '') ?? (await this.readIfNamed(str(scheduleRef.streamId)));
      const verdict = recomputePayment(
        { payment: events, entitlement, determinations: determinationEvents, published: this.published, otherPayments: createdData },
        this.shelf.packs,
      );
      const scheduleEvent = entitlement.find((e) => e.type === 'disbursement.EntitlementScheduleReceived.v1' && isObj(e.data) && e.data.scheduleVersion === scheduleRef.version);
      if (scheduleEvent && isObj(scheduleEvent.data)) cited.add(String(scheduleEvent.data.determinationId));
      if (typeof data.determinationId === 'string') cited.add(data.determinationId);
      const evidence: EvidenceLink[] = [{ streamId: id, revision: created?.streamRevision ?? 0, note: 'payment' }];
      if (scheduleEvent) evidence.push({ streamId: scheduleEvent.streamId, revision: scheduleEvent.streamRevision, note: 'schedule' });
      const issued = determinationEvents.find((e) => SCHEDULE_ISSUED_TYPE.test(e.type) && isObj(e.data) && isObj(scheduleEvent?.data) && e.data.scheduleId === scheduleEvent!.data.scheduleId);
      if (issued) evidence.push({ streamId: issued.streamId, revision: issued.streamRevision, note: 'issued schedule' });
      paymentFindings.push({
        ...base,
        subject: 'payment',
        subjectId: id,
        status: verdict.status,
        recordedFen: verdict.recordedFen,
        recomputedFen: verdict.status === 'not_recomputable' ? null : verdict.recomputedFen,
        chain: verdict.chain,
        ...(verdict.status === 'mismatch'
          ? {
              stage: verdict.stage,
              ...(verdict.engineError ? { engineError: verdict.engineError } : {}),
              ...(verdict.parameterDifference ? { parameterDifference: verdict.parameterDifference } : {}),
            }
          : {}),
        ...(verdict.status === 'not_recomputable' ? { reason: verdict.reason } : {}),
        evidence,
      });
    }

    if (scope.paymentsOnly) return paymentFindings;

    // Determinations eligibility recorded.
    for (const event of determinationEvents.filter((e) => DETERMINED_TYPE.test(e.type))) {
      const data = isObj(event.data) ? event.data : {};
      const determinationId = str(data.determinationId) ?? event.eventId;
      if (scope.period && !cited.has(determinationId) && !String(data.effectiveFrom ?? '').startsWith(scope.period)) continue;
      const withIt = determinationEvents.find((e) => SCHEDULE_ISSUED_TYPE.test(e.type) && isObj(e.data) && e.data.determinationId === determinationId);
      const approvedOn = withIt && isObj(withIt.data) ? str(withIt.data.approvedOn) : null;
      const verdict = recomputeDetermination({ event: toRecorded(event), approvedOn, published: this.published }, this.shelf.packs);
      findings.push({
        ...base,
        subject: 'determination',
        subjectId: determinationId,
        status: verdict.status,
        recordedFen: verdict.status === 'not_recomputable' ? null : verdict.recordedFen,
        recomputedFen: verdict.status === 'not_recomputable' ? null : verdict.recomputedFen,
        ...(verdict.status === 'mismatch'
          ? {
              differences: verdict.differences,
              firstDifferingStep: verdict.firstDifferingStep,
              ...(verdict.engineError ? { engineError: verdict.engineError } : {}),
              ...(verdict.parameterDifference ? { parameterDifference: verdict.parameterDifference } : {}),
            }
          : {}),
        ...(verdict.status === 'not_recomputable' ? { reason: verdict.reason } : {}),
        evidence: [{ streamId: event.streamId, revision: event.streamRevision, note: 'determination' }],
      });
    }

    // Determinations the case recorded from eligibility's.
    for (const event of (await read(`case-${scope.caseId}`)).filter((e) => /\.DeterminationRecorded\.v1$/.test(e.type))) {
      const data = isObj(event.data) ? event.data : {};
      const determinationId = str(data.determinationId) ?? event.eventId;
      if (scope.period && !cited.has(determinationId) && !String(data.effectiveFrom ?? '').startsWith(scope.period)) continue;
      const source = determinationEvents.find((e) => DETERMINED_TYPE.test(e.type) && isObj(e.data) && e.data.determinationId === determinationId);
      findings.push({ ...base, ...compareRecord(data, source), subject: 'determinationRecord', subjectId: determinationId, evidence: evidenceOf(event, source) });
    }
    return [...findings, ...paymentFindings];
  }

  private async readIfNamed(streamId: string | null): Promise<EventEnvelope[]> {
    return streamId && /^entitlement-/.test(streamId) ? this.source.readStream(streamId) : [];
  }
}

function packIdsOf(events: readonly EventEnvelope[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (!isObj(e.data)) continue;
    if (typeof e.data.rulePackId === 'string') ids.add(e.data.rulePackId);
    for (const p of Array.isArray(e.data.periods) ? e.data.periods : []) if (isObj(p) && typeof p.rulePackId === 'string') ids.add(p.rulePackId);
  }
  return [...ids];
}

function toRecorded(event: EventEnvelope): RecordedEvent {
  return { streamId: event.streamId, streamRevision: event.streamRevision, eventId: event.eventId, type: event.type, data: event.data };
}

function evidenceOf(event: EventEnvelope, source: EventEnvelope | undefined): EvidenceLink[] {
  const links: EvidenceLink[] = [{ streamId: event.streamId, revision: event.streamRevision, note: 'determination recorded on the case' }];
  if (source) links.push({ streamId: source.streamId, revision: source.streamRevision, note: 'determination' });
  return links;
}

const sortedAmounts = (list: unknown) =>
  ((Array.isArray(list) ? list : []) as Record<string, unknown>[])
    .map((a) => ({ beneficiaryRef: String(a.beneficiaryRef), periodKey: String(a.periodKey ?? ''), amountFen: Number(a.amountFen) }))
    .sort((a, b) => (`${a.beneficiaryRef}|${a.periodKey}` < `${b.beneficiaryRef}|${b.periodKey}` ? -1 : 1));

/**
 * A determination as the case recorded it against the one eligibility made: same amounts (per
 * beneficiary and period), clause and case revision. Recorded by hand without one: not recomputable.
 */
function compareRecord(
  data: Record<string, unknown>,
  source: EventEnvelope | undefined,
): Pick<RecomputeFinding, 'status' | 'recordedFen' | 'recomputedFen' | 'differences' | 'reason'> {
  const recordedAmounts = Array.isArray(data.amounts)
    ? sortedAmounts(data.amounts)
    : null;
  if (!source || !isObj(source.data)) {
    return {
      status: 'not_recomputable',
      recordedFen: recordedAmounts ? totalFen(recordedAmounts) : null,
      recomputedFen: null,
      reason: { code: 'DETERMINATION_NOT_FOUND', detail: { determinationId: data.determinationId ?? null, note: 'recorded without an eligibility determination (no facts or trace to recompute)' } },
    };
  }
  const s = source.data;
  const expected = sortedAmounts(s.amounts);
  // 特扶 records one amount per person when all are equal.
  const perPerson = typeof data.amountPerPersonPerMonthFen === 'number' ? data.amountPerPersonPerMonthFen : null;
  const recorded = recordedAmounts ?? expected.map((a) => ({ ...a, amountFen: perPerson ?? 0 }));
  const differences: string[] = [];
  const strip = (list: { beneficiaryRef: string; amountFen: number }[]) => list.map(({ beneficiaryRef, amountFen }) => ({ beneficiaryRef, amountFen }));
  if (canonicalJson(strip(recorded)) !== canonicalJson(strip(expected))) differences.push('amounts');
  if (typeof data.capFen === 'number' && data.capFen !== (s.capFen ?? 0)) differences.push('capFen');
  if (canonicalJson(data.standardRef ?? null) !== canonicalJson(s.standardRef ?? null)) differences.push('standardRef');
  if (data.basedOnCaseRevision !== s.basedOnCaseRevision) differences.push('basedOnCaseRevision');
  const recordedFen = totalFen(recorded, typeof data.capFen === 'number' ? data.capFen : 0);
  const recomputedFen = totalFen(expected, typeof data.capFen === 'number' ? Number(s.capFen ?? 0) : 0);
  return differences.length === 0 ? { status: 'match', recordedFen, recomputedFen } : { status: 'mismatch', recordedFen, recomputedFen, differences };
}
