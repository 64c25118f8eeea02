import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, parseOrThrow } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { AUDIT_SOURCE } from '../audit-source';
import type { AuditSource } from '../replica/replica-store';
import { AuditErrors } from '../audit.errors';
import { assertAuditRole } from '../access';
import { CaseHistoryReader, type CaseHistory } from './case-history.reader';
import { assertCaseInScope } from './case-scope';
import { CaseIdSchema, HistoryQuerySchema } from './history.schemas';
import { parseKnownAt } from './known-at';

/**
 * 案件回放: a case's timeline with the state after each event, its determinations and the trace of
 * each of its payments back to the standard clause — as known at a log position or instant, as
 * effective on a date. Auditors and administrators of the case's division or above (ADR 0012 §1).
 */
@Controller('audit/cases')
export class HistoryController {
  private readonly reader: CaseHistoryReader;

  constructor(@Inject(AUDIT_SOURCE) source: AuditSource, @Inject(READ_MODELS) readModels: ReadModels) {
    this.reader = new CaseHistoryReader(source, readModels);
  }

  @Get(':caseId/history')
  async history(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Query() query: Record<string, unknown>): Promise<CaseHistory> {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    const { asKnownAt, asEffectiveOn } = parseOrThrow(HistoryQuerySchema, query);
    parseKnownAt(asKnownAt); // a malformed instant is a 400 before anything is read
    assertAuditRole(actor, 'replay');
    const history = await this.reader.read(caseId, {
      asKnownAt: asKnownAt ?? null,
      asEffectiveOn: asEffectiveOn ?? null,
      authorize: (caseDoc) => assertCaseInScope(actor, 'replay', caseDoc),
    });
    if (!history) throw AuditErrors.CASE_NOT_FOUND({ caseId, asKnownAt: asKnownAt ?? null });
    return history;
  }
}
