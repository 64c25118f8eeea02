import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Errors, newId, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { appendOrStale, correlationIdOf, parseOrThrow, READ_MODELS, SERVICE_RUNTIME, setETag, VaultConnection, z, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { isWithinDivision } from '@benefits/standards';
import { assertAuditRole } from '../../access';
import { divisionPrefix } from '../../access';
import {
  decideDeclare,
  decideWithdraw,
  foldRelatives,
  OFFICER_ID,
  OFFICER_RELATIVES,
  OFFICER_RELATIVES_PROJECTION,
  RelativeEvents,
  RELATIONS,
  relativesStreamId,
  relativesView,
  type OfficerRelativesDoc,
} from './relatives';

export const DeclareRelativeSchema = z
  .object({
    residentId: z.string().trim().min(15).max(18).openapi({ description: "the relative's 身份证号: only its keyed fingerprint is recorded, never the number" }),
    relation: z.enum(RELATIONS),
    note: z.string().trim().max(500).default(''),
    officerId: z.string().regex(OFFICER_ID).optional().openapi({ description: 'admin only: the officer the declaration is for (default: the caller)' }),
  })
  .strict();
export const WithdrawRelativeSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export const ListRelativesQuerySchema = z
  .object({ divisionCode: z.string().regex(/^\d{6}$/).optional(), cursor: z.string().max(4000).optional(), limit: z.coerce.number().int().min(1).max(500).optional() })
  .strict();

/** 近亲属备案: officers declare their relatives; auditors read the register. */
@Controller('audit/officer-relatives')
export class RelativesController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly vault: VaultConnection,
  ) {}

  @Post()
  @HttpCode(201)
  async declare(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const input = parseOrThrow(DeclareRelativeSchema, body ?? {});
    assertAuditRole(actor, 'declareRelatives');
    const officerId = this.officerOf(actor, input.officerId);
    const fingerprint = (await this.vault.vault()).residentIdFingerprint(input.residentId);
    const streamId = relativesStreamId(officerId);
    const events = await this.runtime.store.readStream(streamId);
    const state = foldRelatives(events);
    decideDeclare(state, fingerprint);
    const relativeId = newId();
    const result = await appendOrStale(() =>
      this.runtime.store.appendToStream(
        streamId,
        [
          {
            type: RelativeEvents.declared,
            data: { officerId, officerDivisionCode: input.officerId && input.officerId !== actor.id ? (state?.divisionCode ?? actor.divisionCode) : actor.divisionCode, relativeId, fingerprint, relation: input.relation, note: input.note },
            metadata: { correlationId: correlationIdOf(request), causationId: null, actor, schemaVersion: 1 },
          },
        ],
        { expectedRevision: events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision },
      ),
    );
    setETag(response, result.nextExpectedRevision);
    return relativesView(foldRelatives(await this.runtime.store.readStream(streamId))!);
  }

  @Post(':officerId/:relativeId/withdraw')
  @HttpCode(200)
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param('officerId') rawOfficerId: string,
    @Param('relativeId') rawRelativeId: string,
    @Body() body: unknown,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ) {
    const officerId = parseOrThrow(z.string().regex(OFFICER_ID), rawOfficerId);
    const relativeId = parseOrThrow(z.string().uuid(), rawRelativeId);
    const input = parseOrThrow(WithdrawRelativeSchema, body ?? {});
    assertAuditRole(actor, 'declareRelatives');
    this.officerOf(actor, officerId);
    const streamId = relativesStreamId(officerId);
    const events = await this.runtime.store.readStream(streamId);
    decideWithdraw(foldRelatives(events), officerId, relativeId);
    const result = await appendOrStale(() =>
      this.runtime.store.appendToStream(
        streamId,
        [{ type: RelativeEvents.withdrawn, data: { officerId, relativeId, reason: input.reason }, metadata: { correlationId: correlationIdOf(request), causationId: null, actor, schemaVersion: 1 } }],
        { expectedRevision: events[events.length - 1].streamRevision },
      ),
    );
    setETag(response, result.nextExpectedRevision);
    return relativesView(foldRelatives(await this.runtime.store.readStream(streamId))!);
  }

  /** The register for auditors: officers of their division and below, with their declared relatives (no fingerprints). */
  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const input = parseOrThrow(ListRelativesQuerySchema, query ?? {});
    assertAuditRole(actor, 'readRelatives');
    let prefix = divisionPrefix(actor.divisionCode);
    if (input.divisionCode) {
      if (isWithinDivision(input.divisionCode, actor.divisionCode)) prefix = divisionPrefix(input.divisionCode);
      else if (!isWithinDivision(actor.divisionCode, input.divisionCode)) return { items: [], nextCursor: null };
    }
    const view = await this.readModels.fresh(OFFICER_RELATIVES_PROJECTION);
    const page = await view.collection<OfficerRelativesDoc>(OFFICER_RELATIVES).find({ filter: { divisionCode: { startsWith: prefix } }, limit: input.limit ?? 100, cursor: input.cursor ?? null });
    return { items: page.items.map((doc) => relativesView(doc)), nextCursor: page.nextCursor };
  }

  /** Officers declare their own relatives; an administrator may declare for an officer. */
  private officerOf(actor: Actor, requested: string | undefined): string {
    const officerId = requested ?? actor.id;
    if (officerId !== actor.id && actor.role !== 'admin') throw Errors.FORBIDDEN({ reason: 'officers declare their own relatives; admin may declare for others' });
    if (!OFFICER_ID.test(officerId)) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'officerId', code: 'invalid', message: 'not an officer id' }] });
    return officerId;
  }
}
