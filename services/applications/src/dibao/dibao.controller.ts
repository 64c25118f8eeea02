import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newCaseId, type Actor } from '@benefits/kernel';
import { CurrentActor, type PersonalDataAccess } from '@benefits/identity';
import { SERVICE_RUNTIME, parseIfMatch, parseOrThrow, setETag, type ServiceRuntime } from '@benefits/http';
import { VaultConnection } from '../personal-data/vault-connection';
import { CLOCK, type Clock } from '../tefu/tefu.controller';
import { requireDivision, type CaseCommandMetadata } from '../shared/case-rules';
import { caseHandlingAccess, caseMetadata, caseResult as result, commandContextOf } from '../shared/case-http';
import { createDibaoDecider, currentDetermination, currentMembers, type DibaoCommand, type DibaoMember } from './decider';
import { DibaoCases, type LoadedDibaoCase } from './dibao-cases';
import { dibaoDueItems } from './dibao-workflow';
import { CaseIdSchema, ChangeSchema, CreateDibaoCaseSchema } from './dibao.schemas';
import { DIBAO_STEP_ROUTES } from './dibao.routes';
import { CaseStepsController } from '../shared/workflow/step-controller';
import { checkPersons, knownPersonRefs, PLACEHOLDER_SEALED, placeholderRef, sealPersons } from '../shared/person-intake';
import type { DibaoPolicy } from './policy';
import { openMembers, timelineOf } from '../shared/case-view-helpers';

/** The 低保 policy (time limits, review intervals, the working-day calendar) the service runs with. */
export const DIBAO_POLICY = Symbol('DIBAO_POLICY');

type Update = Exclude<DibaoCommand, { type: 'CreateCase' }>;


/**
 * 低保 cases over HTTP (`/cases/dibao/...`). Thin: parse, build one command with the verified actor
 * and the clock, hand it to the command handler, map the outcome (ETag = stream revision).
 */
@Controller('cases/dibao')
export class DibaoCasesController extends CaseStepsController<Update> {
  protected readonly cases: DibaoCases;
  protected readonly stepRoutes = DIBAO_STEP_ROUTES;
  private readonly decider;

  constructor(
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
    @Inject(VaultConnection) private readonly vault: VaultConnection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DIBAO_POLICY) policy: DibaoPolicy,
  ) {
    super();
    this.cases = new DibaoCases(runtime.store, policy);
    this.decider = createDibaoDecider(policy);
  }

  protected stepMetadata(actor: Actor): CaseCommandMetadata {
    return caseMetadata(this.clock, actor);
  }

  @Post()
  @HttpCode(201)
  async create(@CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown) {
    const input = parseOrThrow(CreateDibaoCaseSchema, body ?? {});
    const members = checkPersons(input.members);
    const metadata = this.stepMetadata(actor);
    const caseId = newCaseId();
    const asMembers = (refs: { personRef: string; personalData: DibaoMember['personalData'] }[]): DibaoMember[] =>
      members.map((m, i) => ({
        personRef: refs[i].personRef,
        relation: m.relation,
        birthDate: m.birthDate,
        ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}),
        personalData: refs[i].personalData,
      }));
    const command = (refs: { personRef: string; personalData: DibaoMember['personalData'] }[]): Extract<DibaoCommand, { type: 'CreateCase' }> => ({
      type: 'CreateCase',
      data: {
        caseId,
        divisionCode: input.divisionCode,
        members: asMembers(refs),
        householdCategory: input.householdCategory,
        ...(input.singlePerson
          ? {
              singlePerson: (({ memberIndex, ...rest }) => ({ personRef: refs[memberIndex]?.personRef ?? 'not-a-member', ...rest }))(input.singlePerson),
            }
          : {}),
        ...(input.reApplicationOf ? { reApplicationOf: input.reApplicationOf } : {}),
      },
      metadata,
    });
    // Decide first with stand-in persons, and check the persons the vault already knows against
    // the open 低保 cases, so that a refused application registers nobody and appends nothing.
    const placeholders = members.map((_, i) => ({ personRef: placeholderRef(i), personalData: PLACEHOLDER_SEALED(placeholderRef(i)) }));
    this.decider.decide(command(placeholders), { status: 'none' });
    const vault = await this.vault.vault();
    const known = (await knownPersonRefs(vault, members)).map((ref, i) => ref ?? placeholderRef(i));
    await this.cases.persons.check(known, caseId);
    const sealed = await sealPersons(vault, members);
    const outcome = await this.cases.create(command(sealed), commandContextOf(request));
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

  private async view({ state, envelopes, revision }: LoadedDibaoCase, access: PersonalDataAccess) {
    const vault = await this.vault.vault();
    const members = await openMembers(vault, currentMembers(state), access, this.clock());
    const { members: _m, determinations, caseId, divisionCode, status, householdCategory, factsRevision, revision: _r, ...steps } = state;
    return {
      caseId,
      benefit: 'dibao' as const,
      status,
      divisionCode,
      revision,
      factsRevision,
      members: members.map((m) => ({ ...m, extraNeed: m.extraNeed ?? null })),
      householdCategory,
      // Sealed personal data stays out of the view (the members above are opened from the vault).
      state: {
        ...steps,
        pendingChange: steps.pendingChange
          ? { ...steps.pendingChange, addedMembers: steps.pendingChange.addedMembers.map(({ personalData: _p, ...m }) => m) }
          : null,
      },
      determinations,
      currentDeterminationId: currentDetermination(state)?.determinationId ?? null,
      due: dibaoDueItems(state),
      timeline: timelineOf(envelopes),
    };
  }

  @Post(':caseId/changes')
  @HttpCode(200)
  async change(@CurrentActor() a: Actor, @Param('caseId') id: string, @Body() b: unknown, @Req() q: IncomingMessage, @Res({ passthrough: true }) s: ServerResponse) {
    const caseId = parseOrThrow(CaseIdSchema, id);
    const { addedMembers: addedInput, ...input } = parseOrThrow(ChangeSchema, b ?? {});
    const added = checkPersons(addedInput);
    const expectedRevision = parseIfMatch(q.headers['if-match']);
    const metadata = this.stepMetadata(a);
    const command = (refs: { personRef: string; personalData: DibaoMember['personalData'] }[]): Update => ({
      type: 'ChangeCircumstances',
      data: {
        caseId,
        ...input,
        addedMembers: added.map((m, i) => ({
          personRef: refs[i].personRef,
          relation: m.relation,
          birthDate: m.birthDate,
          ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}),
          personalData: refs[i].personalData,
        })),
      },
      metadata,
    });
    if (added.length > 0) {
      // As at the application: decide with stand-ins and check the known persons before the vault registers anyone.
      const { state } = await this.cases.loadAtRevision(caseId, expectedRevision, a);
      this.decider.decide(command(added.map((_, i) => ({ personRef: placeholderRef(i), personalData: PLACEHOLDER_SEALED(placeholderRef(i)) }))), state);
      const vault = await this.vault.vault();
      await this.cases.persons.check((await knownPersonRefs(vault, added)).map((ref, i) => ref ?? placeholderRef(i)), caseId);
      const outcome = await this.cases.update(command(await sealPersons(vault, added)), expectedRevision, commandContextOf(q));
      return result(outcome, s);
    }
    const outcome = await this.cases.update(command([]), expectedRevision, commandContextOf(q));
    return result(outcome, s);
  }

}
