import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, newId, type EventEnvelope } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { sharedSqlReadStore } from '@benefits/http';
import { type DeliveryContext, type IntegrationEvent } from '@benefits/messaging';
import { ReadModels, type Document, type DocumentStore, type Projection } from '@benefits/read-store';
import { openWarnings, readSeed } from '@benefits/standards';
import { ACTIVE_CASES, ACTIVE_CASES_PROJECTION, activeCasePages, activeCasesProjection, divisionPrefix, type ActiveCase } from './determinations/active-cases';
import { DeterminationsConsumer } from './determinations/determinations.consumer';
import { DeterminationsRepository } from './determinations/determinations.repository';
import { caseDeterminations } from './determinations/redetermination';
import { eligibilityProjections } from './read-models';
import { CATALOG_HEAD, STANDARDS, STANDARDS_CATALOG_PROJECTION, standardsCatalog, standardsCatalogProjection } from './standards/standards-catalog';
import { StandardsRepository } from './standards/standards.repository';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

jest.setTimeout(120_000);

const ADMIN = { id: 'admin-bj', role: 'admin', divisionCode: '110000' };
/** 《北京市基本公共服务实施标准（2023年版）》征求意见稿: a draft, usable only once activated. */
const BEIJING_DRAFT = '003_d2c032a64aa52382.txt';

/** The store as request and consumer paths see it, counting every read of the global log. */
function countingReads(store: EventStore): { store: EventStore; globalReads: () => number } {
  let reads = 0;
  const proxy = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'readAll' || property === 'subscribeToAll') {
        return (...args: unknown[]) => {
          reads += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, globalReads: () => reads };
}

