import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCaseId, newId, type Actor } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import type { Document, DocumentCollection, ReadModels } from '@benefits/read-store';
import { testReadModels } from '../shared/test-support';
import { TICK_PAGE, tickAnnualReviews } from './annual-review-tick';
import { DEFAULT_TEFU_POLICY, type HouseholdMember } from './decider';
import { TefuCases } from './tefu-cases';

// The 年审 tick reads the case index, not the log: it loads the streams of the cases that are due
// and no others, and never calls readAll however large the caseload.

jest.setTimeout(180_000);

const intake = (divisionCode: string): Actor => ({ id: 'officer-wang', role: 'intake_officer', divisionCode });
const caseOfficer = (divisionCode: string): Actor => ({ id: 'officer-li', role: 'case_officer', divisionCode });
const approver = (divisionCode: string): Actor => ({ id: 'approver-zhao', role: 'approver', divisionCode });
const countyAdmin: Actor = { id: 'admin-1', role: 'admin', divisionCode: '330402' };
const cityAdmin: Actor = { id: 'admin-2', role: 'admin', divisionCode: '330400' };
const sealed = (personRef: string) => ({ personRef, keyVersion: 1, alg: 'A256GCM' as const, iv: 'aQ', tag: 'dA', ct: 'Yw' });
// A new couple per case: one person may be in one open 特扶 case (重复享受).
const coupleOf = (wife: string, husband: string): HouseholdMember[] => [
  { personRef: wife, role: 'wife', birthDate: '1970-03-15', personalData: sealed(wife) },
  { personRef: husband, role: 'husband', birthDate: '1964-11-02', personalData: sealed(husband) },
];
const standardRef = { standardId: 'bps-330400', versionId: '2023', itemNo: '52', contentHash: 'e'.repeat(64) };
const at = (date: string) => new Date(`${date}T02:00:00Z`);

/** What the tick asked of the event store, through a wrapper around it. */
interface StoreReads {
  readAllCalls: number;
  caseStreamsRead: Set<string>;
}

