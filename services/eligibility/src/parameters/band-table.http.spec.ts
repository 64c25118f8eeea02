import { canonicalJson, newId } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
// Before @benefits/benefits: zod schemas built before @benefits/http extends zod lack .openapi(), which the app's route documents need.
import '@benefits/http';
import type { DeliveryContext, IntegrationEvent } from '@benefits/messaging';
import { sampleBandTableValue } from '@benefits/benefits';
import { readSeed, SAMPLE_BAND_TABLE_SOURCE } from '@benefits/standards';
import type { DeterminationsConsumer } from '../determinations/determinations.consumer';
import { caseDeterminations } from '../determinations/redetermination';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';

jest.setTimeout(90_000);

/**
 * 临时救助 band tables published as the parameter linshi.band-table, then used by determinations and
 * by the what-if. Every table and B here is SAMPLE DATA (示例数据（非官方）), never an official one.
 */
const SAMPLE = { docNo: '示例数据（非官方）' };
const TABLE = sampleBandTableValue('sample-330402');
const NANHU = '330402';

describe('linshi.band-table: publish, determine, what-if (eligibility service)', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  let consumer: DeterminationsConsumer;
  const http = () => t.http();
  const as = (who: string) => t.as(who);
  const publish = (body: Record<string, unknown>, who = 'admin') =>
    http()
      .post('/parameters/linshi.band-table')
      .set(as(who))
      .send({ divisionCode: NANHU, effectiveFrom: '2025-01-01', value: TABLE, source: SAMPLE_BAND_TABLE_SOURCE, sampleData: true, ...body });

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-band-table-', {
      tokens: {
        admin: { role: 'admin', division: '330400', sub: 'admin-jx' },
        wenzhouAdmin: { role: 'admin', division: '330300', sub: 'admin-wz' },
        officer: { role: 'case_officer', division: NANHU, sub: 'officer-1' },
      },
    });
    ({ store, consumer } = t);
    await http().post('/standards/import?division=330400&sourceName=jiaxing.txt').set(as('admin')).set('Content-Type', 'text/plain').send(readSeed('001_40e26111df30cc0a.txt')).expect(201);
    await http()
      .post('/parameters/dibao.standard')
      .set(as('admin'))
      .send({ divisionCode: '330400', effectiveFrom: '2024-01-01', value: { fen: 100_000 }, source: SAMPLE, sampleData: true })
      .expect(201);
  });

  afterAll(() => t?.close());

  const ctx = () => ({ eventId: newId() }) as DeliveryContext;
  const factsEvent = (caseId: string, value: unknown, caseRevision: number): IntegrationEvent<'CaseFactsSnapshotted'> => ({
    header: { eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2025-03-10T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId },
    caseId,
    benefit: 'linshi',
    divisionCode: NANHU,
    effectiveFrom: '2025-03-10',
    caseRevision,
    factsJson: canonicalJson(value),
  });
  const caseId = newId();
  const [a, b, c] = [newId(), newId(), newId()];
  const zhichu = { type: 'zhichu', householdMembers: 3, memberRefs: [a, b, c], group: 'g1', necessaryExpenditureFen: 3_000_000, cause: 'illness' };
  const whatIf = (bandTable?: unknown) => ({
    benefit: 'linshi',
    rulePackId: 'linshi-330400-2023',
    dibaoStandard: { name: 'dibao.standard', value: { fen: 100_000 }, divisionCode: '330400', effectiveFrom: '2024-01-01', source: { docNo: '示例数据（非官方）', title: null }, sampleData: true },
    ...(bandTable ? { bandTable } : {}),
    facts: { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 3, group: 'g1', necessaryExpenditure: { fen: 3_000_000 } },
  });

  it('before a table is published, a 嘉兴 支出型 determination and the what-if are not computable', async () => {
    await consumer.onFacts(factsEvent(caseId, zhichu, 1), ctx());
    const [d] = caseDeterminations(await store.readStream(`determination-${caseId}`)).determinations;
    expect(d).toMatchObject({ benefit: 'linshi', outcome: 'notComputable', eligible: false, amounts: [] });
    const res = await http().post('/eligibility/evaluate').set(as('officer')).send(whatIf()).expect(200);
    expect(res.body.outcome).toBe('notComputable');
    await http().get(`/parameters/linshi.band-table?division=${NANHU}&date=2025-03-10`).set(as('officer')).expect(404);
  });

  it('only an admin of the division (or above it) may publish; bad tables and incomplete sources are refused with typed errors, nothing written', async () => {
    const head = await store.headPosition();
    const outOfScope = await publish({}, 'wenzhouAdmin').expect(403);
    expect(outOfScope.body).toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    await publish({}, 'officer').expect(403);
    const invalid = await publish({ value: { ...TABLE, zhichu: { g1: { ...TABLE.zhichu.g1, bands: [{ upTo: null, rateBp: 12000 }, { upTo: null, rateBp: 1 }] } } } }).expect(400);
    expect(invalid.body).toMatchObject({ code: 'BAND_TABLE_INVALID', message: { zh: expect.stringContaining('临时救助标准表'), en: expect.stringContaining('band table') } });
    expect(invalid.body.details.issues.map((i: { code: string }) => i.code).sort()).toEqual(['GROUP_MISSING', 'LAST_BAND_NOT_OPEN', 'RATE_OUT_OF_RANGE']);
    const noIssuer = await publish({ source: { docNo: '示例数据（非官方）', title: '示例' } }).expect(400);
    expect(noIssuer.body).toMatchObject({ code: 'BAND_TABLE_SOURCE_INCOMPLETE', details: { missing: ['issuer'] } });
    expect(await store.headPosition()).toBe(head);
  });

  it('an admin publishes a sample table for 南湖区; the lookup answers it with its document', async () => {
    const res = await publish({}).expect(201);
    expect(res.body).toMatchObject({ created: true });
    expect(res.body.redetermination).toBeUndefined();
    await publish({}).expect(201).expect((r) => expect(r.body).toMatchObject({ created: false, entryId: res.body.entryId }));
    const lookup = await http().get(`/parameters/linshi.band-table?division=${NANHU}&date=2025-03-10`).set(as('officer')).expect(200);
    expect(lookup.body).toMatchObject({
      resolvedAt: NANHU,
      entry: { entryId: res.body.entryId, value: TABLE, sampleData: true, source: SAMPLE_BAND_TABLE_SOURCE, publishedBy: { id: 'admin-jx' } },
    });
  });

  it('a new 支出型 snapshot is then determined with the published table: eligible, the amount, and the trace naming the table and its source', async () => {
    await consumer.onFacts(factsEvent(caseId, zhichu, 2), ctx());
    const d = caseDeterminations(await store.readStream(`determination-${caseId}`)).determinations.at(-1)!;
    // Sample table g1: 40% × 20,000 + 60% × 10,000 = 14,000 (under 20 × B).
    expect(d).toMatchObject({ outcome: 'eligible', eligible: true, amounts: [{ beneficiaryRef: a, periodKey: `once:${caseId}`, amountFen: 1_400_000 }] });
    const step = d.trace.find((s) => s.id === 'linshi.delegated')!;
    expect(step.policies).toContain('linshi.delegated.published');
    expect(step.parameters.find((p) => p.key === 'linshi.band-table')?.source).toMatchObject({
      tableId: 'sample-330402',
      divisionCode: NANHU,
      effectiveFrom: '2025-01-01',
      docNo: '示例数据（非官方）',
      title: '示例临时救助标准表（非官方）',
      issuer: '示例数据（非官方）',
      sampleData: true,
      revision: 0,
    });
  });

  it('the what-if evaluates with the published entry passed as bandTable; a table in the facts wins there, and the trace says so', async () => {
    const lookup = await http().get(`/parameters/linshi.band-table?division=${NANHU}&date=2025-03-10`).set(as('officer')).expect(200);
    const { entry, resolvedAt } = lookup.body;
    const bandTable = {
      name: 'linshi.band-table',
      value: entry.value,
      divisionCode: resolvedAt,
      effectiveFrom: entry.effectiveFrom,
      entryId: entry.entryId,
      source: entry.source,
      sampleData: entry.sampleData,
    };
    const res = await http().post('/eligibility/evaluate').set(as('officer')).send(whatIf(bandTable)).expect(200);
    expect(res.body).toMatchObject({ outcome: 'eligible', amount: { total: { fen: 1_400_000 } } });
    const own = { tableId: 'what-if', source: { docNo: '示例数据（非官方）', title: null }, sampleData: true, zhichu: { floor: { fen: 0 }, bands: [{ upTo: null, rateBp: 1000 }] } };
    const body = whatIf(bandTable);
    const both = await http().post('/eligibility/evaluate').set(as('officer')).send({ ...body, facts: { ...body.facts, bandTable: own } }).expect(200);
    expect(both.body.amount.total).toEqual({ fen: 300_000 });
    expect(both.body.trace.find((s: { id: string }) => s.id === 'linshi.delegated').policies).toContain('linshi.delegated.whatIfTable');
    const early = await http().post('/eligibility/evaluate').set(as('officer')).send({ ...body, facts: { ...body.facts, decisionDate: '2024-12-31' } }).expect(422);
    expect(early.body).toMatchObject({ code: 'LINSHI_BAND_TABLE_NOT_IN_EFFECT' });
  });
});
