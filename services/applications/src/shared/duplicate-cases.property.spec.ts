import fc from 'fast-check';
import { isDomainError, newCaseId, newId, type Actor } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { inMemoryEventStore } from '../dibao/in-memory-store';
import { TefuCases, TEFU_OPEN_STATUSES } from '../tefu/tefu-cases';
import { LinshiCases, LINSHI_OPEN_STATUSES } from '../linshi/linshi-cases';
import { DEFAULT_LINSHI_POLICY } from '../linshi/policy';
import { LINSHI_CAUSES, type LinshiCause, type LinshiMember } from '../linshi/decider';
import type { HouseholdMember } from '../tefu/decider';
import { decideDuplicates } from './duplicate-cases';

/**
 * 重复享受 over random case sets: registrations of random persons into 特扶 and 临时救助 cases, some
 * at the same time, some by an approver with an override, and decisions that close cases. Whatever
 * happens, a person is never in two open cases of one benefit unless the later one records a
 * DuplicateCaseOverridden for them. The in-memory store interleaves concurrent commands at every
 * await, so registrations made at the same time really race on the person streams.
 */

const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const otherApprover: Actor = { id: 'approver-qian', role: 'approver', divisionCode: '330402' };
const now = new Date('2026-03-02T02:00:00Z');
const sealed = (personRef: string) => ({ personRef, keyVersion: 1, alg: 'A256GCM' as const, iv: 'aQ', tag: 'dA', ct: 'Yw' });
const REASON = '（示例）依据某某规定第某条';

type Benefit = 'tefu' | 'linshi';
type Step =
  | { kind: 'register'; benefit: Benefit; persons: number[]; override: boolean; cause: LinshiCause }
  | { kind: 'together'; benefit: Benefit; persons: number[]; otherPersons: number[] }
  | { kind: 'close'; pick: number };

const PERSONS = 4;
const persons = fc.uniqueArray(fc.nat(PERSONS - 1), { minLength: 1, maxLength: 2 });
const benefit = fc.constantFrom<Benefit>('tefu', 'linshi');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('register' as const), benefit, persons, override: fc.boolean(), cause: fc.constantFrom(...LINSHI_CAUSES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('together' as const), benefit, persons, otherPersons: persons }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
);

class World {
  readonly store: EventStore = inMemoryEventStore();
  readonly tefu = new TefuCases(this.store);
  readonly linshi = new LinshiCases(this.store, DEFAULT_LINSHI_POLICY);
  readonly refs = Array.from({ length: PERSONS }, () => newId());
  readonly cases: { caseId: string; benefit: Benefit }[] = [];
  refusals = 0;
  overrides = 0;

  async register(benefit: Benefit, people: number[], override: boolean, cause: LinshiCause): Promise<void> {
    const caseId = newCaseId();
    const actor = override ? approver : intake;
    const duplicateOverride = override ? { duplicateOverride: { reason: REASON } } : {};
    try {
      if (benefit === 'tefu') {
        const members: HouseholdMember[] = people.map((p, i) => ({ personRef: this.refs[p], role: i === 0 ? 'wife' : 'husband', birthDate: '1970-03-15', personalData: sealed(this.refs[p]) }));
        await this.tefu.create(
          { type: 'CreateCase', data: { caseId, divisionCode: '330402', members, family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] }, ...duplicateOverride }, metadata: { now, actor } },
          { correlationId: 'p' },
        );
      } else {
        const members: LinshiMember[] = people.map((p, i) => ({ personRef: this.refs[p], relation: i === 0 ? 'applicant' : 'spouse', birthDate: '1970-03-15', personalData: sealed(this.refs[p]) }));
        await this.linshi.create(
          {
            type: 'CreateCase',
            data: { caseId, divisionCode: '330402', type: 'jinan', members, cause, causeDescription: 'sample', occurredOn: '2026-03-01', expenditureEvidence: [], ...duplicateOverride },
            metadata: { now, actor },
          },
          { correlationId: 'p' },
        );
      }
      this.cases.push({ caseId, benefit });
      if (override) this.overrides += 1;
    } catch (error) {
      // Refusals are domain errors (a duplicate, a lost race, a same-cause repeat, nothing to override); anything else is a bug.
      if (!isDomainError(error)) throw error;
      this.refusals += 1;
    }
  }

  /** Closes a case: 特扶 submitted and rejected, 临时救助 rejected (decided). */
  async close(pick: number): Promise<void> {
    if (this.cases.length === 0) return;
    const { caseId, benefit } = this.cases[pick % this.cases.length];
    try {
      if (benefit === 'tefu') {
        const { revision, state } = await this.tefu.load(caseId);
        let at = revision;
        if (state.status === 'draft') at = (await this.tefu.update({ type: 'SubmitApplication', data: { caseId }, metadata: { now, actor: intake } }, at, { correlationId: 'p' })).revision;
        await this.tefu.update({ type: 'RejectCase', data: { caseId, reasons: ['sample'] }, metadata: { now, actor: otherApprover } }, at, { correlationId: 'p' });
      } else {
        const { revision } = await this.linshi.load(caseId);
        await this.linshi.update({ type: 'RejectCase', data: { caseId, reasons: ['sample'] }, metadata: { now, actor: otherApprover } }, revision, { correlationId: 'p' });
      }
    } catch (error) {
      if (!isDomainError(error)) throw error; // already closed
    }
  }

  /** Per benefit and person: the open cases, and which of them record an override for the person. */
  async check(): Promise<void> {
    const open = new Map<string, { caseId: string; overridden: boolean }[]>();
    for (const { caseId, benefit } of this.cases) {
      const events = await this.store.readStream(`case-${caseId}`);
      const overriddenFor = new Set(events.filter((e) => e.type === `${benefit}.DuplicateCaseOverridden.v1`).map((e) => (e.data as { personRef: string }).personRef));
      let members: string[];
      let isOpen: boolean;
      if (benefit === 'tefu') {
        const { state } = await this.tefu.load(caseId);
        members = state.members.map((m) => m.personRef);
        isOpen = TEFU_OPEN_STATUSES.has(state.status);
      } else {
        const { state } = await this.linshi.load(caseId);
        members = state.application.members.map((m) => m.personRef);
        isOpen = LINSHI_OPEN_STATUSES.has(state.status);
      }
      if (!isOpen) continue;
      for (const personRef of members) {
        const key = `${benefit}|${personRef}`;
        open.set(key, [...(open.get(key) ?? []), { caseId, overridden: overriddenFor.has(personRef) }]);
      }
    }
    for (const [key, held] of open) {
      // At most one open case without an override for the person: the first; every other one overrode.
      const plain = held.filter((h) => !h.overridden);
      if (plain.length > 1) throw new Error(`${key} is in ${plain.length} open cases without an override: ${plain.map((h) => h.caseId).join(', ')}`);
    }
  }
}

