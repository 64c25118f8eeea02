import fc from 'fast-check';
import { isDomainError, LocalDate, newCaseId, type Actor } from '@benefits/kernel';
import { currentMembers, foldDibao, OPEN_STATUSES, openObjections, type DibaoCommand, type DibaoEvent, type DibaoMember, type OpenDibaoCase } from './decider';
import { DibaoCases, toDibaoEvent } from './dibao-cases';
import { applicant, approver, caseOfficer, child, cmd, dibaoDecider, intake, otherApprover, steps, testPolicy } from './dibao-fixtures';
import { inMemoryEventStore } from './in-memory-store';

// Named invariants of the 低保 workflow, over random command sequences.

const officers: Actor[] = [intake, caseOfficer, approver, otherApprover, { ...caseOfficer, id: 'approver-zhao' }];
const actor = fc.constantFrom(...officers);
const date = fc.constantFrom('2026-03-02', '2026-03-04', '2026-03-05', '2026-03-09', '2026-03-10', '2026-03-12', '2026-03-16', '2026-03-17', '2026-03-20');
const investigators = fc.constantFrom(['officer-li'], ['officer-li', 'officer-li'], ['officer-li', 'cadre-chen'], ['a', 'b', 'c']);
const withActor = <C extends DibaoCommand>(c: C, a: Actor, on: string): C => ({ ...c, metadata: { now: new Date(`${on}T02:00:00Z`), actor: a } });

const command: fc.Arbitrary<DibaoCommand> = fc.oneof(
  fc.tuple(actor, date).map(([a, d]) => withActor(steps.accept(), a, d)),
  fc.tuple(actor, date, fc.constantFrom<'passed' | 'failed'>('passed', 'failed')).map(([a, d, r]) => withActor(steps.check(r), a, d)),
  fc.tuple(actor, date, investigators).map(([a, d, i]) => withActor(cmd('RecordHomeVisit', { visitedOn: '2026-03-05', investigators: [...i], findings: 'x' }, a, d), a, d)),
  fc.tuple(actor, date).map(([a, d]) => withActor(steps.review(), a, d)),
  fc.tuple(actor, date).map(([a, d]) => withActor(steps.notice(), a, d)),
  fc.tuple(actor, date).map(([a, d]) => withActor(cmd('RaiseObjection', { raisedOn: '2026-03-12', summary: 'x' }, a, d), a, d)),
  fc.tuple(actor, date, fc.constantFrom<'dismissed' | 'upheld'>('dismissed', 'upheld')).map(([a, d, o]) =>
    withActor(cmd('ResolveObjection', { objectionId: 'objection-1', outcome: o, resolution: 'x' }, a, d), a, d),
  ),
  fc.tuple(actor, fc.constantFrom(2, 8), fc.constantFrom('det-1', 'det-2')).map(([a, rev, id]) => withActor(steps.determine(rev, id), a, '2026-03-10')),
  fc.tuple(actor, date, fc.constantFrom('det-1', 'det-2')).map(([a, d, id]) => withActor(steps.approve(d, id, a), a, d)),
  fc.tuple(actor, date).map(([a, d]) => withActor(steps.reject(d), a, d)),
);

/**
 * The happy path's steps, each by a plausible or a random actor on its natural or a random date,
 * with random commands in between: sequences that reach an approval often, and misbehave often.
 */
const pathStep = (make: (a: Actor, d: string) => DibaoCommand, a: Actor, d: string) =>
  fc.tuple(fc.constantFrom(a, a, a), fc.constantFrom(d, d, d, d)).chain(([pa, pd]) =>
    fc.oneof({ weight: 4, arbitrary: fc.constant(make(pa, pd)) }, { weight: 1, arbitrary: fc.tuple(actor, date).map(([ra, rd]) => make(ra, rd)) }),
  );