async function allOf(documents: DocumentStore, schema: typeof STANDARDS): Promise<Document[]> {
  const out: Document[] = [];
  let cursor: string | null = null;
  do {
    const page = await documents.collection(schema).find({ limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Applies events again as a redelivery would (each in its own unit, as on a store without transactions). */
async function redeliver(documents: DocumentStore, projection: Projection, events: readonly EventEnvelope[]): Promise<void> {
  for (const event of events) if (projection.handles?.(event) ?? true) await documents.transaction((session) => projection.apply(event, session));
}

const scheduleEvent = (caseId: string, benefit: string, divisionCode: string, horizonEnd: string, scheduleId = newId()) => ({
  type: `${benefit}.EntitlementScheduleIssued.v1`,
  data: { caseId, benefit, divisionCode, horizonEnd, scheduleId },
  metadata: { correlationId: caseId },
});

describe('eligibility read models (embedded: read store in the messaging database)', () => {
  let dir: string;
  let store: EventStore;
  let db: SqlDatabase;
  let documents: DocumentStore;
  let readModels: ReadModels;
  let paths: ReturnType<typeof countingReads>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eligibility-read-models-'));
    store = await createEventStore({ kind: 'pglite', dataDir: dir });
    db = await openPgliteDatabase();
    documents = await sharedSqlReadStore(db, 'pglite')();
    // The runners follow the real store (they may read the log); request and consumer paths get the counting one.
    readModels = new ReadModels({ store, openReadStore: sharedSqlReadStore(db, 'pglite'), projections: eligibilityProjections(store), pollIntervalMs: 20 });
    paths = countingReads(store);
  });

  afterAll(async () => {
    await readModels?.close();
    await db?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('eligibility.active-cases', () => {
    const [a, b, c, d] = [newId(), newId(), newId(), newId()];

    beforeAll(async () => {
      await store.appendToStream(`determination-${a}`, [scheduleEvent(a, 'dibao', '320402', '2025-09')], { expectedRevision: 'no_stream' });
      await store.appendToStream(`determination-${b}`, [scheduleEvent(b, 'tefu', '320411', '2025-09')], { expectedRevision: 'no_stream' });
      await store.appendToStream(`determination-${c}`, [scheduleEvent(c, 'dibao', '320500', '2025-09')], { expectedRevision: 'no_stream' });
      await store.appendToStream(`determination-${d}`, [scheduleEvent(d, 'linshi', '320402', 'once')], { expectedRevision: 'no_stream' });
      // A later schedule of case a moves its horizon.
      await store.appendToStream(`determination-${a}`, [scheduleEvent(a, 'dibao', '320402', '2026-09')], { expectedRevision: 0 });
    });

    const pagesOf = async (divisionCode: string, benefits: ActiveCase['benefit'][], pageSize: number) => {
      const view = await readModels.fresh(ACTIVE_CASES_PROJECTION);
      const pages: ActiveCase[][] = [];
      for await (const page of activeCasePages(view, { divisionCode, benefits }, pageSize)) pages.push(page);
      return pages;
    };

    it('keeps one document per case, from its latest schedule', async () => {
      const view = await readModels.fresh(ACTIVE_CASES_PROJECTION);
      expect(await view.collection(ACTIVE_CASES).get(a)).toMatchObject({ caseId: a, benefit: 'dibao', divisionCode: '320402', horizonEnd: '2026-09', streamRevision: 1 });
    });

    it('pages through a division and the divisions under it, per benefit, a bounded page at a time', async () => {
      expect(divisionPrefix('320000')).toBe('32');
      expect(divisionPrefix('320400')).toBe('3204');
      expect(divisionPrefix('320402')).toBe('320402');
      const city = await pagesOf('320400', ['tefu', 'dibao'], 1);
      expect(city.every((page) => page.length <= 1)).toBe(true);
      expect(city.flat().map((x) => x.caseId).sort()).toEqual([a, b].sort());
      expect((await pagesOf('320000', ['dibao'], 2)).flat().map((x) => x.caseId).sort()).toEqual([a, c].sort());
      expect((await pagesOf('320402', ['tefu', 'dibao'], 10)).flat().map((x) => x.caseId)).toEqual([a]);
      expect(await pagesOf('320402', [], 10)).toEqual([]);
    });

    it('given every event delivered again, and an older schedule after a newer one, the documents are the same', async () => {
      const view = await readModels.fresh(ACTIVE_CASES_PROJECTION);
      const before = await allOf(documents, ACTIVE_CASES);
      const events = [...(await store.readStream(`determination-${a}`)), ...(await store.readStream(`determination-${b}`))];
      await redeliver(documents, activeCasesProjection(), events);
      await redeliver(documents, activeCasesProjection(), [...events].reverse());
      expect(await allOf(documents, ACTIVE_CASES)).toEqual(before);
      expect(await view.collection(ACTIVE_CASES).get(a)).toMatchObject({ horizonEnd: '2026-09' });
    });
  });

  describe('eligibility.standards-catalog, and determinations right after an import and an activation', () => {
    let versionId: string;
    const caseId = newId();
    const [wife, husband] = [newId(), newId()];
    const family = {
      members: [
        { personRef: wife, role: 'wife', birthDate: '1970-03-15' },
        { personRef: husband, role: 'husband', birthDate: '1968-11-02' },
      ],
      family: { familyType: 'childDeceased', childEventDate: '2024-06-01' },
    };
    const header = () => ({ eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2025-02-10T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId });
    const ctx = () => ({ eventId: newId() }) as DeliveryContext;

    it('given a draft imported and activated, a determination handled right after (inside the inbox transaction of the same database) is pinned to it, without reading the log', async () => {
      const standards = new StandardsRepository(paths.store, readModels);
      const imported = await standards.importDocument({ text: readSeed(BEIJING_DRAFT), sourceName: 'beijing.txt', divisionCode: '110000', actor: ADMIN, correlationId: 'c1' });
      versionId = imported.versionId;
      const draft = (await standards.requireStandard('bps-110000')).versions[0];
      for (const w of openWarnings(await standards.requireStandard('bps-110000'), draft)) {
        await standards.acknowledgeWarning({ standardId: 'bps-110000', versionId, warningId: w.warningId, note: '已核对原件（测试）', actor: ADMIN, at: '2025-01-01T00:00:00.000Z', correlationId: 'c1' });
      }
      await standards.activate({ standardId: 'bps-110000', versionId, divisionCode: '110000', effectiveFrom: '2025-01-01', reason: '正式标准发布前试运行（测试）', actor: ADMIN, correlationId: 'c2' });

      const consumer = new DeterminationsConsumer(paths.store, readModels);
      const facts: IntegrationEvent<'CaseFactsSnapshotted'> = {
        header: header(),
        caseId,
        benefit: 'tefu',
        divisionCode: '110105',
        effectiveFrom: '2025-02-10',
        caseRevision: 1,
        factsJson: canonicalJson(family),
      };
      // As the delivery pipeline runs it: in a transaction of the messaging database, which here also
      // holds the read models. Waiting on the read store in there would never end.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the handler waited on the read store')), 10_000)));
      await Promise.race([db.transaction(() => consumer.onFacts(facts, ctx())), timeout]).finally(() => clearTimeout(timer));

      const [determination] = caseDeterminations(await store.readStream(`determination-${caseId}`)).determinations;
      expect(determination).toMatchObject({
        benefit: 'tefu',
        eligible: true,
        standardRef: { standardId: 'bps-110000', versionId },
        amounts: [
          { beneficiaryRef: wife, periodKey: '2025', amountFen: 1_080_000 },
          { beneficiaryRef: husband, periodKey: '2025', amountFen: 1_080_000 },
        ],
      });
      const approved: IntegrationEvent<'CaseApproved'> = {
        header: header(),
        caseId,
        benefit: 'tefu',
        divisionCode: '110105',
        determinationId: determination.determinationId,
        effectiveFrom: '2025-03-01',
        overrideReasonCode: '',
        approvedAmounts: [],
      };
      await db.transaction(() => consumer.onApproved(approved, ctx()));
      expect(caseDeterminations(await store.readStream(`determination-${caseId}`)).schedules).toHaveLength(1);
      expect(paths.globalReads()).toBe(0);
    });

    it('runs redetermination and horizon extension over the active-cases read model, without reading the log', async () => {
      const repository = new DeterminationsRepository(paths.store, readModels);
      const actor = ADMIN;
      const run = await repository.redetermineAll({ divisionCode: '110000', benefit: null, effectiveFrom: '2026-01-01', cause: { kind: 'manual', ref: 'read-models-spec' }, correlationId: 'c3', actor });
      expect(run).toMatchObject({ considered: 1, failed: [] });
      expect([...run.issued, ...run.unchanged]).toEqual([caseId]);
      const extended = await repository.extendAll({ divisionCode: '110105', asOfMonth: '2026-11', leadMonths: 3, correlationId: 'c4', actor });
      expect(extended).toMatchObject({ considered: 1, issued: [caseId], failed: [] });
      // Nothing of 320xxx (other cases in the model) was considered.
      expect((await repository.redetermineAll({ divisionCode: '110100', benefit: 'dibao', effectiveFrom: '2026-01-01', cause: { kind: 'manual', ref: 'none' }, correlationId: 'c5', actor })).considered).toBe(0);
      expect(paths.globalReads()).toBe(0);
    });

    it('serves one frozen catalog array until the catalog changes, and lists it without reading the log', async () => {
      const catalog = standardsCatalog(readModels);
      const first = await catalog.recent();
      expect(await catalog.recent()).toBe(first);
      expect(await catalog.fresh()).toBe(first);
      expect(Object.isFrozen(first[0].versions[0])).toBe(true);
      const listed = await new StandardsRepository(paths.store, readModels).listStandards();
      expect(listed.map((s) => [s.standardId, s.versions.length, s.activations.length])).toEqual([['bps-110000', 1, 1]]);
      expect(paths.globalReads()).toBe(0);
    });

    it('given every standard event delivered again, an earlier event after a later one, or a head lost between two writes, the documents are the same', async () => {
      await readModels.fresh(STANDARDS_CATALOG_PROJECTION);
      const before = [await allOf(documents, STANDARDS), await allOf(documents, CATALOG_HEAD)];
      const events = await store.readStream('standard-bps-110000');
      // The import, any acknowledgements of parse warnings, the activation.
      expect(before[1]).toEqual([{ revisions: { 'bps-110000': events.length - 1 } }]);
      const projection = standardsCatalogProjection({ store });
      await redeliver(documents, projection, events);
      await redeliver(documents, projection, [...events].reverse());
      expect([await allOf(documents, STANDARDS), await allOf(documents, CATALOG_HEAD)]).toEqual(before);
      // A store without transactions may stop between the document and the head: the redelivery mends it.
      await documents.collection(CATALOG_HEAD).delete('catalog');
      await redeliver(documents, projection, events.slice(-1));
      expect([await allOf(documents, STANDARDS), await allOf(documents, CATALOG_HEAD)]).toEqual(before);
    });
  });
});