describe('重复享受 (property): one person, one open case of a benefit', () => {
  jest.setTimeout(120_000);

  it('over random registrations, races, overrides and closures, no person is in two open cases of a benefit without an override', async () => {
    let refusals = 0;
    let overrides = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const world = new World();
        for (const s of steps) {
          if (s.kind === 'register') await world.register(s.benefit, s.persons, s.override, s.cause);
          else if (s.kind === 'together') await Promise.all([world.register(s.benefit, s.persons, false, 'fire'), world.register(s.benefit, s.otherPersons, false, 'traffic')]);
          else await world.close(s.pick);
          await world.check();
        }
        refusals += world.refusals;
        overrides += world.overrides;
      }),
      { numRuns: 150 },
    );
    // The runs did exercise refusals and overrides.
    expect(refusals).toBeGreaterThan(0);
    expect(overrides).toBeGreaterThan(0);
  });

  it('two registrations of the same person at the same time: exactly one is written', async () => {
    for (const benefit of ['tefu', 'linshi'] as const) {
      for (let round = 0; round < 20; round += 1) {
        const world = new World();
        // Each also names a person of its own: the registrations overlap on one person only.
        await Promise.all([world.register(benefit, [1, 0], false, 'fire'), world.register(benefit, [2, 0], false, 'traffic')]);
        expect(world.cases).toHaveLength(1);
        expect(world.refusals).toBe(1);
        await world.check();
      }
    }
  });

  describe('decideDuplicates (pure)', () => {
    const a = { personRef: 'p-a' };
    const b = { personRef: 'p-b' };
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isDomainError(error) ? [error.code, error.status, error.details] : error;
      }
      return null;
    };

    it('refuses a member in another open case, naming the members and the other cases (sorted, once each)', () => {
      const open = [
        { personRef: 'p-b', caseIds: ['c-2', 'c-1'] },
        { personRef: 'p-b', caseIds: ['c-1'] },
      ];
      expect(codeOf(() => decideDuplicates('tefu', [a, b], open, undefined))).toEqual([
        'PERSON_HAS_OPEN_CASE',
        409,
        { benefit: 'tefu', members: ['members.1'], otherCaseIds: ['c-1', 'c-2'] },
      ]);
      expect(decideDuplicates('tefu', [a], open, undefined)).toEqual([]);
    });

    it('an override needs a reason and something to override, and returns what to record per member', () => {
      const open = [{ personRef: 'p-a', caseIds: ['c-1'] }];
      expect(codeOf(() => decideDuplicates('linshi', [a], open, { reason: '  ' }))).toEqual(expect.arrayContaining(['DUPLICATE_OVERRIDE_REASON_REQUIRED', 400]));
      expect(codeOf(() => decideDuplicates('linshi', [b], open, { reason: REASON }))).toEqual(expect.arrayContaining(['DUPLICATE_OVERRIDE_NOT_NEEDED', 409]));
      expect(decideDuplicates('linshi', [a, b], open, { reason: ` ${REASON} ` })).toEqual([{ personRef: 'p-a', otherCaseIds: ['c-1'], reason: REASON }]);
    });
  });
});
