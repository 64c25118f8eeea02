import { isDomainError, newCaseId } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { DibaoCases } from './dibao-cases';
import { applicant, child, steps, testPolicy } from './dibao-fixtures';
import { inMemoryEventStore } from './in-memory-store';
import { PERSON_RESERVED, personStreamId } from './person-index';

const create = (caseId: string, members = [applicant, child]) => ({ ...steps.create(), data: { ...steps.create().data, caseId, members } });
const ctx = { correlationId: 'test' };

describe('低保 person reservations (one open case per person, across households)', () => {
  it('lets only one of two concurrent applications with the same person through', async () => {
    const store = inMemoryEventStore();
    const cases = new DibaoCases(store, testPolicy);
    const results = await Promise.allSettled([cases.create(create(newCaseId()), ctx), cases.create(create(newCaseId(), [{ ...child, relation: 'applicant' }]), ctx)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isDomainError(refused.reason, 'PERSON_HAS_OPEN_DIBAO_CASE')).toBe(true);
  });

  it('a second application that comes in while the first is being written does not take the person too', async () => {
    // Before, the reservation was appended first and the case after it; an application in between saw
    // a holder whose case did not exist yet, took it for stale, and both cases were written.
    const store = inMemoryEventStore();
    let between: (() => Promise<unknown>) | null = null;
    const pausing: EventStore = Object.create(store);
    const runBetween = async (streamIds: string[]) => {
      if (!between || !streamIds.some((id) => id.startsWith('case-'))) return;
      const run = between;
      between = null;
      await run();
    };
    pausing.appendToStream = async (streamId, events, options) => {
      await runBetween([streamId]);
      return store.appendToStream(streamId, events, options);
    };
    pausing.appendMany = async (appends) => {
      await runBetween(appends.map((a) => a.streamId));
      return store.appendMany(appends);
    };
    const results: PromiseSettledResult<unknown>[] = [];
    between = () => Promise.allSettled([new DibaoCases(store, testPolicy).create(create(newCaseId(), [{ ...child, relation: 'applicant' }]), ctx)]).then((r) => results.push(...r));
    results.push(...(await Promise.allSettled([new DibaoCases(pausing, testPolicy).create(create(newCaseId()), ctx)])));
    expect(results).toHaveLength(2);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isDomainError(refused.reason, 'PERSON_HAS_OPEN_DIBAO_CASE')).toBe(true);
  });

  it('does not let a reservation whose case was never written block the person (a crash between the two appends)', async () => {
    const store = inMemoryEventStore();
    const cases = new DibaoCases(store, testPolicy);
    const ghost = newCaseId();
    await store.appendToStream(personStreamId(child.personRef), [{ type: PERSON_RESERVED, data: { personRef: child.personRef, caseId: ghost, on: '2026-03-01' }, metadata: { correlationId: 'x' } }], {
      expectedRevision: 'no_stream',
    });
    const caseId = newCaseId();
    await cases.create(create(caseId), ctx);
    const reservations = await store.readStream(personStreamId(child.personRef));
    expect(reservations.at(-1)!.data).toMatchObject({ caseId, replacesStaleHolder: ghost });
  });

  it('releases the persons when the case is rejected', async () => {
    const store = inMemoryEventStore();
    const cases = new DibaoCases(store, testPolicy);
    const caseId = newCaseId();
    await cases.create(create(caseId), ctx);
    await cases.update({ ...steps.reject('2026-03-03'), data: { caseId, reasons: ['x'] } }, 0, ctx);
    expect((await store.readStream(personStreamId(applicant.personRef))).map((e) => e.type)).toEqual(['dibao.PersonReserved.v1', 'dibao.PersonReleased.v1']);
    await cases.create(create(newCaseId()), ctx);
  });
});
