import { divisionPrefix } from '../../../access';
import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentCollection, Document, DocumentSession, FieldCondition, Filter, Projection, SortKey } from '@benefits/read-store';

/**
 * The procedure read model of the A9 疑点 rules (程序缺失/超期, ADR 0012 §5): one document per 低保 or
 * 临时救助 case with the dates of the steps the rules judge — 受理 and its process due date, each
 * 公示 (start, end, decision due date), the first decision (approval or rejection), 先行救助 and its
 * paperwork — each with the case stream's revision of the event it comes from, so a finding cites the
 * event itself. Nothing personal: no member, no name, no amount beyond the advance aid granted.
 *
 * Idempotent: the document remembers the last revision of `case-<caseId>` it applied, and an event at
 * or below it changes nothing (a redelivery, a replica that received it twice). Follows AUDIT_SOURCE
 * like every audit read model; a rebuild from the log gives the same documents.
 */
export const PROCEDURE_PROJECTION = 'audit.procedure';

export const PROCEDURE_CASES: CollectionSchema = {
  name: 'audit-procedure-cases',
  fields: { caseId: 'string', benefit: 'string', divisionCode: 'string', decision: 'string', advanceAid: 'boolean' },
};

export type ProcedureBenefit = 'dibao' | 'linshi';

export interface ProcedureStep {
  on: string;
  revision: number;
}

export interface ProcedureNotice {
  noticeNo: number;
  startedOn: string;
  endsOn: string;
  decisionDueOn: string | null;
  revision: number;
}

export interface ProcedureCaseDoc {
  [key: string]: unknown;
  caseId: string;
  streamId: string;
  benefit: ProcedureBenefit;
  divisionCode: string;
  /** 临时救助: 急难型 or 支出型. */
  linshiType: 'jinan' | 'zhichu' | null;
  applied: ProcedureStep;
  /** 低保 受理, with the whole-process due date recorded on it. */
  accepted: (ProcedureStep & { processDueOn: string | null }) | null;
  /** 低保 公示, in order (an upheld objection leads to a second one). */
  notices: ProcedureNotice[];
  /** `none` until the first approval or rejection; later approvals (增发/减发) do not change it. */
  decision: 'none' | 'approved' | 'rejected';
  decided: (ProcedureStep & { advanceAid: boolean }) | null;
  /** 临时救助 先行救助. */
  advanceAid: boolean;
  advance: (ProcedureStep & { paperworkDueOn: string | null; amountFen: number }) | null;
  paperwork: (ProcedureStep & { late: boolean | null }) | null;
  /** The last revision of the case stream applied. */
  revision: number;
}

const TYPES = new Set([
  'dibao.ApplicationSubmitted.v1',
  'dibao.ApplicationAccepted.v1',
  'dibao.PublicNoticePosted.v1',
  'dibao.CaseApproved.v1',
  'dibao.CaseRejected.v1',
  'linshi.ApplicationSubmitted.v1',
  'linshi.AdvanceAidGranted.v1',
  'linshi.CaseApproved.v1',
  'linshi.CaseRejected.v1',
  'linshi.AdvanceAidPaperworkCompleted.v1',
]);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The document after one event of its case stream (pure; `doc` null before the application). */
export function procedureDocAfter(doc: ProcedureCaseDoc | null, event: Pick<EventEnvelope, 'type' | 'streamId' | 'streamRevision' | 'data'>): ProcedureCaseDoc | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const revision = event.streamRevision;
  if (event.type === 'dibao.ApplicationSubmitted.v1' || event.type === 'linshi.ApplicationSubmitted.v1') {
    if (doc) return doc;
    const caseId = str(data.caseId);
    const divisionCode = str(data.divisionCode);
    const on = str(data.effectiveFrom);
    if (!caseId || !divisionCode || !on) return null;
    const benefit: ProcedureBenefit = event.type.startsWith('dibao.') ? 'dibao' : 'linshi';
    const type = str(data.type);
    return {
      caseId,
      streamId: event.streamId,
      benefit,
      divisionCode,
      linshiType: benefit === 'linshi' && (type === 'jinan' || type === 'zhichu') ? type : null,
      applied: { on, revision },
      accepted: null,
      notices: [],
      decision: 'none',
      decided: null,
      advanceAid: false,
      advance: null,
      paperwork: null,
      revision,
    };
  }
  if (!doc || revision <= doc.revision) return doc;
  const on = str(data.effectiveFrom);
  const next: ProcedureCaseDoc = { ...doc, revision };
  switch (event.type) {
    case 'dibao.ApplicationAccepted.v1':
      if (on) next.accepted = { on, revision, processDueOn: str(data.processDueOn) };
      break;
    case 'dibao.PublicNoticePosted.v1': {
      const startedOn = str(data.startedOn) ?? on;
      const endsOn = str(data.endsOn);
      if (startedOn && endsOn) {
        next.notices = [...doc.notices, { noticeNo: typeof data.noticeNo === 'number' ? data.noticeNo : doc.notices.length + 1, startedOn, endsOn, decisionDueOn: str(data.decisionDueOn), revision }];
      }
      break;
    }
    case 'dibao.CaseApproved.v1':
    case 'linshi.CaseApproved.v1':
    case 'dibao.CaseRejected.v1':
    case 'linshi.CaseRejected.v1':
      if (doc.decision === 'none' && on) {
        next.decision = event.type.endsWith('Approved.v1') ? 'approved' : 'rejected';
        next.decided = { on, revision, advanceAid: data.advanceAid === true };
      }
      break;
    case 'linshi.AdvanceAidGranted.v1':
      if (on && !doc.advance) {
        next.advanceAid = true;
        next.advance = { on, revision, paperworkDueOn: str(data.paperworkDueOn), amountFen: typeof data.amountFen === 'number' ? data.amountFen : 0 };
      }
      break;
    case 'linshi.AdvanceAidPaperworkCompleted.v1':
      if (on && !doc.paperwork) next.paperwork = { on, revision, late: typeof data.late === 'boolean' ? data.late : null };
      break;
  }
  return next;
}

export function procedureProjection(): Projection {
  return {
    name: PROCEDURE_PROJECTION,
    collections: [PROCEDURE_CASES],
    handles: (event) => TYPES.has(event.type) && event.streamId.startsWith('case-'),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const caseId = event.streamId.slice('case-'.length);
      const cases = session.collection<ProcedureCaseDoc>(PROCEDURE_CASES);
      const before = await cases.get(caseId);
      const after = procedureDocAfter(before, event);
      if (after && after !== before && after.caseId === caseId) await cases.upsert(caseId, after);
    },
  };
}

/**
 * The filter of a scan's scope on a declared `divisionCode` field: the division and everything under
 * it (GB/T 2260: a province covers its first two digits, a city its first four, a county itself).
 */
export function divisionScope(divisionCode: string): FieldCondition {
  return { startsWith: divisionPrefix(divisionCode) };
}

/** Every document matching, page by page (bounded memory: one page at a time). */
export async function* eachDocument<T extends Document>(
  collection: DocumentCollection<T>,
  options: { filter?: Filter; sort?: readonly SortKey[]; pageSize?: number } = {},
): AsyncGenerator<T> {
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter: options.filter, sort: options.sort, limit: options.pageSize ?? 500, cursor });
    for (const item of page.items) yield item;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
