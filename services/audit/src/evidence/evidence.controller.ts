import { Controller, Get, Inject, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalDate, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { correlationIdOf, parseOrThrow, VaultConnection } from '@benefits/http';
import { assertAuditRole } from '../access';
import { CaseIdSchema } from '../history/history.schemas';
import { AccessLogQuerySchema, FindingIdParamSchema } from './evidence.schemas';
import type { BuiltPackage, EvidencePackager } from './evidence-packager';
import { sha256Of } from './evidence-package';

export const EVIDENCE_PACKAGER = Symbol('EVIDENCE_PACKAGER');

function sendPackage(response: ServerResponse, built: BuiltPackage): StreamableFile {
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${built.fileName}"`);
  response.setHeader('X-Content-SHA256', sha256Of(built.bytes));
  response.setHeader('X-Manifest-SHA256', built.pkg.manifestSha256);
  return new StreamableFile(built.bytes);
}

/** 证据包: a case's or a finding's events with their chain hashes, the people concerned, and a manifest of digests. */
@Controller('audit')
export class EvidenceController {
  constructor(@Inject(EVIDENCE_PACKAGER) private readonly packager: EvidencePackager) {}

  @Get('cases/:caseId/evidence-package')
  async casePackage(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    return sendPackage(response, await this.packager.forCase(actor, caseId, correlationIdOf(request)));
  }

  @Get('anomalies/:findingId/evidence-package')
  async findingPackage(@CurrentActor() actor: Actor, @Param('findingId') rawFindingId: string, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const findingId = parseOrThrow(FindingIdParamSchema, rawFindingId);
    return sendPackage(response, await this.packager.forFinding(actor, findingId, correlationIdOf(request)));
  }
}

/** Start of an Asia/Shanghai business date, or the instant given. */
const startOf = (value: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value);
/** End (exclusive) of an Asia/Shanghai business date — the next day's start — or the instant given. */
const endOf = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? startOf(LocalDate.parse(value).plusDays(1).toString()) : new Date(value));

/**
 * 个人信息访问记录: who read whose personal data from the vault, when and why. Lists are filtered to
 * readers of the caller's division and those under it, never refused. Reading the list reads only
 * the log's metadata (no personal data), and is not itself logged.
 */
@Controller('audit/personal-data-access')
export class PersonalDataAccessController {
  constructor(@Inject(VaultConnection) private readonly vault: VaultConnection) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    assertAuditRole(actor, 'readAccessLog');
    const q = parseOrThrow(AccessLogQuerySchema, query ?? {});
    const vault = await this.vault.vault();
    const page = await vault.listAccessLog({
      personRef: q.personRef,
      actorId: q.actorId,
      actorDivisionWithin: actor.divisionCode,
      from: q.from === undefined ? undefined : startOf(q.from),
      to: q.to === undefined ? undefined : endOf(q.to),
      limit: q.limit,
      cursor: q.cursor ?? null,
    });
    return { ...page, scope: { actorDivisionWithin: actor.divisionCode } };
  }
}
