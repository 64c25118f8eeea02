import { Controller, Get, Inject, Param } from '@nestjs/common';
import { Errors, verifyChain } from '@benefits/kernel';
import { SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import { StreamIdSchema, type ChainReport } from './chain.schemas';

/** Tamper evidence: recomputes a stream's hash chain from its stored events. */
@Controller('audit/streams')
export class ChainController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get(':streamId/verify')
  async verify(@Param('streamId') rawStreamId: string): Promise<ChainReport> {
    const streamId = parseOrThrow(StreamIdSchema, rawStreamId);
    const events = await this.runtime.store.readStream(streamId);
    if (events.length === 0) throw Errors.NOT_FOUND({ streamId });
    const verdict = verifyChain(events);
    return verdict.ok
      ? { streamId, intact: true, length: verdict.length, head: verdict.head }
      : { streamId, intact: false, length: events.length, brokenAt: verdict.brokenAt, reason: verdict.reason };
  }
}
