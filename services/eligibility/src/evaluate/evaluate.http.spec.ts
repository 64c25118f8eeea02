import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@benefits/event-store';
// Before @benefits/benefits: zod schemas built before @benefits/http extends zod lack .openapi(), which the app's route documents need.
import '@benefits/http';
import { evaluate, sampleB, shippedPacks } from '@benefits/benefits';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';
import { EvaluateResultSchema } from './evaluate.schemas';

jest.setTimeout(60_000);

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'libs', 'benefits', 'examples');
const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'));
const TEFU_JIAXING = example('tefu-jiaxing-disability.json');
const LINSHI_BEIJING = example('linshi-beijing-zhichu.sample-b.json');

/** SAMPLE DATA: not an official 低保标准. */
const DIBAO_JIAXING = {
  benefit: 'dibao',
  rulePackId: 'dibao-330400-2023',
  dibaoStandard: sampleB('1000', '330400'),
  facts: {
    benefitMonth: '2024-09',
    members: [
      { personId: 'a', monthlyIncome: { fen: 50000 } },
      { personId: 'b', monthlyIncome: { fen: 30000 }, extraNeed: 'elderly' },
      { personId: 'c', monthlyIncome: { fen: 0 } },
    ],
    assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
    approvedOn: '2024-08-20',
  },
};

describe('POST /eligibility/evaluate (what-if)', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  const http = () => t.http();
  const as = (who: string) => t.as(who);
  const post = (body: unknown, who = 'officer') => http().post('/eligibility/evaluate').set(as(who)).send(body as object);

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-evaluate-', {
      tokens: {
        officer: { role: 'case_officer', division: '330402', sub: 'officer-1' },
        auditor: { role: 'auditor', division: '110000', sub: 'auditor-1' },
      },
    });
    store = t.store;
  });

  afterAll(() => t?.close());

  it.each([
    ['嘉兴 特扶 example', TEFU_JIAXING],
    ['北京 临时救助 支出型 example (sample B)', LINSHI_BEIJING],
    ['嘉兴 低保 (sample B)', DIBAO_JIAXING],
  ])('returns for the %s exactly what evaluate() returns, trace included, and writes nothing', async (_name, body) => {
    const before = await store.headPosition();
    const response = await post(body).expect(200);
    expect(response.body).toEqual(evaluate(JSON.parse(JSON.stringify(body)), shippedPacks()));
    expect(response.body.trace.length).toBeGreaterThan(1);
    expect(await store.headPosition()).toBe(before);
  });

  it('the results match the documented response schema', async () => {
    for (const body of [TEFU_JIAXING, LINSHI_BEIJING, DIBAO_JIAXING]) {
      const response = await post(body, 'auditor').expect(200);
      const parsed = EvaluateResultSchema.safeParse(response.body);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
  });

  it('the same request twice gives the same bytes', async () => {
    const first = await post(TEFU_JIAXING).expect(200);
    const second = await post(TEFU_JIAXING).expect(200);
    expect(second.text).toBe(first.text);
  });

  it('refuses invalid input with 400 and a stable code, and writes nothing', async () => {
    const before = await store.headPosition();
    const invalid = await post({ ...TEFU_JIAXING, facts: { ...TEFU_JIAXING.facts, evaluationDate: '2024-02-30' } }).expect(400);
    expect(invalid.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: { zh: expect.any(String), en: expect.any(String) },
      details: { issues: [expect.objectContaining({ path: 'facts.evaluationDate', message: 'expected a date yyyy-mm-dd' })] },
    });
    const yuan = await post({ ...DIBAO_JIAXING, facts: { ...DIBAO_JIAXING.facts, members: [{ personId: 'a', monthlyIncome: { fen: 1.5 } }] } }).expect(400);
    expect(yuan.body.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...TEFU_JIAXING, benefit: 'jiangfu' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...TEFU_JIAXING, note: 'extra' }).expect(400)).body.code).toBe('UNKNOWN_FIELD');
    const malformed = await http().post('/eligibility/evaluate').set(as('officer')).set('Content-Type', 'application/json').send('{"benefit":').expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const text = await http().post('/eligibility/evaluate').set(as('officer')).set('Content-Type', 'text/plain').send('benefit=tefu').expect(400);
    expect(text.body.code).toBe('VALIDATION_FAILED');
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses a date of birth after the evaluation date (any person) with 400 BIRTH_DATE_AFTER_EVALUATION_DATE in both languages', async () => {
    const before = await store.headPosition();
    const persons = TEFU_JIAXING.facts.persons.map((p: { personId: string }, i: number) => (i === 1 ? { ...p, birthDate: '2099-01-01' } : p));
    const res = await post({ ...TEFU_JIAXING, facts: { ...TEFU_JIAXING.facts, persons } }).expect(400);
    expect(res.body).toMatchObject({
      code: 'BIRTH_DATE_AFTER_EVALUATION_DATE',
      message: { zh: '出生日期晚于测算日期', en: 'a date of birth is after the evaluation date' },
      details: { path: 'facts.persons.1.birthDate', birthDate: '2099-01-01', evaluationDate: TEFU_JIAXING.facts.evaluationDate },
    });
    expect(await store.headPosition()).toBe(before);
  });

  it('maps the engines’ typed errors to their 4xx', async () => {
    const unknownPack = await post({ ...TEFU_JIAXING, rulePackId: 'tefu-999999-2023' }).expect(404);
    expect(unknownPack.body).toMatchObject({ code: 'UNKNOWN_RULE_PACK', message: { zh: '未找到指定的规则包', en: 'no rule pack with this id' }, details: { rulePackId: 'tefu-999999-2023' } });
    expect((await post({ ...TEFU_JIAXING, rulePackId: 'dibao-330400-2023' }).expect(422)).body.code).toBe('RULE_PACK_BENEFIT_MISMATCH');
    expect((await post({ ...TEFU_JIAXING, rulesetVersion: 'tefu.v0' }).expect(422)).body.code).toBe('UNKNOWN_RULESET_VERSION');
    const early = { ...DIBAO_JIAXING, dibaoStandard: sampleB('1000', '330400', '2025-01-01') };
    expect((await post(early).expect(422)).body.code).toBe('DIBAO_STANDARD_NOT_IN_EFFECT');
    const noExpenditure = { ...LINSHI_BEIJING, facts: { ...LINSHI_BEIJING.facts, necessaryExpenditure: undefined } };
    expect((await post(noExpenditure).expect(400)).body.code).toBe('LINSHI_FACT_MISSING');
  });

  it('requires a bearer token', async () => {
    const response = await http().post('/eligibility/evaluate').send(TEFU_JIAXING).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('documents the request and result schemas in OpenAPI', async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body;
    const operation = doc.paths['/eligibility/evaluate'].post;
    expect(operation.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EvaluateRequest' });
    expect(operation.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EvaluateResult' });
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '404', '422']);
    const requestSchema = JSON.stringify(doc.components.schemas.EvaluateRequest);
    for (const word of ['tefu', 'dibao', 'linshi', 'rulePackId', 'dibaoStandard', 'evaluationDate', 'necessaryExpenditure', 'fen']) expect(requestSchema).toContain(word);
    expect(doc.components.schemas.EvaluateResult.properties).toHaveProperty('trace');
  });
});
