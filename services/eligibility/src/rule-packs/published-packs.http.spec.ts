import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { canonicalJson, newId } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
// Before @benefits/benefits: zod schemas built before @benefits/http extends zod lack .openapi(), which the app's route documents need.
import '@benefits/http';
import type { DeliveryContext, IntegrationEvent } from '@benefits/messaging';
import { RULE_PACKS, type RulePack } from '@benefits/standards';
import type { DeterminationsConsumer } from '../determinations/determinations.consumer';
import { caseDeterminations } from '../determinations/redetermination';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';
import { rulePackCommand } from '../cli/rule-pack-command';
import { RulePackInputSchema } from './rule-packs.schemas';

jest.setTimeout(120_000);

/**
 * A sixth city, invented (样例市, division 339900 — SAMPLE DATA, not an official standard): its
 * standards document, its 特扶 and 低保 rule packs and its 低保标准 are published through the API and
 * the command line only, and cases there are determined with traces quoting that document. No code
 * knows this city: the fixtures are the document and two pack files.
 */
const FIXTURES = join(__dirname, '__fixtures__');
const DOCUMENT = readFileSync(join(FIXTURES, 'yangli-2026.txt'), 'utf8');
const packFile = (id: string) => join(FIXTURES, `${id}.json`);
const pack = (id: string): RulePack => JSON.parse(readFileSync(packFile(id), 'utf8'));
const SAMPLE = { docNo: '样例数据（非官方）' };

