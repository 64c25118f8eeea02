import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newCaseId, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { SERVICE_RUNTIME, correlationIdOf, parseIfMatch, parseOrThrow, setETag, type ServiceRuntime } from '@benefits/http';
import { VaultConnection } from '../personal-data/vault-connection';
import { caseView } from './case-view';
import { requireDivision, tefuCaseDecider, type HouseholdMember, type TefuCommand, type TefuCommandMetadata } from './decider';
import { checkMembers, sealMembers, type CheckedMember } from './household-intake';
import { TefuCases, type CommandOutcome } from './tefu-cases';
import {
  ApproveCaseSchema,
  CaseIdSchema,
  CreateTefuCaseSchema,
  RecordDeterminationSchema,
  RejectCaseSchema,
  SubmitApplicationSchema,
} from './tefu.schemas';

/** Where "now" comes from for commands; replaced in tests. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;

function result(outcome: CommandOutcome, response: ServerResponse) {
  setETag(response, outcome.revision);
  return { caseId: outcome.caseId, revision: outcome.revision, status: outcome.state.status };
}

/**
 * 计生特扶 cases over HTTP. Thin: parse, build one command with the verified actor and the clock,
 * hand it to the command handler, map the outcome (ETag = stream revision).
 */
@Controller('cases')
export class TefuCasesController {
  private readonly cases: TefuCases;

  constructor(
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
    @Inject(VaultConnection) private readonly vault: VaultConnection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cases = new TefuCases(runtime.store);
  }

  private metadata(actor: Actor): TefuCommandMetadata {
    return { now: this.clock(), actor };
  }

  @Post('tefu')
  @HttpCode(201)
  async create(
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
    @Body() body: unknown,
  ) {
    const input = parseOrThrow(CreateTefuCaseSchema, body ?? {});
    const members = checkMembers(input.members);
    const metadata = this.metadata(actor);
    const caseId = newCaseId();
    // Ask the decider first with stand-in members, so that a refused case (role, division, dates)
    // registers nobody in the vault: bad input writes nothing anywhere.
    tefuCaseDecider.decide(
      { type: 'CreateCase', data: { caseId, divisionCode: input.divisionCode, members: provisional(members), family: input.family }, metadata },
      tefuCaseDecider.initialState(),
    );
    const sealed = await sealMembers(await this.vault.vault(), members);
    const outcome = await this.cases.create(
      { type: 'CreateCase', data: { caseId, divisionCode: input.divisionCode, members: sealed, family: input.family }, metadata },
      { correlationId: correlationIdOf(request) },
    );
    return result(outcome, response);
  }

  @Get(':caseId')
  async get(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Res({ passthrough: true }) response: ServerResponse) {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    const loaded = await this.cases.load(caseId);
    requireDivision(actor, loaded.state.divisionCode);
    setETag(response, loaded.revision);
    return caseView(loaded, await this.vault.vault());
  }

  @Post(':caseId/submit')
  @HttpCode(200)
  submit(@CurrentActor() actor: Actor, @Param('caseId') caseId: string, @Body() body: unknown, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse) {
    return this.update(req, res, () => {
      parseOrThrow(SubmitApplicationSchema, body ?? {});
      return { type: 'SubmitApplication', data: { caseId: parseOrThrow(CaseIdSchema, caseId) }, metadata: this.metadata(actor) };
    });
  }

  /** Internal and temporary: records eligibility's determination until it arrives over Kafka. */
  @Post(':caseId/determinations')
  @HttpCode(200)
  recordDetermination(@CurrentActor() actor: Actor, @Param('caseId') caseId: string, @Body() body: unknown, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse) {
    return this.update(req, res, () => ({
      type: 'RecordDetermination',
      data: { caseId: parseOrThrow(CaseIdSchema, caseId), ...parseOrThrow(RecordDeterminationSchema, body ?? {}) },
      metadata: this.metadata(actor),
    }));
  }

  @Post(':caseId/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('caseId') caseId: string, @Body() body: unknown, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse) {
    return this.update(req, res, () => ({
      type: 'ApproveCase',
      data: { caseId: parseOrThrow(CaseIdSchema, caseId), ...parseOrThrow(ApproveCaseSchema, body ?? {}) },
      metadata: this.metadata(actor),
    }));
  }

  @Post(':caseId/reject')
  @HttpCode(200)
  reject(@CurrentActor() actor: Actor, @Param('caseId') caseId: string, @Body() body: unknown, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse) {
    return this.update(req, res, () => ({
      type: 'RejectCase',
      data: { caseId: parseOrThrow(CaseIdSchema, caseId), ...parseOrThrow(RejectCaseSchema, body ?? {}) },
      metadata: this.metadata(actor),
    }));
  }

  /** Input first (400), then the precondition (428), then the case (404, 412), then the decider. */
  private async update(req: IncomingMessage, res: ServerResponse, command: () => Exclude<TefuCommand, { type: 'CreateCase' }>) {
    const parsed = command();
    const expectedRevision = parseIfMatch(req.headers['if-match']);
    const outcome = await this.cases.update(parsed, expectedRevision, { correlationId: correlationIdOf(req) });
    return result(outcome, res);
  }
}

/** Members with distinct placeholder refs and no personal data, for the decider's pre-check. */
function provisional(members: readonly CheckedMember[]): HouseholdMember[] {
  return members.map((member, i) => ({
    personRef: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    role: member.role,
    birthDate: member.birthDate,
    personalData: { personRef: '', keyVersion: 0, alg: 'A256GCM', iv: '', tag: '', ct: '' } as HouseholdMember['personalData'],
  }));
}
