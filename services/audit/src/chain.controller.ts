import { Controller, Get, Inject, Param } from '@nestjs/common';
import { Errors, verifyChain } from '@benefits/kernel';
import { parseOrThrow } from '@benefits/http';
import { AUDIT_SOURCE } from './audit-source';
import type { AuditSource } from './replica/replica-store';
import { StreamIdSchema, type ChainReport } from './chain.schemas';

/** Tamper evidence: recomputes a stream's hash chain from its stored events. */
@Controller('audit/streams')
export class ChainController {
  constructor(@Inject(AUDIT_SOURCE) private readonly source: AuditSource) {}

  @Get(':streamId/verify')
  async verify(@Param('streamId') rawStreamId: string): Promise<ChainReport> {
    const streamId = parseOrThrow(StreamIdSchema, rawStreamId);
    const events = await this.source.readStream(streamId);
    if (events.length === 0) throw Errors.NOT_FOUND({ streamId });
    const verdict = verifyChain(events);
    return verdict.ok
      ? { streamId, intact: true, length: verdict.length, head: verdict.head }
      : { streamId, intact: false, length: events.length, brokenAt: verdict.brokenAt, reason: verdict.reason };
  }
}
