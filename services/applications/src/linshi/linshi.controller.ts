import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newCaseId, type Actor } from '@benefits/kernel';
import { CurrentActor, type PersonalDataAccess } from '@benefits/identity';
import { SERVICE_RUNTIME, parseOrThrow, setETag, type ServiceRuntime } from '@benefits/http';
import { VaultConnection } from '../personal-data/vault-connection';
import { CLOCK, type Clock } from '../tefu/tefu.controller';
import { requireDivision, type CaseCommandMetadata } from '../shared/case-rules';
import { caseHandlingAccess, caseMetadata, caseResult as result, commandContextOf } from '../shared/case-http';
import { CaseIdSchema } from '../dibao/dibao.schemas';
import { checkPersons, knownPersonRefs, PLACEHOLDER_SEALED, placeholderRef, sealPersons } from '../shared/person-intake';
import { openMembers, timelineOf } from '../shared/case-view-helpers';
import { createLinshiDecider, currentDetermination, type CreateCase, type LinshiCommand, type LinshiMember } from './decider';
import { LinshiCases, type LoadedLinshiCase } from './linshi-cases';
import { linshiDueItems } from './linshi-workflow';
import { CreateLinshiCaseSchema } from './linshi.schemas';
import { LINSHI_STEP_ROUTES } from './linshi.routes';
import { CaseStepsController } from '../shared/workflow/step-controller';
import type { LinshiPolicy } from './policy';

/** The 临时救助 policy (先行救助 roles, paperwork deadline, 一事一救 period) the service runs with. */
export const LINSHI_POLICY = Symbol('LINSHI_POLICY');

type Update = Exclude<LinshiCommand, { type: 'CreateCase' }>;


/** 临时救助 cases over HTTP (`/cases/linshi/...`): parse, one command, the command handler, ETag. */
@Controller('cases/linshi')
export class LinshiCasesController extends CaseStepsController<Update> {
  protected readonly cases: LinshiCases;
  protected readonly stepRoutes = LINSHI_STEP_ROUTES;
  private readonly decider;

  constructor(
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
    @Inject(VaultConnection) private readonly vault: VaultConnection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LINSHI_POLICY) private readonly policy: LinshiPolicy,
  ) {
    super();
    this.cases = new LinshiCases(runtime.store, policy);
    this.decider = createLinshiDecider(policy);
  }

  protected stepMetadata(actor: Actor): CaseCommandMetadata {
    return caseMetadata(this.clock, actor);
  }

  @Post()
  @HttpCode(201)
  async create(@CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown) {
    const { members: memberInput, sameCauseOverrideReason, duplicateOverride, ...input } = parseOrThrow(CreateLinshiCaseSchema, body ?? {});
    const members = checkPersons(memberInput);
    const metadata = this.stepMetadata(actor);
    const caseId = newCaseId();
    const data = (refs: { personRef: string; personalData: LinshiMember['personalData'] }[]): Omit<CreateCase['data'], 'earlierSameCause'> => ({
      caseId,
      ...input,
      members: members.map((m, i) => ({ personRef: refs[i].personRef, relation: m.relation, birthDate: m.birthDate, personalData: refs[i].personalData })),
      ...(sameCauseOverrideReason ? { sameCauseOverrideReason } : {}),
      ...(duplicateOverride ? { duplicateOverride } : {}),
    });
    // Decide first with stand-in persons: a refused application registers nobody and appends nothing.
    const placeholders = members.map((_, i) => ({ personRef: placeholderRef(i), personalData: PLACEHOLDER_SEALED(placeholderRef(i)) }));
    const [submitted] = this.decider.decide({ type: 'CreateCase', data: { ...data(placeholders), earlierSameCause: [] }, metadata }, { status: 'none' });
    // 一事一救 for the persons the vault already knows, before it registers anyone (a new person has no earlier application).
    const vault = await this.vault.vault();
    const knownOrNew = await knownPersonRefs(vault, members);
    const known = knownOrNew.filter((ref): ref is string => ref !== null);
    const appliedOn = (submitted.data as { effectiveFrom: string }).effectiveFrom;
    const { earlier } = await this.cases.causes.lookUp(known, input.cause, appliedOn, this.policy.sameCausePeriodMonths, caseId);
    this.decider.decide({ type: 'CreateCase', data: { ...data(placeholders), earlierSameCause: earlier }, metadata }, { status: 'none' });
    // 重复享受 likewise: another undecided case of a known person is refused before anyone is registered.
    const { open } = await this.cases.persons.lookUp(known, caseId);
    const asKnown = placeholders.map((p, i) => ({ ...p, personRef: knownOrNew[i] ?? p.personRef }));
    this.decider.decide({ type: 'CreateCase', data: { ...data(asKnown), earlierSameCause: earlier, openCasesOfMembers: open }, metadata }, { status: 'none' });
    const sealed = await sealPersons(vault, members);
    const outcome = await this.cases.create({ type: 'CreateCase', data: data(sealed), metadata }, commandContextOf(request));
    return result(outcome, response);
  }

  @Get(':caseId')
  async get(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const caseId = parseOrThrow(CaseIdSchema, rawCaseId);
    const loaded = await this.cases.load(caseId);
    requireDivision(actor, loaded.state.divisionCode);
    setETag(response, loaded.revision);
    return this.view(loaded, caseHandlingAccess(actor, request));
  }

  private async view({ state, envelopes, revision }: LoadedLinshiCase, access: PersonalDataAccess) {
    const members = await openMembers(await this.vault.vault(), state.application.members, access, this.clock());
    const { members: _m, ...application } = state.application;
    const { application: _a, determinations, caseId, divisionCode, status, factsRevision, revision: _r, ...steps } = state;
    return {
      caseId,
      benefit: 'linshi' as const,
      status,
      divisionCode,
      revision,
      factsRevision,
      members,
      application,
      state: steps,
      determinations,
      currentDeterminationId: currentDetermination(state)?.determinationId ?? null,
      due: linshiDueItems(state),
      timeline: timelineOf(envelopes),
    };
  }

}