describe('rule packs as published data: a sixth, invented city through the API only', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  let app: INestApplication;
  let consumer: DeterminationsConsumer;
  let tokens: Record<string, string>;
  const http = () => t.http();
  const as = (who: string) => t.as(who);
  const standardEvents = async () => (await store.readStream('standard-bps-339900')).map((e) => e.type);

  beforeAll(async () => {
    t = await startEligibilityApp('published-packs-', {
      tokens: {
        admin: { role: 'admin', division: '339900', sub: 'admin-yl' },
        otherAdmin: { role: 'admin', division: '330400', sub: 'admin-jx' },
        officer: { role: 'case_officer', division: '339902', sub: 'officer-yl' },
      },
    });
    ({ store, app, consumer, tokens } = t);
  });

  afterAll(() => t?.close());

  it('the pack files and every shipped pack have the shape POST /rule-packs takes', () => {
    for (const p of [...RULE_PACKS, pack('tefu-339900-2026'), pack('dibao-339900-2026')]) {
      expect({ id: p.id, issues: RulePackInputSchema.safeParse(p).error?.issues ?? [] }).toEqual({ id: p.id, issues: [] });
    }
  });

  it("imports the city's standard (final, in force from 2026-02-01) through the API", async () => {
    const res = await http().post('/standards/import?division=339900&sourceName=yangli-2026.txt').set(as('admin')).set('Content-Type', 'text/plain').send(DOCUMENT).expect(201);
    expect(res.body).toMatchObject({ standardId: 'bps-339900', versionId: 'a8f7f2d7689bdb7b', created: true, itemCount: 2, warnings: [] });
    const inForce = await http().get('/standards/in-force?division=339902&benefit=tefu&date=2026-03-01').set(as('officer')).expect(200);
    expect(inForce.body).toMatchObject({ standardId: 'bps-339900', versionId: 'a8f7f2d7689bdb7b' });
  });

  it('refuses a pack that is wrong in any way, with typed errors, and writes nothing', async () => {
    const tefu = pack('tefu-339900-2026');
    const before = await standardEvents();
    const post = (body: unknown, who = 'admin') => http().post('/rule-packs').set(as(who)).send(body as object);
    expect((await post(tefu, 'officer').expect(403)).body.code).toBe('FORBIDDEN');
    expect((await post(tefu, 'otherAdmin').expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    const badQuote = { ...tefu, parameters: tefu.parameters.map((p, i) => (i === 0 ? { ...p, citation: { ...p.citation, quote: '特别扶助金标准为每人每月1300元' } } : p)) };
    const quote = await post(badQuote).expect(422);
    expect(quote.body).toMatchObject({ code: 'RULE_PACK_INVALID', message: { zh: expect.any(String), en: expect.any(String) }, details: { problems: [{ parameter: 'tefu.death.amount', problem: 'quote-not-found' }] } });
    const badValue = { ...tefu, parameters: tefu.parameters.map((p, i) => (i === 0 ? { ...p, value: { kind: 'money', fen: 130_000, per: 'person-month' } } : p)) };
    expect((await post(badValue).expect(422)).body.details.problems).toEqual([expect.objectContaining({ parameter: 'tefu.death.amount', problem: 'value-not-in-quote', expected: '1300' })]);
    const misspelt = { ...tefu, parameters: tefu.parameters.map((p, i) => (i === 0 ? { ...p, key: 'tefu.deathAmount' } : p)) };
    expect((await post(misspelt).expect(422)).body).toMatchObject({ code: 'RULE_PACK_SHAPE_INVALID', details: { problems: expect.arrayContaining([expect.objectContaining({ key: 'tefu.deathAmount', problem: 'unknown-parameter' })]) } });
    expect((await post({ ...tefu, readings: ['tefu.noSuchReading'] }).expect(422)).body.code).toBe('RULE_PACK_SHAPE_INVALID');
    expect((await post({ ...tefu, id: 'tefu-330400-2026' }).expect(422)).body.code).toBe('RULE_PACK_ID_INVALID');
    expect((await post({ ...tefu, standard: { ...tefu.standard, versionId: '0000000000000000' } }).expect(422)).body.details.problems[0].problem).toBe('version-not-found');
    expect((await post({ ...tefu, extra: true }).expect(400)).body.code).toMatch(/VALIDATION_FAILED|UNKNOWN_FIELD/);
    expect(await standardEvents()).toEqual(before);
  });

  it('publishes the 特扶 pack from the command line and the 低保 pack over HTTP; the same pack again writes nothing; the same id with other content is refused', async () => {
    const server = await app.listen(0, '127.0.0.1');
    const { port } = server.address() as { port: number };
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {} };
    const common = ['--url', `http://127.0.0.1:${port}`, '--token', tokens.admin];
    expect({ code: await rulePackCommand(['standards', 'publish-pack', packFile('tefu-339900-2026'), ...common], io), err: err.join('') }).toEqual({ code: 0, err: '' });
    expect(out.join('')).toMatch(/规则包已发布 published: tefu-339900-2026/);
    const dibao = await http().post('/rule-packs').set(as('admin')).send(pack('dibao-339900-2026')).expect(201);
    expect(dibao.body).toMatchObject({ id: 'dibao-339900-2026', created: true, supersedes: null, requiresActivation: false, parameterCount: 4, packHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const again = await http().post('/rule-packs').set(as('admin')).send(pack('dibao-339900-2026')).expect(201);
    expect(again.body).toMatchObject({ created: false, packHash: dibao.body.packHash });
    const edited = { ...pack('dibao-339900-2026'), note: '改过的说明' };
    expect((await http().post('/rule-packs').set(as('admin')).send(edited).expect(409)).body.code).toBe('RULE_PACK_EXISTS');
    expect((await http().post('/rule-packs').set(as('admin')).send(RULE_PACKS[0]).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect(await standardEvents()).toEqual(['standards.StandardVersionPublished.v1', 'standards.RulePackPublished.v1', 'standards.RulePackPublished.v1']);
    out.length = 0;
    expect(await rulePackCommand(['packs', ...common], io)).toBe(0);
    expect(out.join('')).toMatch(/tefu-339900-2026\ttefu\t样例市（样例数据）\tbps-339900\/a8f7f2d7689bdb7b\tpublished/);
    const listed = (await http().get('/rule-packs').set(as('officer')).expect(200)).body.rulePacks;
    expect(listed.filter((p: { source: string }) => p.source === 'published').map((p: { id: string; inUse: boolean }) => [p.id, p.inUse])).toEqual([
      ['tefu-339900-2026', true],
      ['dibao-339900-2026', true],
    ]);
    const loaded = await http().get('/rule-packs/tefu-339900-2026?division=339902&date=2026-03-01').set(as('officer')).expect(200);
    expect(loaded.body).toMatchObject({ source: 'published', usage: { basis: 'document' }, published: { publishedBy: { id: 'admin-yl' } } });
    expect(loaded.body.parameters[0]).toMatchObject({ key: 'tefu.death.amount', standardRef: { standardId: 'bps-339900', versionId: 'a8f7f2d7689bdb7b', itemNo: '1' } });
  });

  const ctx = () => ({ eventId: newId() }) as DeliveryContext;
  const facts = (caseId: string, benefit: string, value: unknown): IntegrationEvent<'CaseFactsSnapshotted'> => ({
    header: { eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2026-03-02T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId },
    caseId,
    benefit,
    divisionCode: '339902',
    effectiveFrom: '2026-03-02',
    caseRevision: 1,
    factsJson: canonicalJson(value),
  });
  const determinationOf = async (caseId: string) => (await caseDeterminations(await store.readStream(`determination-${caseId}`))).determinations[0];

  it('determines a 特扶 and a 低保 case of the city with traces quoting its document', async () => {
    await http()
      .post('/parameters/dibao.standard')
      .set(as('admin'))
      .send({ divisionCode: '339900', effectiveFrom: '2026-01-01', value: { fen: 90_000 }, source: SAMPLE, sampleData: true })
      .expect(201);
    const [tefuCase, dibaoCase, wife, husband, applicant, child] = [newId(), newId(), newId(), newId(), newId(), newId()];
    await consumer.onFacts(
      facts(tefuCase, 'tefu', {
        members: [
          { personRef: wife, role: 'wife', birthDate: '1970-01-10' },
          { personRef: husband, role: 'husband', birthDate: '1968-11-02' },
        ],
        family: { familyType: 'childDeceased', childEventDate: '2024-05-10' },
      }),
      ctx(),
    );
    const t = await determinationOf(tefuCase);
    expect(t).toMatchObject({ benefit: 'tefu', eligible: true, rulePackId: 'tefu-339900-2026', standardRef: { standardId: 'bps-339900', versionId: 'a8f7f2d7689bdb7b', itemNo: '1' } });
    expect(t.amounts.map((a) => a.amountFen)).toEqual([120_000, 120_000]);
    const amountStep = t.trace.find((s) => s.clause?.quote.includes('每人每月1200元'));
    expect(amountStep?.clause).toMatchObject({ standardRef: { standardId: 'bps-339900', itemNo: '1' }, line: 33, field: '服务标准' });

    await consumer.onFacts(
      facts(dibaoCase, 'dibao', {
        members: [
          { personRef: applicant, birthDate: '1980-01-01', monthlyIncomeFen: 50_000 },
          { personRef: child, birthDate: '2012-06-01', monthlyIncomeFen: 0 },
        ],
        assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '样例规则（非官方）', title: null }, meets: true },
      }),
      ctx(),
    );
    const d = await determinationOf(dibaoCase);
    // 2 × 900 yuan − 500 yuan of income = 1,300 yuan a month for the household.
    expect(d).toMatchObject({ benefit: 'dibao', eligible: true, rulePackId: 'dibao-339900-2026', standardRef: { standardId: 'bps-339900', itemNo: '2' } });
    expect(d.amounts.reduce((sum, a) => sum + a.amountFen, 0)).toBe(130_000);
    expect(d.trace.some((s) => s.clause?.quote === '共同生活的家庭成员人均收入低于当地最低生活保障标准' && s.clause.standardRef.standardId === 'bps-339900')).toBe(true);
  });

  it('a correction is a new pack id: it replaces the earlier one for new determinations; the earlier determination keeps the pack it names', async () => {
    const corrected = { ...pack('tefu-339900-2026'), id: 'tefu-339900-2026-r2', readings: pack('tefu-339900-2026').readings.filter((r) => r !== 'tefu.singleParent') };
    const res = await http().post('/rule-packs').set(as('admin')).send(corrected).expect(201);
    expect(res.body).toMatchObject({ created: true, supersedes: 'tefu-339900-2026' });
    const listed = (await http().get('/rule-packs').set(as('officer')).expect(200)).body.rulePacks;
    expect(listed.filter((p: { source: string }) => p.source === 'published').map((p: { id: string; inUse: boolean }) => [p.id, p.inUse])).toEqual([
      ['tefu-339900-2026', false],
      ['dibao-339900-2026', true],
      ['tefu-339900-2026-r2', true],
    ]);
    const caseId = newId();
    await consumer.onFacts(facts(caseId, 'tefu', { members: [{ personRef: newId(), role: 'wife', birthDate: '1970-01-10' }, { personRef: newId(), role: 'husband', birthDate: '1968-11-02' }], family: { familyType: 'childDeceased', childEventDate: '2024-05-10' } }), ctx());
    expect((await determinationOf(caseId)).rulePackId).toBe('tefu-339900-2026-r2');
  });
});