function watched(store: EventStore): { store: EventStore; reads: StoreReads } {
  const reads: StoreReads = { readAllCalls: 0, caseStreamsRead: new Set() };
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readAll') {
        return (...args: Parameters<EventStore['readAll']>) => {
          reads.readAllCalls += 1;
          return target.readAll(...args);
        };
      }
      if (property === 'readStream') {
        return (...args: Parameters<EventStore['readStream']>) => {
          if (args[0].startsWith('case-')) reads.caseStreamsRead.add(args[0].slice('case-'.length));
          return target.readStream(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, reads };
}

/** The read models, with a count of the index pages the tick asked for. */
function countingPages(readModels: ReadModels): { readModels: Pick<ReadModels, 'fresh'>; pages: number[] } {
  const pages: number[] = [];
  return {
    pages,
    readModels: {
      async fresh(name, timeoutMs) {
        const view = await readModels.fresh(name, timeoutMs);
        return {
          ...view,
          collection<T extends Document = Document>(...args: Parameters<typeof view.collection>): DocumentCollection<T> {
            const collection = view.collection<T>(...args);
            return {
              ...collection,
              schema: collection.schema,
              find: async (options) => {
                const page = await collection.find(options);
                pages.push(page.items.length);
                return page;
              },
            };
          },
        };
      },
    },
  };
}

describe('计生特扶 年审 tick over the case index', () => {
  let dataDir: string;
  let store: EventStore;
  let readModels: ReadModels;
  let cases: TefuCases;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'applications-tefu-tick-'));
    store = await createEventStore({ kind: 'pglite', dataDir });
    cases = new TefuCases(store);
    readModels = testReadModels(store);
    await readModels.start();
  });
  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Created, submitted, determined and approved on `approvedOn` (its 年审 is due a year later); or only submitted. */
  async function caseOf(divisionCode: string, approvedOn: string | null): Promise<string> {
    const caseId = newCaseId();
    const on = approvedOn ?? '2025-01-06';
    const meta = (actor: Actor) => ({ now: at(on), actor });
    const family = { familyType: 'childDisabled' as const, childEventDate: '2023-05-10', evidenceRefs: ['e:1'] };
    await cases.create({ type: 'CreateCase', data: { caseId, divisionCode, members: coupleOf(newId(), newId()), family }, metadata: meta(intake(divisionCode)) }, { correlationId: 'c' });
    await cases.update({ type: 'SubmitApplication', data: { caseId }, metadata: meta(intake(divisionCode)) }, 0, { correlationId: 'c' });
    if (approvedOn === null) return caseId;
    await cases.update(
      {
        type: 'RecordDetermination',
        data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: on },
        metadata: meta(caseOfficer(divisionCode)),
      },
      1,
      { correlationId: 'c' },
    );
    await cases.update({ type: 'ApproveCase', data: { caseId, determinationId: 'det-1' }, metadata: meta(approver(divisionCode)) }, 2, { correlationId: 'c' });
    return caseId;
  }

  const tick = (deps: Parameters<typeof tickAnnualReviews>[0], actor: Actor, today: string) =>
    tickAnnualReviews(deps, { actor, now: at(today), today, policy: DEFAULT_TEFU_POLICY }, { correlationId: `tick-${today}` });

  it('does not read the log: the case index names the cases, their streams are read by id', async () => {
    // Another city (嘉兴 is 3304): the next test's ticks do not see this case.
    const due = await caseOf('330102', '2024-01-05');
    const { store: wrapped, reads } = watched(store);
    const outcome = await tick({ store: wrapped, readModels }, { id: 'admin-3', role: 'admin', divisionCode: '330102' }, '2025-01-06');
    expect(outcome.markedOverdue).toEqual([{ caseId: due, dueOn: '2025-01-05', revision: 4 }]);
    expect(reads.readAllCalls).toBe(0);
    expect([...reads.caseStreamsRead]).toEqual([due]);
  });

  it('with a few hundred cases loads only the due ones, in pages of the index', async () => {
    // 330402: due on or before the tick's day (two pages of them), due later, not approved; 330411: due, another county.
    const dueBefore = await sequence(TICK_PAGE + 20, () => caseOf('330402', '2024-08-05'));
    const dueOnTheDay = await caseOf('330402', '2024-08-06');
    const notYet = await sequence(60, (i) => caseOf('330402', i % 2 === 0 ? '2024-08-07' : '2025-02-10'));
    const submitted = await sequence(5, () => caseOf('330402', null));
    const otherCounty = await sequence(6, () => caseOf('330411', '2024-08-05'));
    expect(dueBefore.length + 1 + notYet.length + submitted.length + otherCounty.length).toBeGreaterThanOrEqual(290);

    const { store: wrapped, reads } = watched(store);
    const counted = countingPages(readModels);
    const first = await tick({ store: wrapped, readModels: counted.readModels }, countyAdmin, '2025-08-06');
    expect(reads.readAllCalls).toBe(0);
    expect([...reads.caseStreamsRead].sort()).toEqual([...dueBefore, dueOnTheDay].sort());
    expect(counted.pages).toEqual([TICK_PAGE, dueBefore.length + 1 - TICK_PAGE]);
    expect(first.examined).toBe(dueBefore.length + 1);
    expect(first.markedOverdue.map((m) => m.caseId).sort()).toEqual([...dueBefore].sort());
    expect(new Set(first.markedOverdue.map((m) => `${m.dueOn}/${m.revision}`))).toEqual(new Set(['2025-08-05/4']));

    // The city's tick reaches the other county too; what is already recorded is not recorded again.
    const city = watched(store);
    const second = await tick({ store: city.store, readModels }, cityAdmin, '2025-08-06');
    expect(city.reads.readAllCalls).toBe(0);
    expect(second.markedOverdue.map((m) => m.caseId).sort()).toEqual([...otherCounty].sort());
    expect([...city.reads.caseStreamsRead].sort()).toEqual([...dueBefore, dueOnTheDay, ...otherCounty].sort());
  });
});

async function sequence<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += 1) out.push(await make(i));
  return out;
}
