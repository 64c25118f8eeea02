import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Errors, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import { AuditErrors } from '../audit.errors';
import { CaseHistoryReader, type CaseHistory } from './case-history.reader';
import { CaseIdSchema, HistoryQuerySchema } from './history.schemas';

/** Roles that may replay case histories: audit (审计) and administration. */
const READERS = ['auditor', 'admin'];

/** 案件回放: a case's timeline and the trace of each of its payments back to the standard clause. */
@Controller('audit/cases')
export class HistoryController {
  private readonly reader: CaseHistoryReader;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime) {
    this.reader = new CaseHistoryReader(runtime.store);
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
