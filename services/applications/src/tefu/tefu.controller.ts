import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalDate, newCaseId, newId, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseIfMatch, parseOrThrow, setETag, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { VaultConnection } from '../personal-data/vault-connection';
import { knownPersonRefs } from '../shared/person-intake';
import type { Fact } from '../households/facts';
import { tickAnnualReviews } from './annual-review-tick';
import { caseView } from './case-view';
import {
  DEFAULT_TEFU_POLICY,
  requireDivision,
  tefuCaseDecider,
  type HouseholdMember,
  type RecordFact,
  type TefuCommand,
  type TefuCommandMetadata,
  type TefuPolicy,
} from './decider';
import { caseHandlingAccess, caseResult as result, commandContextOf, type Clock } from '../shared/case-http';
import { checkMembers, sealMembers, type CheckedMember } from './household-intake';
import { TefuCases } from './tefu-cases';
import { AnnualReviewTickSchema, CaseIdSchema, CreateTefuCaseSchema, RecordFactSchema } from './tefu.schemas';
import { TEFU_STEP_ROUTES } from './tefu.routes';
import { CaseStepsController } from '../shared/workflow/step-controller';

/** Where "now" comes from for commands; replaced in tests. */
export const CLOCK = Symbol('CLOCK');
export type { Clock };
/** The workflow settings (年审 interval, 资格确认 before approval); DEFAULT_TEFU_POLICY unless configured. */
export const TEFU_POLICY = Symbol('TEFU_POLICY');

type Update = Exclude<TefuCommand, { type: 'CreateCase' }>;


/**
 * 计生特扶 cases over HTTP. Thin: parse, build one command with the verified actor and the clock,
 * hand it to the command handler, map the outcome (ETag = stream revision).
 */
@Controller('cases')
export class TefuCasesController extends CaseStepsController<Update> {
  protected readonly cases: TefuCases;
  protected readonly stepRoutes = TEFU_STEP_ROUTES;

  constructor(
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
    @Inject(VaultConnection) private readonly vault: VaultConnection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(TEFU_POLICY) private readonly policy: TefuPolicy = DEFAULT_TEFU_POLICY,
  ) {
    super();
    this.cases = new TefuCases(runtime.store);
    this.store = runtime.store;
  }

  private readonly store: ServiceRuntime['store'];

  protected stepMetadata(actor: Actor): TefuCommandMetadata {
    return { now: this.clock(), actor, policy: this.policy };
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
    const metadata = this.stepMetadata(actor);
    const caseId = newCaseId();
    // Ask the decider first with stand-in members, so that a refused case (role, division, dates)
    // registers nobody in the vault: bad input writes nothing anywhere.
    tefuCaseDecider.decide(
      { type: 'CreateCase', data: { caseId, divisionCode: input.divisionCode, members: provisional(members), family: input.family, ...(input.duplicateOverride ? { duplicateOverride: input.duplicateOverride } : {}) }, metadata },
      tefuCaseDecider.initialState(),
    );
    const vault = await this.vault.vault();
    // 重复享受 for the persons the vault already knows, before it registers anyone: a refused case registers nobody.
    const known = await knownPersonRefs(vault, members);
    const { open } = await this.cases.persons.lookUp(known.filter((ref): ref is string => ref !== null), caseId);
    const asKnown = provisional(members).map((m, i) => ({ ...m, personRef: known[i] ?? m.personRef }));
    tefuCaseDecider.decide(
      { type: 'CreateCase', data: { caseId, divisionCode: input.divisionCode, members: asKnown, family: input.family, openCasesOfMembers: open, ...(input.duplicateOverride ? { duplicateOverride: input.duplicateOverride } : {}) }, metadata },
      tefuCaseDecider.initialState(),
    );
    const sealed = await sealMembers(vault, members);
    const override = input.duplicateOverride ? { duplicateOverride: input.duplicateOverride } : {};
    const outcome = await this.cases.create(
      { type: 'CreateCase', data: { caseId, divisionCode: input.divisionCode, members: sealed, family: input.family, ...override }, metadata },
      commandContextOf(request),
    );
    return result(outcome, response);
  }

  @Get(':caseId')
  async get(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    const loaded = await this.cases.load(caseId);
    requireDivision(actor, loaded.state.divisionCode);
    setETag(response, loaded.revision);
    return caseView(loaded, await this.vault.vault(), caseHandlingAccess(actor, request), this.clock());
  }

  /** The 年审 tick (cron or an administrator): records every passed due date once. */
  @Post('tefu/annual-reviews/tick')
  @HttpCode(200)
  async tick(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: IncomingMessage) {
    const input = parseOrThrow(AnnualReviewTickSchema, body ?? {});
    const now = this.clock();
    const today = input.today ?? LocalDate.ofInstant(now).toString();
    return tickAnnualReviews({ store: this.store, readModels: this.readModels }, { actor, now, today, policy: this.policy }, commandContextOf(req));
  }

  /**
   * An effective-dated household or person fact, or a correction (`supersedes`). A 一卡通 account
   * number is sealed in the vault under the member's key after the decider accepted the step, so a
   * refused one reaches neither the vault nor the store.
   */
  @Post(':caseId/facts')
  @HttpCode(200)
  async recordFact(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Body() body: unknown, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse) {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    const input = parseOrThrow(RecordFactSchema, body ?? {});
    const expectedRevision = parseIfMatch(req.headers['if-match']);
    const metadata = this.stepMetadata(actor);
    const command = (fact: Fact): RecordFact => ({
      type: 'RecordFact',
      data: { caseId, factId: newId(), subject: input.subject, fact, effectiveFrom: input.effectiveFrom, supersedes: input.supersedes ?? null, evidence: input.evidence },
      metadata,
    });
    let fact: Fact;
    if (input.fact.kind === 'subsidyCard') {
      const { accountNumber, ...rest } = input.fact;
      const placeholder = { personRef: input.subject, keyVersion: 0, alg: 'A256GCM', iv: '', tag: '', ct: '' } as HouseholdMember['personalData'];
      const { state } = await this.cases.loadAtRevision(caseId, expectedRevision, actor);
      tefuCaseDecider.decide(command({ ...rest, account: placeholder }), state);
      fact = { ...rest, account: await (await this.vault.vault()).seal(input.subject, { accountNumber }) };
    } else {
      fact = input.fact;
    }
    const outcome = await this.cases.update(command(fact), expectedRevision, commandContextOf(req));
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
