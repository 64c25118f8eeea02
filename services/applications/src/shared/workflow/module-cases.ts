import type { EventStore } from '@benefits/event-store';
import type { Actor } from '@benefits/kernel';
import type { PersonalDataVault } from '@benefits/identity';
import { decideDuplicates } from '../duplicate-cases';
import { OpenCaseIndex } from '../open-case-index';
import { knownPersonRefs, placeholderRef, type PersonInput } from '../person-intake';
import { CaseErrors } from '../case-errors';
import { CaseCommandHandler, type CaseCommandOutcome, type CommandContext } from '../case-commands';
import { today, type CaseCommandMetadata } from '../case-rules';
import type { CaseBenefitModule } from './case-benefit';

type AnyCommand = { type: string; data: { caseId: string }; metadata: CaseCommandMetadata };
type AnyEvent = { type: string; data: unknown; actor: Actor | null };
type AnyState = { status: string };

/**
 * The cases of a benefit registered as a module: the shared command handler with the module's
 * decider, and — when the module declares `onePersonOneCase` — the per-person index the shipped 特扶
 * and 临时救助 keep (../open-case-index.ts): a person held by another open case of the benefit is
 * refused (409 PERSON_HAS_OPEN_CASE, which members and which cases) before the vault registers
 * anyone, the new case and its reservations are written in one append (of two concurrent
 * applications for one person, one passes), and a step that leaves the case out of its open
 * statuses releases its persons. A module has no override (an approver's 例外 decision): a benefit
 * that needs one is a reason to ship it rather than register it.
 */
export class ModuleCases {
  readonly handler: CaseCommandHandler<AnyCommand, AnyEvent, AnyState>;
  readonly persons: OpenCaseIndex | null;

  constructor(
    store: EventStore,
    private readonly module: CaseBenefitModule,
  ) {
    this.handler = new CaseCommandHandler(store, module.decider, { isEventType: (type) => module.isEventType(type), notFound: (caseId) => CaseErrors.CASE_NOT_FOUND({ caseId }) });
    const rule = module.onePersonOneCase;
    this.persons = rule ? new OpenCaseIndex(store, module.benefit, (caseId, personRef) => this.holds(caseId, personRef)) : null;
  }

  load(caseId: string) {
    return this.handler.load(caseId);
  }

  /** Whether a case of the module holds a person: it exists, is in an open status, and names them. */
  private async holds(caseId: string, personRef: string): Promise<boolean> {
    const rule = this.module.onePersonOneCase;
    const read = await this.handler.read(caseId);
    if (!rule || read === null || read.state.status === 'none') return false;
    return rule.openStatuses.includes(read.state.status) && rule.personRefs(read.state).includes(personRef);
  }

  /**
   * 重复享受 for the persons the vault already knows, before it registers anyone: a refused
   * application registers nobody and writes nothing.
   */
  async refuseKnownDuplicates(vault: PersonalDataVault, caseId: string, persons: readonly PersonInput[]): Promise<void> {
    if (!this.persons || persons.length === 0) return;
    const known = await knownPersonRefs(vault, persons);
    const { open } = await this.persons.lookUp(
      known.filter((ref): ref is string => ref !== null),
      caseId,
    );
    decideDuplicates(
      this.module.benefit,
      known.map((ref, i) => ({ personRef: ref ?? placeholderRef(i) })),
      open,
      undefined,
    );
  }

  /**
   * A new case; with the index, the persons the new case holds (`personRefs` of its state, the same
   * reading `holds` and `release` use) are looked up again and reserved in the case's append.
   */
  async create(command: AnyCommand, context: CommandContext): Promise<CaseCommandOutcome<AnyState>> {
    const rule = this.module.onePersonOneCase;
    if (!this.persons || !rule) return this.handler.create(command, context);
    const { caseId } = command.data;
    const initial = this.module.decider.initialState();
    const events = this.module.decider.decide(command, initial);
    const personRefs = rule.personRefs(events.reduce(this.module.decider.evolve, initial));
    if (personRefs.length === 0) return this.handler.append(caseId, initial, events, 'no_stream', context);
    const { open, claims } = await this.persons.lookUp(personRefs, caseId);
    decideDuplicates(
      this.module.benefit,
      personRefs.map((personRef) => ({ personRef })),
      open,
      undefined,
    );
    const appends = this.persons.reservations(claims, caseId, today(command.metadata).toString(), { correlationId: context.correlationId, actor: command.metadata.actor });
    const persons = this.persons;
    return this.handler.append(caseId, initial, events, 'no_stream', context, { appends, onConflict: (error) => persons.conflict(error) });
  }

  /** A step; one that leaves the open statuses releases the case's persons (best effort: holders are verified anyway). */
  async update(command: AnyCommand, expectedRevision: number, context: CommandContext): Promise<CaseCommandOutcome<AnyState>> {
    const outcome = await this.handler.update(command, expectedRevision, context);
    const rule = this.module.onePersonOneCase;
    if (this.persons && rule && !rule.openStatuses.includes(outcome.state.status)) {
      await this.persons.release(rule.personRefs(outcome.state), outcome.caseId, today(command.metadata).toString(), { correlationId: context.correlationId, actor: command.metadata.actor });
    }
    return outcome;
  }
}
