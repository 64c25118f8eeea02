import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError, newCaseId, newId, type Actor } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import type { HouseholdMember } from './decider';
import { caseStreamId, TefuCases } from './tefu-cases';

jest.setTimeout(60_000);

const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const now = new Date('2024-08-05T02:00:00Z');
const personRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const wife: HouseholdMember = {
  personRef,
  role: 'wife',
  birthDate: '1970-03-15',
  personalData: { personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' },
};

/** The same member as another person: one person may be in one open 特扶 case (重复享受). */
const memberLike = (member: HouseholdMember): HouseholdMember => {
  const ref = newId();
  return { ...member, personRef: ref, personalData: { ...member.personalData, personRef: ref } };
};

describe('TefuCases (command handler)', () => {
  let dataDir: string;
  let store: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'applications-cases-'));
    store = await createEventStore({ kind: 'pglite', dataDir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newCase(cases: TefuCases): Promise<string> {
    const caseId = newCaseId();
    await cases.create(
      {
        type: 'CreateCase',
        data: { caseId, divisionCode: '330402', members: [memberLike(wife)], family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] } },
        metadata: { now, actor: intake },
      },
      { correlationId: 'c-1' },
    );
    return caseId;
  }

  it('answers 412 when another writer appends between our read and our append, and writes nothing of ours', async () => {
    const caseId = await newCase(new TefuCases(store));
    // A store whose append lets a competing submission in first: the race the If-Match check cannot see.
    const racing: EventStore = Object.create(store);
    racing.appendToStream = async (streamId, events, options) => {
      await store.appendToStream(streamId, [{ type: 'tefu.ApplicationSubmitted.v1', data: { caseId, effectiveFrom: '2024-08-05' }, metadata: { correlationId: 'other', actor: intake } }], { expectedRevision: 0 });
      return store.appendToStream(streamId, events, options);
    };
    const error = await new TefuCases(racing)
      .update({ type: 'SubmitApplication', data: { caseId }, metadata: { now, actor: intake } }, 0, { correlationId: 'c-2' })
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'STALE_REVISION')).toBe(true);
    const events = await store.readStream(caseStreamId(caseId));
    expect(events.map((e) => e.metadata.correlationId)).toEqual(['c-1', 'other']);
  });

  it('returns the current revision and appends nothing when the decider decides nothing', async () => {
    const cases = new TefuCases(store);
    const caseId = await newCase(cases);
    await cases.update({ type: 'SubmitApplication', data: { caseId }, metadata: { now, actor: intake } }, 0, { correlationId: 'c' });
    const determination = {
      type: 'RecordDetermination' as const,
      data: {
        caseId,
        determinationId: 'det-1',
        basedOnCaseRevision: 1,
        amountPerPersonPerMonthFen: 100_000,
        standardRef: { standardId: 's', versionId: 'v', itemNo: '52', contentHash: 'c'.repeat(64) },
        effectiveFrom: '2024-09-01',
      },
      metadata: { now, actor: { id: 'officer-li', role: 'case_officer', divisionCode: '330402' } },
    };
    expect((await cases.update(determination, 1, { correlationId: 'c' })).revision).toBe(2);
    const head = await store.headPosition();
    expect((await cases.update(determination, 2, { correlationId: 'c' })).revision).toBe(2);
    expect(await store.headPosition()).toBe(head);
    const approved = await cases.update({ type: 'ApproveCase', data: { caseId, determinationId: 'det-1' }, metadata: { now, actor: approver } }, 2, { correlationId: 'c' });
    expect(approved).toMatchObject({ revision: 3, state: { status: 'active' } });
  });

  it('重复享受 on PostgreSQL (PGlite): of two registrations of one person, one passes; one that comes in between the lookup and the append of another loses, writing nothing', async () => {
    const person = memberLike(wife);
    const create = (cases: TefuCases, caseId: string) =>
      cases.create(
        { type: 'CreateCase', data: { caseId, divisionCode: '330402', members: [person], family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] } }, metadata: { now, actor: intake } },
        { correlationId: 'dup' },
      );
    // The second registration runs completely after the first has looked the person up and before it appends.
    const [first, second] = [newCaseId(), newCaseId()];
    let between: (() => Promise<unknown>) | null = () => create(new TefuCases(store), second);
    const pausing: EventStore = Object.create(store);
    pausing.appendMany = async (appends) => {
      const run = between;
      between = null;
      if (run) await run();
      return store.appendMany(appends);
    };
    const lost = await create(new TefuCases(pausing), first).catch((e: unknown) => e);
    expect(isDomainError(lost, 'PERSON_HAS_OPEN_CASE')).toBe(true);
    expect((lost as { details: unknown }).details).toMatchObject({ reason: 'concurrent application' });
    expect(await store.streamExists(caseStreamId(first))).toBe(false);
    expect(await store.streamExists(caseStreamId(second))).toBe(true);
    // Now a plain duplicate: refused naming the case that holds the person.
    const again = await create(new TefuCases(store), newCaseId()).catch((e: unknown) => e);
    expect(isDomainError(again, 'PERSON_HAS_OPEN_CASE')).toBe(true);
    expect((again as { details: unknown }).details).toMatchObject({ otherCaseIds: [second] });
  });

  it('does not take a stream of another kind for a 特扶 case', async () => {
    const caseId = newCaseId();
    await store.appendToStream(caseStreamId(caseId), [{ type: 'dibao.CaseCreated.v1', data: {}, metadata: { correlationId: 'x' } }], { expectedRevision: 'no_stream' });
    await expect(new TefuCases(store).load(caseId)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  });
});
