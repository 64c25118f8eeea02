import fc from 'fast-check';
import { isDomainError, type Actor } from '@benefits/kernel';
import { mayActInDivision, tefuCaseDecider, type OpenTefuCase, type TefuCase, type TefuCommand, type TefuEvent } from './decider';

// Random command sequences against the decider; after every step the named invariants must hold.

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const personRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const now = new Date('2024-08-05T02:00:00Z');
const actors: Actor[] = [
  { id: 'wang', role: 'intake_officer', divisionCode: '330402' },
  { id: 'li', role: 'case_officer', divisionCode: '330402' },
  { id: 'zhao', role: 'approver', divisionCode: '330402' },
  { id: 'wang', role: 'approver', divisionCode: '330402' },
  { id: 'qian', role: 'approver', divisionCode: '330400' },
  { id: 'zhou', role: 'approver', divisionCode: '330411' },
  { id: 'admin', role: 'admin', divisionCode: '330000' },
];

const [wang, li, zhao, wangApprover, qian, zhou, admin] = actors;
// Each command mostly by the people who would plausibly send it, sometimes by the wrong ones.
const officer = fc.constantFrom(wang, li, wang, li, zhao);
const recorder = fc.constantFrom(li, admin, li, wang);
const decider = fc.constantFrom(zhao, qian, wangApprover, zhou, li);
const determinationId = fc.constantFrom('det-1', 'det-2', 'det-3');

const createCase = officer.map((a): TefuCommand => ({
  type: 'CreateCase',
  data: {
    caseId,
    divisionCode: '330402',
    members: [{ personRef, role: 'wife', birthDate: '1970-03-15', personalData: { personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aQ', tag: 'dA', ct: 'Yw' } }],
    family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] },
  },
  metadata: { now, actor: a },
}));

const command: fc.Arbitrary<TefuCommand> = fc.oneof(
  createCase,
  officer.map((a): TefuCommand => ({ type: 'SubmitApplication', data: { caseId }, metadata: { now, actor: a } })),
  fc.tuple(recorder, determinationId, fc.constantFrom(0, 1, 1, 2, 3), fc.constantFrom(85_000, 100_000)).map(
    ([a, id, basedOn, amount]): TefuCommand => ({
      type: 'RecordDetermination',
      data: {
        caseId,
        determinationId: id,
        basedOnCaseRevision: basedOn,
        amountPerPersonPerMonthFen: amount,
        standardRef: { standardId: 's', versionId: 'v', itemNo: '52', contentHash: 'a'.repeat(64) },
        effectiveFrom: '2024-09-01',
      },
      metadata: { now, actor: a },
    }),
  ),
  fc.tuple(decider, determinationId).map(([a, id]): TefuCommand => ({ type: 'ApproveCase', data: { caseId, determinationId: id }, metadata: { now, actor: a } })),
  fc.tuple(decider, determinationId).map(([a, id]): TefuCommand => ({ type: 'ApproveCase', data: { caseId, determinationId: id }, metadata: { now, actor: a } })),
  decider.map((a): TefuCommand => ({ type: 'RejectCase', data: { caseId, reasons: ['材料不全'] }, metadata: { now, actor: a } })),
);

/** Starts with a creation most of the time, so that sequences get somewhere. */
const sequence = fc.tuple(createCase, fc.array(command, { minLength: 6, maxLength: 20 })).map(([first, rest]) => [first, ...rest]);

function checkStep(before: TefuCase, cmd: TefuCommand, events: TefuEvent[]): void {
  for (const event of events) {
    if (event.type !== 'tefu.CaseApproved.v1' && event.type !== 'tefu.CaseRejected.v1') continue;
    const prior = before as OpenTefuCase;
    const decider = cmd.metadata.actor;
    // Approver ≠ recorder; the approver role; the case's division or a parent.
    expect(prior.recordedBy).not.toContain(decider.id);
    expect(decider.role).toBe('approver');
    expect(mayActInDivision(decider.divisionCode, prior.divisionCode)).toBe(true);
    expect(prior.status).toBe('submitted');
    if (event.type === 'tefu.CaseApproved.v1') {
      // Approved ⇒ the determination cited is the current one and based on the revision approved.
      const cited = prior.determinations.at(-1)!;
      expect(cited.determinationId).toBe(event.data.determinationId);
      expect(cited.basedOnCaseRevision).toBe(prior.factsRevision);
      expect(event.data.basedOnCaseRevision).toBe(prior.factsRevision);
      expect(event.data.amountPerPersonPerMonthFen).toBe(cited.amountPerPersonPerMonthFen);
    }
  }
}

describe('计生特扶 case invariants under random command sequences', () => {
  it('hold after every step; refusals are DomainErrors and change nothing', () => {
    let approvals = 0;
    fc.assert(
      fc.property(sequence, (commands) => {
        const history: TefuEvent[] = [];
        let state = tefuCaseDecider.initialState();
        for (const cmd of commands) {
          let events: TefuEvent[];
          try {
            events = tefuCaseDecider.decide(cmd, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            continue;
          }
          checkStep(state, cmd, events);
          const decidedBefore = state.status === 'approved' || state.status === 'rejected';
          if (decidedBefore) expect(events).toEqual([]);
          for (const event of events) state = tefuCaseDecider.evolve(state, event);
          history.push(...events);
          if (events.some((e) => e.type === 'tefu.CaseApproved.v1')) approvals += 1;
          if (state.status !== 'none') expect(state.revision).toBe(history.length - 1);
          expect(history.filter((e) => e.type === 'tefu.CaseApproved.v1' || e.type === 'tefu.CaseRejected.v1').length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 2000, seed: 20240722 },
    );
    // The generator does reach approvals, so the invariants above were actually exercised.
    expect(approvals).toBeGreaterThan(10);
  });
});
