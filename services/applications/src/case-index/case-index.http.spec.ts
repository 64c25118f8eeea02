import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LocalDate, type EventEnvelope } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp } from '@benefits/http';
import { createDevTokenVerifier, residentIdCheckChar, type DevTokenAuthority } from '@benefits/identity';
import { createDocumentStore, ProjectionRunner, type DocumentStore } from '@benefits/read-store';
import { createTestDatabase } from '@benefits/testing';
import type { BenefitWorkflow, CaseSummary } from '../integration/benefit-workflow';
import { vaultFromEnvironment } from '../personal-data/vault-connection';
import { createApplicationsService } from '../service';
import { tefuWorkflow } from '../tefu/tefu-workflow';
import { CASE_INDEX, CASE_INDEX_PROJECTION } from './case-index';

jest.setTimeout(60_000);

const residentId = (division: string, birth: string, sequence: string) => {
  const first17 = `${division}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};

let households = 0;
/** A different sample couple each time (names and 身份证号 are invented). */
const household = (divisionCode: string) => {
  households += 1;
  const seq = String(100 + households * 2);
  return {
    divisionCode,
    members: [
      { role: 'wife', name: `示例甲${households}`, residentId: residentId(divisionCode, '1970-03-15', seq), birthDate: '1970-03-15' },
      { role: 'husband', name: `示例乙${households}`, residentId: residentId(divisionCode, '1968-11-02', String(Number(seq) + 1)), birthDate: '1968-11-02' },
    ],
    family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample'] },
  };
};
const standardRef = { standardId: 'jiaxing-basic-public-services', versionId: '2023', itemNo: '52', contentHash: 'b'.repeat(64) };

/**
 * A stand-in benefit workflow (events `fake.*`) whose cases carry due items of two kinds, so the due
 * filters are checked independently of any one benefit's rules. Listed as benefit `linshi`.
 */
const fakeWorkflow: BenefitWorkflow = {
  ...tefuWorkflow,
  benefit: 'linshi',
  ownsEventType: (type) => type.startsWith('fake.'),
  factEvents: new Set(),
  snapshot: () => null,
  summary(events: readonly EventEnvelope[]): CaseSummary | null {
    if (!events.every((e) => e.type.startsWith('fake.'))) return null;
    // Each event carries the case's whole state: the last one is the summary's source.
    const state = events[events.length - 1].data as { status: string; due: { kind: string; dueOn: string }[] };
    return {
      caseId: events[0].streamId.slice('case-'.length),
      benefit: 'linshi',
      divisionCode: (events[0].data as { divisionCode: string }).divisionCode,
      status: state.status,
      revision: events[events.length - 1].streamRevision,
      openedOn: '2024-08-01',
      updatedAt: events[events.length - 1].recordedAt,
      due: state.due,
    };
  },
};

describe('applications: the case list (GET /cases) over HTTP', () => {
  let dataDir: string;
  let store: EventStore;
  let readStoreUrl: string;
  let authority: DevTokenAuthority;
  let app: INestApplication;
  let now = new Date('2024-08-05T02:00:00Z');
  const errors: unknown[] = [];
  const token: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const statuses: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'applications-case-index-'));
    const eventsUrl = await createTestDatabase('case_index_events');
    readStoreUrl = await createTestDatabase('case_index_read');
    store = await createEventStore({ kind: 'postgres', url: eventsUrl });
    authority = await createDevTokenVerifier({ dataDir });
    const service = createApplicationsService({
      openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir, BENEFITS_EVENT_STORE: 'postgres', BENEFITS_PG_URL: eventsUrl }),
      clock: () => now,
      caseIndex: { workflows: [tefuWorkflow, fakeWorkflow], pollIntervalMs: 50 },
    });
    // The read models report a failing projection on the console: collected, and none is expected.
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    const readStore = () => createDocumentStore({ kind: 'postgres', url: readStoreUrl });
    app = await createServiceApp(service, { store, verifier: authority, readStore }, { logger: false });
    const issue = (sub: string, role: string, division: string) => authority.issueDevToken({ sub, role, division });
    token.intake402 = await issue('officer-wang', 'intake_officer', '330402');
    token.caseOfficer402 = await issue('officer-li', 'case_officer', '330402');
    token.approver402 = await issue('approver-zhao', 'approver', '330402');
    token.intake411 = await issue('officer-chen', 'intake_officer', '330411');
    token.city = await issue('auditor-zhou', 'auditor', '330400');
    token.province = await issue('admin-qian', 'admin', '330000');
    token.elsewhere = await issue('officer-su', 'case_officer', '320102');

    // 330402: one approved, one submitted; 330411: one draft.
    ids.approved = await createCase('intake402', '330402');
    await post(`/cases/${ids.approved}/submit`, 'intake402', '"0"').send({}).expect(200);
    await post(`/cases/${ids.approved}/determinations`, 'caseOfficer402', '"1"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, standardRef, effectiveFrom: '2024-09-01' })
      .expect(200);
    statuses.approved = (await post(`/cases/${ids.approved}/approve`, 'approver402', '"2"').send({ determinationId: 'det-1' }).expect(200)).body.status;
    ids.submitted = await createCase('intake402', '330402');
    statuses.submitted = (await post(`/cases/${ids.submitted}/submit`, 'intake402', '"0"').send({}).expect(200)).body.status;
    ids.draft = await createCase('intake411', '330411');
    statuses.draft = 'draft';
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    jest.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const server = () => app.getHttpServer();
  const post = (path: string, who: string, ifMatch?: string) => {
    const call = request(server()).post(path).set('Authorization', `Bearer ${token[who]}`);
    return ifMatch === undefined ? call : call.set('If-Match', ifMatch);
  };
  const list = (who: string, query: Record<string, string> = {}) =>
    request(server()).get('/cases').query(query).set('Authorization', `Bearer ${token[who]}`);
  const caseIds = async (who: string, query: Record<string, string> = {}) =>
    ((await list(who, query).expect(200)).body.items as { caseId: string }[]).map((i) => i.caseId).sort();
  const sorted = (...values: string[]) => [...values].sort();

  async function createCase(who: string, division: string): Promise<string> {
    return (await post('/cases/tefu', who).send(household(division)).expect(201)).body.caseId;
  }

  it('lists the cases of the caller’s division and the divisions under it, fresh up to the log head', async () => {
    // The list waits a short while for its read model, then answers with what it has (caughtUp false):
    // asked again until it has caught up, as a loaded machine may need more than one wait.
    const deadline = Date.now() + 30_000;
    let res = await list('approver402').expect(200);
    while (!res.body.caughtUp && Date.now() < deadline) res = await list('approver402').expect(200);
    expect(res.body.caughtUp).toBe(true);
    expect(res.body.position).toBe(await store.headPosition());
    expect(res.body.today).toBe('2024-08-05');
    expect(res.body.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual(sorted(ids.approved, ids.submitted));
    const approved = res.body.items.find((i: { caseId: string }) => i.caseId === ids.approved);
    expect(approved).toMatchObject({ benefit: 'tefu', divisionCode: '330402', status: statuses.approved, revision: 3, openedOn: '2024-08-05', overdue: false });
    expect(approved.dueKeys).toBeUndefined();

    expect(await caseIds('intake411')).toEqual([ids.draft]);
    expect(await caseIds('city')).toEqual(sorted(ids.approved, ids.submitted, ids.draft));
    expect(await caseIds('province')).toEqual(sorted(ids.approved, ids.submitted, ids.draft));
    expect(await caseIds('elsewhere')).toEqual([]);
    expect(await caseIds('city', { division: '330411' })).toEqual([ids.draft]);
    expect(await caseIds('province', { division: '330400' })).toEqual(sorted(ids.approved, ids.submitted, ids.draft));
  });

  it('refuses a division outside the caller’s (403 DIVISION_NOT_ALLOWED)', async () => {
    const res = await list('approver402', { division: '330411' }).expect(403);
    expect(res.body.code).toBe('DIVISION_NOT_ALLOWED');
    expect(res.body.message.zh).toEqual(expect.any(String));
    expect((await list('approver402', { division: '330400' }).expect(403)).body.code).toBe('DIVISION_NOT_ALLOWED');
  });

  it('filters by status and benefit', async () => {
    expect(await caseIds('city', { status: statuses.submitted })).toEqual([ids.submitted]);
    expect(await caseIds('city', { status: statuses.approved })).toEqual([ids.approved]);
    expect(await caseIds('city', { status: 'draft', division: '330402' })).toEqual([]);
    expect(await caseIds('city', { benefit: 'tefu' })).toEqual(sorted(ids.approved, ids.submitted, ids.draft));
    expect(await caseIds('city', { benefit: 'dibao' })).toEqual([]);
  });

  it('shows a change of a case as soon as the command has answered', async () => {
    const res = await post(`/cases/${ids.draft}/submit`, 'intake411', '"0"').send({}).expect(200);
    statuses.draft = res.body.status;
    expect(await caseIds('city', { status: res.body.status, division: '330411' })).toEqual([ids.draft]);
  });

  it('pages with cursors, most recently changed first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '1', ...(cursor ? { cursor } : {}) };
      const page: { body: { items: { caseId: string }[]; nextCursor: string | null } } = await list('city', query).expect(200);
      seen.push(...page.body.items.map((i) => i.caseId));
      cursor = page.body.nextCursor;
    } while (cursor);
    // The draft case was submitted last, the submitted one created after the approved one.
    expect(seen).toEqual([ids.draft, ids.submitted, ids.approved]);
    const first = await list('city', { limit: '1' }).expect(200);
    const wrong = await list('city', { limit: '1', status: 'draft', cursor: first.body.nextCursor }).expect(400);
    expect(wrong.body.code).toBe('INVALID_CURSOR');
    expect((await list('city', { cursor: 'not-a-cursor' }).expect(400)).body.code).toBe('INVALID_CURSOR');
  });

  it('finds the 年审 due on approved 特扶 cases and reports them overdue once the clock passes it', async () => {
    const before = (await list('city', { benefit: 'tefu', status: statuses.approved }).expect(200)).body.items[0];
    expect(before.due).toEqual([{ kind: 'tefu.annualReview', dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    const dueOn: string = before.due[0].dueOn;
    expect(await caseIds('city', { overdue: 'true', benefit: 'tefu' })).toEqual([]);
    expect(await caseIds('city', { dueKind: 'tefu.annualReview' })).toEqual([ids.approved]);
    expect(await caseIds('city', { dueKind: 'tefu.annualReview', dueBefore: dueOn })).toEqual([]);
    const dayAfter = LocalDate.parse(dueOn).plusDays(1).toString();
    expect(await caseIds('city', { dueBefore: dayAfter, benefit: 'tefu' })).toEqual([ids.approved]);
    const saved = now;
    try {
      // 00:30 in Asia/Shanghai on the day after the due date (still the due date in UTC).
      now = new Date(`${dayAfter}T00:30:00+08:00`);
      const res = await list('city', { overdue: 'true', benefit: 'tefu' }).expect(200);
      expect(res.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([ids.approved]);
      expect(res.body.items[0].overdue).toBe(true);
      expect(res.body.today).toBe(dayAfter);
      // On the due date itself it is not overdue yet.
      now = new Date(`${dueOn}T23:30:00+08:00`);
      expect(await caseIds('city', { overdue: 'true', benefit: 'tefu' })).toEqual([]);
    } finally {
      now = saved;
    }
  });

  it('filters due items by kind and date exactly (a stand-in workflow with two kinds of deadline)', async () => {
    const fake = async (id: string, divisionCode: string, due: { kind: string; dueOn: string }[]) =>
      store.appendToStream(`case-${id}`, [{ type: 'fake.Opened.v1', data: { divisionCode, status: 'open', due }, metadata: { correlationId: id } }], {
        expectedRevision: 'no_stream',
      });
    await fake('fake-1', '330402', [
      { kind: 'fake.paperwork', dueOn: '2024-08-01' },
      { kind: 'fake.review', dueOn: '2024-12-01' },
    ]);
    await fake('fake-2', '330402', [{ kind: 'fake.review', dueOn: '2024-07-01' }]);
    await fake('fake-3', '330411', []);
    const linshi = (query: Record<string, string>) => caseIds('city', { benefit: 'linshi', ...query });
    expect(await linshi({})).toEqual(['fake-1', 'fake-2', 'fake-3']);
    expect(await linshi({ overdue: 'true' })).toEqual(['fake-1', 'fake-2']);
    expect(await linshi({ dueKind: 'fake.review' })).toEqual(['fake-1', 'fake-2']);
    // fake-1's review is not overdue on 2024-08-05 (its paperwork is): only fake-2.
    expect(await linshi({ dueKind: 'fake.review', overdue: 'true' })).toEqual(['fake-2']);
    expect(await linshi({ dueKind: 'fake.paperwork', overdue: 'true' })).toEqual(['fake-1']);
    expect(await linshi({ dueBefore: '2024-07-15' })).toEqual(['fake-2']);
    expect(await linshi({ dueKind: 'fake.review', dueBefore: '2024-12-02' })).toEqual(['fake-1', 'fake-2']);
    const items = (await list('approver402', { benefit: 'linshi', overdue: 'true' }).expect(200)).body.items;
    expect(items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
  });

  it('answers a bad query with 400 and a stable code, and writes nothing', async () => {
    const head = await store.headPosition();
    const documents: DocumentStore = await createDocumentStore({ kind: 'postgres', url: readStoreUrl });
    try {
      const count = await documents.collection(CASE_INDEX).count();
      const checkpoint = await ProjectionRunner.checkpoint(documents, CASE_INDEX_PROJECTION);
      const cases: [Record<string, string>, string][] = [
        [{ limit: '0' }, 'VALIDATION_FAILED'],
        [{ limit: 'many' }, 'VALIDATION_FAILED'],
        [{ overdue: 'yes' }, 'VALIDATION_FAILED'],
        [{ dueBefore: '2024-13-01' }, 'VALIDATION_FAILED'],
        [{ division: '3304' }, 'VALIDATION_FAILED'],
        [{ benefit: 'pension' }, 'VALIDATION_FAILED'],
        [{ sort: 'divisionCode' }, 'VALIDATION_FAILED'],
        [{ page: '2' }, 'UNKNOWN_FIELD'],
      ];
      for (const [query, code] of cases) {
        const res = await list('city', query);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code });
      }
      const repeated = await request(server()).get('/cases?status=a&status=b').set('Authorization', `Bearer ${token.city}`).expect(400);
      expect(repeated.body.code).toBe('VALIDATION_FAILED');
      expect(await store.headPosition()).toBe(head);
      expect(await documents.collection(CASE_INDEX).count()).toBe(count);
      expect(await ProjectionRunner.checkpoint(documents, CASE_INDEX_PROJECTION)).toEqual(checkpoint);
    } finally {
      await documents.close();
    }
    await request(server()).get('/cases').expect(401);
  });

  it('rebuilds from scratch to the same list (POST /projections/{name}/rebuild, role admin)', async () => {
    const before = (await list('province', { limit: '200' }).expect(200)).body.items;
    const rebuild = (who: string) => request(server()).post(`/projections/${CASE_INDEX_PROJECTION}/rebuild`).set('Authorization', `Bearer ${token[who]}`);
    expect((await rebuild('city').expect(403)).body.code).toBe('FORBIDDEN');
    const rebuilt = (await rebuild('province').expect(200)).body.projection;
    expect(rebuilt).toMatchObject({ name: CASE_INDEX_PROJECTION, version: 1, caughtUp: true, rebuilding: null, position: await store.headPosition() });
    const after = await list('province', { limit: '200' }).expect(200);
    expect(after.body.caughtUp).toBe(true);
    expect(after.body.items).toEqual(before);
    const status = (await request(server()).get('/projections').set('Authorization', `Bearer ${token.city}`).expect(200)).body.projections;
    expect(status).toEqual([expect.objectContaining({ name: CASE_INDEX_PROJECTION, version: 1, running: true, caughtUp: true })]);
    expect(errors).toEqual([]);
  });
});