const sequence: fc.Arbitrary<DibaoCommand[]> = fc
  .tuple(
    pathStep((a, d) => withActor(steps.accept(), a, d), intake, '2026-03-02'),
    pathStep((a, d) => withActor(steps.check(), a, d), caseOfficer, '2026-03-04'),
    fc.tuple(investigators, fc.constantFrom(caseOfficer, caseOfficer, intake)).map(([i, a]) =>
      withActor(cmd('RecordHomeVisit', { visitedOn: '2026-03-05', investigators: [...i], findings: 'x' }, a, '2026-03-05'), a, '2026-03-05'),
    ),
    pathStep((a, d) => withActor(steps.review(), a, d), caseOfficer, '2026-03-09'),
    pathStep((a, d) => withActor(steps.notice(), a, d), caseOfficer, '2026-03-10'),
    pathStep((a, d) => withActor(steps.determine(), a, d), caseOfficer, '2026-03-10'),
    pathStep((a, d) => withActor(steps.approve(d), a, d), approver, '2026-03-17'),
    fc.array(fc.array(command, { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
  )
  .map(([s1, s2, s3, s4, s5, s6, s7, noise]) => [s1, s2, s3, s4, s5, s6, s7].flatMap((step, i) => [...noise[i], step]));

/** 公示 7 days: the notice was up from startedOn for at least 7 days before the approval date. */
function noticeLasted(state: OpenDibaoCase, approvedOn: string): number {
  return LocalDate.parse(state.publicNotice!.startedOn).daysUntil(LocalDate.parse(approvedOn));
}

describe('低保 invariants (property)', () => {
  it('approved ⇒ 公示 lasted ≥ 7 days with no open objection, and ≥ 2 distinct investigators visited', () => {
    let approvals = 0;
    fc.assert(
      fc.property(sequence, (commands) => {
        let state = foldDibao(dibaoDecider.decide(steps.create(), { status: 'none' }));
        for (const c of commands) {
          let events: DibaoEvent[];
          try {
            events = dibaoDecider.decide(c, state);
          } catch (error) {
            if (isDomainError(error)) continue;
            throw error;
          }
          for (const event of events) {
            if (event.type === 'dibao.CaseApproved.v1' && !event.data.change) {
              const before = state as OpenDibaoCase;
              expect(noticeLasted(before, event.data.effectiveFrom)).toBeGreaterThanOrEqual(7);
              expect(openObjections(before)).toEqual([]);
              expect(new Set(before.homeVisit!.investigators).size).toBeGreaterThanOrEqual(2);
              expect(before.financialCheck!.result).toBe('passed');
              expect(before.madeBy).not.toContain(event.actor!.id);
              approvals += 1;
            }
            state = dibaoDecider.evolve(state, event);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The sequences do reach approvals (the property is not vacuous).
    expect(approvals).toBeGreaterThan(0);
  });

  it('no two open or active 低保 cases hold the same person, across households (reservation via the person index)', async () => {
    const people: DibaoMember[] = [applicant, child, { ...child, personRef: '0192f3a0-7c1e-7b5e-9a52-000000000013', relation: 'spouse' }];
    type Op = { kind: 'create'; members: number[] } | { kind: 'reject' | 'approve' | 'exit'; target: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }).map((members) => ({ kind: 'create' as const, members })),
      fc.record({ kind: fc.constantFrom<'reject' | 'approve' | 'exit'>('reject', 'approve', 'exit'), target: fc.nat(9) }),
    );
    let active = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        const store = inMemoryEventStore();
        const cases = new DibaoCases(store, testPolicy);
        const ids: string[] = [];
        const ctx = { correlationId: 'property' };
        const run = async (c: Exclude<DibaoCommand, { type: 'CreateCase' }>) => {
          const { revision } = await cases.load(c.data.caseId);
          await cases.update(c, revision, ctx);
        };
        const on = (caseId: string, c: DibaoCommand) => ({ ...c, data: { ...c.data, caseId } }) as Exclude<DibaoCommand, { type: 'CreateCase' }>;
        for (const o of ops) {
          try {
            if (o.kind === 'create') {
              const caseId = newCaseId();
              const members = o.members.map((i, n) => ({ ...people[i], relation: n === 0 ? ('applicant' as const) : ('other' as const) }));
              await cases.create({ ...steps.create(), data: { ...steps.create().data, caseId, members } }, ctx);
              ids.push(caseId);
            } else if (ids.length > 0) {
              const caseId = ids[o.target % ids.length];
              if (o.kind === 'reject') await run(on(caseId, steps.reject('2026-03-03')));
              if (o.kind === 'exit') await run(on(caseId, cmd('ExitCase', { effectiveFrom: '2026-04-01', reason: 'voluntary', note: '' }, approver, '2026-03-20')));
              if (o.kind === 'approve') {
                for (const c of [steps.accept(), steps.check(), steps.visit(), steps.review(), steps.notice()]) await run(on(caseId, c));
                const { state } = await cases.load(caseId);
                await run(on(caseId, steps.determine(state.factsRevision)));
                await run(on(caseId, steps.approve()));
              }
            }
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          // The invariant, from the case streams alone.
          const holders = new Map<string, string[]>();
          for (const caseId of ids) {
            const state = foldDibao((await store.readStream(`case-${caseId}`)).map(toDibaoEvent)) as OpenDibaoCase;
            if (!OPEN_STATUSES.has(state.status)) continue;
            if (state.status === 'active') active += 1;
            for (const m of currentMembers(state)) holders.set(m.personRef, [...(holders.get(m.personRef) ?? []), caseId]);
          }
          for (const held of holders.values()) expect(held.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60 },
    );
    expect(active).toBeGreaterThan(0);
  });
});
