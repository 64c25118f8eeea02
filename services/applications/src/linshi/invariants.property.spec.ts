import fc from 'fast-check';
import { isDomainError, type Actor } from '@benefits/kernel';
import { foldLinshi, type LinshiCommand, type LinshiEvent, type OpenLinshiCase } from './decider';
import { linshiDueItems } from './linshi-workflow';
import { application, applicantRef, approver, caseId, caseOfficer, cmd, determination, intake, linshiDecider, zhichu } from './linshi-fixtures';

// Named invariants of the 临时救助 workflow, over random command sequences.

const actor = fc.constantFrom<Actor>(intake, caseOfficer, approver, { ...approver, id: 'officer-wang' });
const date = fc.constantFrom('2026-03-02', '2026-03-05', '2026-03-12', '2026-03-13', '2026-03-30');
const at = <C extends LinshiCommand>(c: C, a: Actor, d: string): C => ({ ...c, metadata: { now: new Date(`${d}T02:00:00Z`), actor: a } });
const once = (amountFen: number) => [{ beneficiaryRef: applicantRef, periodKey: `once:${caseId}`, amountFen }];

const command: fc.Arbitrary<LinshiCommand> = fc.oneof(
  fc.tuple(fc.constantFrom(0, 300_000), fc.constantFrom(0, 250_000), fc.constantFrom('det-1', 'det-2')).map(([cap, amount, id]) =>
    determination({ determinationId: id, capFen: cap, amounts: amount ? once(amount) : [] }),
  ),
  fc.tuple(actor, date, fc.constantFrom(1, 200_000, 300_000, 300_001), fc.constantFrom('det-1', 'det-2')).map(([a, d, amountFen, id]) =>
    at(cmd('GrantAdvanceAid', { determinationId: id, amountFen }, a, d), a, d),
  ),
  fc.tuple(actor, date).map(([a, d]) => at(cmd('CompletePaperwork', { completedOn: d, documentRefs: ['doc:1'], note: '' }, a, d), a, d)),
  fc.tuple(actor, date, fc.option(fc.constantFrom(100_000, 250_000, 400_000)), fc.boolean(), fc.constantFrom('det-1', 'det-2')).map(([a, d, amountFen, staged, id]) =>
    at(
      cmd(
        'ApproveCase',
        {
          determinationId: id,
          ...(amountFen === null ? {} : { amountFen }),
          ...(staged && amountFen !== null ? { instalments: [{ amountFen: amountFen - 50_000, plannedOn: '2026-04-01' }, { amountFen: 50_000, plannedOn: '2026-05-01' }] } : {}),
          ...(amountFen !== null ? { overrideReasonCode: 'sample', overrideReason: 'sample' } : {}),
        },
        a,
        d,
      ),
      a,
      d,
    ),
  ),
  fc.tuple(actor, date, fc.constantFrom(1, 2, 3)).map(([a, d, n]) => at(cmd('ReleaseInstalment', { instalmentNo: n, releasedOn: d }, a, d), a, d)),
  fc.tuple(actor, date).map(([a, d]) => at(cmd('RejectCase', { reasons: ['x'] }, a, d), a, d)),
);

function checkInvariants(state: OpenLinshiCase): void {
  // 先行救助 ⇒ paperwork completed, or listed as due on its durable deadline (overdue once past it).
  if (state.advanceAid) {
    const listed = linshiDueItems(state).some((d) => d.kind === 'linshi.paperwork' && d.dueOn === state.advanceAid!.paperworkDueOn);
    expect(state.paperwork !== null || listed).toBe(true);
    expect(state.advanceAid.amountFen).toBeLessThanOrEqual(state.advanceAid.capFen);
  }
  if (state.approval) {
    const total = state.approval.approvedAmounts.reduce((s, a) => s + a.amountFen, 0);
    expect(total).toBe(state.approval.approvedTotalFen);
    expect(state.released.reduce((s, r) => s + r.amountFen, 0)).toBeLessThanOrEqual(state.approval.approvedTotalFen);
  }
}

describe('临时救助 invariants (property)', () => {
  it('先行救助 ⇒ paperwork completed or flagged with its deadline; aid within the cap; instalments never above the approved total', () => {
    let advanced = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.array(command, { maxLength: 25 }), (emergency, commands) => {
        let state = foldLinshi(linshiDecider.decide(emergency ? application() : zhichu(), { status: 'none' }));
        for (const c of commands) {
          let events: LinshiEvent[];
          try {
            events = linshiDecider.decide(c, state);
          } catch (error) {
            if (isDomainError(error)) continue;
            throw error;
          }
          for (const event of events) state = linshiDecider.evolve(state, event);
          checkInvariants(state as OpenLinshiCase);
          if ((state as OpenLinshiCase).advanceAid) advanced += 1;
        }
      }),
      { numRuns: 400 },
    );
    expect(advanced).toBeGreaterThan(0);
  });
});
