import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Errors, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, parseOrThrow } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { AUDIT_SOURCE } from '../audit-source';
import type { AuditSource } from '../replica/replica-store';
import { AuditErrors } from '../audit.errors';
import { CaseHistoryReader, type CaseHistory } from './case-history.reader';
import { CaseIdSchema, HistoryQuerySchema } from './history.schemas';

/** Roles that may replay case histories: audit (审计) and administration. */
const READERS = ['auditor', 'admin'];

/** 案件回放: a case's timeline and the trace of each of its payments back to the standard clause. */
@Controller('audit/cases')
export class HistoryController {
  private readonly reader: CaseHistoryReader;

  constructor(@Inject(AUDIT_SOURCE) source: AuditSource, @Inject(READ_MODELS) readModels: ReadModels) {
    this.reader = new CaseHistoryReader(source, readModels);
  }

  @Get(':caseId/history')
  async history(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Query() query: Record<string, unknown>): Promise<CaseHistory> {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    const { asKnownAt } = parseOrThrow(HistoryQuerySchema, query);
    if (!READERS.includes(actor.role)) throw Errors.FORBIDDEN({ reason: 'role', required: READERS, role: actor.role });
    const history = await this.reader.read(caseId, asKnownAt ?? null);
    if (!history) throw AuditErrors.CASE_NOT_FOUND({ caseId, asKnownAt: asKnownAt ?? null });
    return history;
  }
}
