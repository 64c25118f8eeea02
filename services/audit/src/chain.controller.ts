import { Controller, Get, Inject, Param } from '@nestjs/common';
import { Errors, verifyChain, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, parseOrThrow } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { AUDIT_SOURCE } from './audit-source';
import type { AuditSource } from './replica/replica-store';
import { StreamIdSchema, type ChainReport } from './chain.schemas';
import { caseStreamOf } from './read-models/case-streams.projection';
import { assertAuditRole } from './access';
import { assertAdminOnly, assertCaseInScope, caseDocOf } from './history/case-scope';

/**
 * Tamper evidence: recomputes a stream's hash chain from its stored events. Scoped (ADR 0012 §1):
 * a stream of a case (`case-`, `facts-`, `determination-`, `entitlement-`, `payment-<caseId>…`) like
 * the case — auditor or admin of the case's division or above; any other stream `admin` only
 * (auditors verify those through `verify --all` for their division's scope).
 */
@Controller('audit/streams')
export class ChainController {
  constructor(
    @Inject(AUDIT_SOURCE) private readonly source: AuditSource,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Get(':streamId/verify')
  async verify(@CurrentActor() actor: Actor, @Param('streamId') rawStreamId: string): Promise<ChainReport> {
    const streamId = parseOrThrow(StreamIdSchema, rawStreamId);
    // Not named like a case's stream: refused before anything is read (its existence included).
    if (caseStreamOf({ streamId, data: null }) === null) assertAdminOnly(actor, 'verify', { streamId });
    const events = await this.source.readStream(streamId);
    if (events.length === 0) {
      assertAuditRole(actor, 'verify');
      throw Errors.NOT_FOUND({ streamId });
    }
    const owner = caseStreamOf(events[0]);
    if (owner) {
      // A determination stream named after its determination names its case in its first event.
      const caseDoc = await caseDocOf(this.readModels, owner.caseId);
      if (caseDoc) assertCaseInScope(actor, 'verify', caseDoc);
      else assertAdminOnly(actor, 'verify', { streamId, caseId: owner.caseId });
    }
    const verdict = verifyChain(events);
    return verdict.ok
      ? { streamId, intact: true, length: verdict.length, head: verdict.head }
      : { streamId, intact: false, length: events.length, brokenAt: verdict.brokenAt, reason: verdict.reason };
  }
}
