import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { parseOrThrow } from '@benefits/http';
import { assertAuditRole } from '../access';
import { anchorFiles, anchorSettings, keyIdOf, readAnchorHeader, verifyingKey } from './anchors';
import { StartAnchorSchema, StartVerificationSchema, VerificationIdSchema } from './integrity.schemas';
import { Verifications, type VerificationJob } from './verification';

export const VERIFICATIONS = Symbol('VERIFICATIONS');

/**
 * Tamper evidence at scale (ADR 0012 §4): whole-log verifications as recorded jobs, and the signed
 * daily anchors of every stream's head. Role `verify` (auditor, admin) starts and reads
 * verifications; role `anchor` writes anchors. Division scope: see `maySee` in verification.ts.
 */
@Controller('audit')
export class IntegrityController {
  constructor(@Inject(VERIFICATIONS) private readonly verifications: Verifications) {}

  @Post('verifications')
  async start(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown): Promise<VerificationJob> {
    assertAuditRole(actor, 'verify');
    const input = parseOrThrow(StartVerificationSchema, body ?? {});
    if (input.anchor) assertAuditRole(actor, 'anchor');
    return this.answer(response, await this.verifications.start(actor, input));
  }

  @Get('verifications/:verificationId')
  async read(@CurrentActor() actor: Actor, @Param('verificationId') raw: string): Promise<VerificationJob> {
    assertAuditRole(actor, 'verify');
    return this.verifications.read(parseOrThrow(VerificationIdSchema, raw), actor);
  }

  /** An anchor is written by a verification pass (one pass checks the log and collects the heads). */
  @Post('anchors')
  async anchor(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown): Promise<VerificationJob> {
    assertAuditRole(actor, 'anchor');
    const input = parseOrThrow(StartAnchorSchema, body ?? {});
    return this.answer(response, await this.verifications.start(actor, { ...input, anchor: true, checkAnchors: 'latest' }));
  }

  @Get('anchors')
  list(@CurrentActor() actor: Actor) {
    assertAuditRole(actor, 'verify');
    const settings = anchorSettings();
    const key = verifyingKey(settings);
    return {
      dir: settings.dir,
      keyId: key ? keyIdOf(key) : null,
      anchors: anchorFiles(settings.dir).map((file) => {
        const h = readAnchorHeader(settings, file);
        return {
          file,
          date: h?.date ?? null,
          createdAt: h?.createdAt ?? null,
          logHead: h?.logHead ?? null,
          streams: h?.streams ?? null,
          events: h?.events ?? null,
          brokenStreams: h?.brokenStreams ?? null,
          keyId: h?.keyId ?? null,
          signed: existsSync(join(settings.dir, `${file}.sig`)),
        };
      }),
    };
  }

  /**
   * 202 when this request started the pass (even if a small log was already checked when the answer
   * is made) or it is still running; 200 when the id names a verification that had completed before.
   */
  private answer(response: ServerResponse, started: { job: VerificationJob; created: boolean }): VerificationJob {
    response.statusCode = started.created || started.job.status === 'running' ? 202 : 200;
    response.setHeader('Location', `/audit/verifications/${started.job.verificationId}`);
    return started.job;
  }
}
