import { sampleResidentId } from '../support/sample-household';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';

/**
 * Bitemporal replay (ADR 0012 §2) through the four services: an invented 嘉兴 计生特扶 伤残家庭
 * (sample data). The husband turns 60 on 2024-10-20. In January 2025 the officer records, after
 * the fact, that he has received 政府养老服务补贴 since 2024-11-01 (a retroactive fact), and corrects
 * his recorded pension income (a correction that supersedes the first record, same effective date).
 * The auditor then asks: what was known at the end of December, and what applied as effective on a
 * day in December, in October?
 */
jest.setTimeout(240_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

interface Fact {
  key: string;
  value: Record<string, unknown>;
  effectiveFrom: string;
  factId: string;
}
interface History {
  knownAt: { kind: string };
  asEffectiveOn: string | null;
  timeline: { type: string; effective: boolean; state: { status: string; facts: Fact[] } }[];
  state: { status: string; facts: Fact[]; approvedDeterminationId: string | null };
  determinations: { determinationId: string; recordedAt: string; effectiveFrom: string | null; appliesOn: boolean | null; standardRef: { itemNo: string } | null; trace: unknown }[];
  payments: { periodKey: string; personRef: string; amount: { fen: number }; appliesOn: boolean | null; trace: { standardRef: { itemNo: string } | null } }[];
}

describe('replay as known at / as effective on, through the services (特扶, sample data)', () => {
  let h: EmbeddedHarness;
  let caseId = '';
  const refs: Record<'wife' | 'husband', string> = { wife: '', husband: '' };
  /** An instant between the December run and the January corrections (real recorded time). */
  let endOfDecember = '';
  let pensionFactId = '';

  beforeAll(async () => {
    h = await startEmbeddedHarness({ now: at('2024-08-05'), prefix: 'benefits-audit-bitemporal-' });
    await h.issue('admin', 'admin', '330400');
    await h.issue('intake', 'intake_officer', '330402');
    await h.issue('approver', 'approver', '330402');
    await h.issue('clerk', 'finance_clerk', '330402');
    await h.issue('auditor', 'auditor', '330400');
    await h.importStandard('admin', '330400', JIAXING_STANDARD);
  });

  afterAll(async () => {
    await h?.close();
  });

  const getCase = () => h.http('applications').get(`/cases/${caseId}`).set(h.as('approver')).expect(200);
  const etag = async () => (await getCase()).headers.etag as string;
  const run = (period: string) => runPayments(() => h.http('disbursement'), h.as('clerk'), { benefit: 'tefu', divisionCode: '330402', period });
  async function recordFact(subject: 'wife' | 'husband', fact: Record<string, unknown>, effectiveFrom: string, supersedes?: string) {
    const res = await h
      .http('applications')
      .post(`/cases/${caseId}/facts`)
      .set(h.as('intake'))
      .set('If-Match', await etag())
      .send({ subject: refs[subject], fact, effectiveFrom, ...(supersedes ? { supersedes } : {}), evidence: [{ kind: 'other', reference: `evidence:sample-${fact.kind as string}` }] });
    expect(res.status).toBe(200);
    return res;
  }
  async function replay(query: Record<string, string>): Promise<History> {
    const res = await h.http('audit').get(`/audit/cases/${caseId}/history`).query(query).set(h.as('auditor'));
    expect(res.status).toBe(200);
    return res.body as History;
  }
  const subsidyOf = (facts: Fact[]) => facts.find((f) => f.key === `${refs.husband}|elderlyCareSubsidy`)?.value.receiving;
  const pensionOf = (facts: Fact[]) => facts.find((f) => f.key === `${refs.husband}|income|pension|2024-08`)?.value.amountFen;

  it('sets up the case: approved in August 2024, paid September to December, facts as first recorded', async () => {
    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: '330402',
        members: [
          { role: 'wife', name: '示例丙', residentId: sampleResidentId('1970-03-15', '022'), birthDate: '1970-03-15' },
          { role: 'husband', name: '示例丁', residentId: sampleResidentId('1964-10-20', '011'), birthDate: '1964-10-20' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    caseId = created.body.caseId;
    for (const m of (await getCase()).body.members as { role: 'wife' | 'husband'; personRef: string }[]) refs[m.role] = m.personRef;
    for (const who of ['wife', 'husband'] as const) await recordFact(who, { kind: 'elderlyCareSubsidy', receiving: false }, '2024-08-05');
    // Sample figure, not an official one: his pension of August 2024 as first recorded.
    const pension = await recordFact('husband', { kind: 'income', source: 'pension', month: '2024-08', amountFen: 150_000 }, '2024-08-05');
    pensionFactId = (pension.body.facts ?? (await getCase()).body.facts).find((f: { fact: { kind: string } }) => f.fact.kind === 'income').factId;
    await h.http('applications').post(`/cases/${caseId}/submit`).set(h.as('intake')).set('If-Match', await etag()).send({}).expect(200);
    const determined = await waitFor('the determination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    });
    await h
      .http('applications')
      .post(`/cases/${caseId}/eligibility-confirmation`)
      .set(h.as('intake'))
      .set('If-Match', determined.headers.etag)
      .send({ evidence: [{ kind: 'disabilityCertificate', reference: 'evidence:sample-child-disability-certificate' }] })
      .expect(200);
    await h
      .http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(h.as('approver'))
      .set('If-Match', await etag())
      .send({ determinationId: determined.body.determinations[0].determinationId })
      .expect(200);
    await waitFor('the schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));
    for (const period of ['2024-09', '2024-10', '2024-11', '2024-12']) await run(period);
    const now = await replay({});
    expect(now.state.status).toBe('active');
    expect(now.payments.filter((p) => p.personRef === refs.husband).map((p) => [p.periodKey, p.amount.fen])).toEqual([
      ['2024-09', 85_000],
      ['2024-10', 85_000],
      ['2024-11', 100_000],
      ['2024-12', 100_000],
    ]);
    // The instant the auditor will ask about: everything above recorded, nothing of January yet.
    await new Promise((r) => setTimeout(r, 5));
    endOfDecember = new Date().toISOString().replace('Z', '+00:00');
    await new Promise((r) => setTimeout(r, 5));
  });

  it('January 2025: the 养老服务补贴 since 2024-11-01 and the corrected pension are recorded after the fact', async () => {
    h.clock.now = at('2025-01-12');
    const before = (await h.store.readStream(`determination-${caseId}`)).length;
    await recordFact('husband', { kind: 'elderlyCareSubsidy', receiving: true }, '2024-11-01');
    await recordFact('husband', { kind: 'income', source: 'pension', month: '2024-08', amountFen: 182_000 }, '2024-08-05', pensionFactId);
    await waitFor('the redetermination', async () => (await h.store.readStream(`determination-${caseId}`)).length > before);
  });

  it('(a) as known at the end of December, as effective on 2024-12-15: no subsidy, the pension as first recorded', async () => {
    const then = await replay({ asKnownAt: endOfDecember, asEffectiveOn: '2024-12-15' });
    expect(then.knownAt.kind).toBe('instant');
    expect(subsidyOf(then.state.facts)).toBe(false);
    expect(pensionOf(then.state.facts)).toBe(150_000);
    expect(then.timeline.some((e) => e.type === 'tefu.FactRecorded.v1' && e.state.facts.some((f) => f.value.receiving === true))).toBe(false);
    // December's payments as paid, and the one determination known then applies.
    const applying = then.determinations.filter((d) => d.appliesOn);
    expect(applying).toHaveLength(1);
    expect(applying[0].standardRef?.itemNo).toBe('52');
    expect(then.payments.filter((p) => p.appliesOn).map((p) => p.periodKey)).toEqual(['2024-12', '2024-12']);
  });

  it('(b) as known now, as effective on 2024-12-15: the subsidy applies and the corrected pension', async () => {
    const now = await replay({ asEffectiveOn: '2024-12-15' });
    expect(now.knownAt.kind).toBe('now');
    expect(subsidyOf(now.state.facts)).toBe(true);
    expect(pensionOf(now.state.facts)).toBe(182_000);
    // The redetermination recorded in January is the one in force in December now.
    const then = await replay({ asKnownAt: endOfDecember, asEffectiveOn: '2024-12-15' });
    const applyingNow = now.determinations.filter((d) => d.appliesOn).map((d) => d.determinationId);
    const applyingThen = then.determinations.filter((d) => d.appliesOn).map((d) => d.determinationId);
    expect(applyingNow).toHaveLength(1);
    expect(applyingNow).not.toEqual(applyingThen);
    const redetermination = now.determinations.find((d) => d.appliesOn)!;
    expect(Date.parse(redetermination.recordedAt)).toBeGreaterThan(Date.parse(endOfDecember));
    expect(redetermination.effectiveFrom! <= '2024-12-15').toBe(true);
    expect(redetermination.standardRef?.itemNo).toBe('52');
  });

  it('(c) as known now, as effective on 2024-10-15 (before the subsidy took effect): no subsidy; the pension corrected', async () => {
    const october = await replay({ asEffectiveOn: '2024-10-15' });
    expect(subsidyOf(october.state.facts)).toBe(false);
    // The correction holds from the same date as the record it supersedes: corrected from then on.
    expect(pensionOf(october.state.facts)).toBe(182_000);
    expect(october.payments.filter((p) => p.appliesOn).map((p) => p.periodKey)).toEqual(['2024-10', '2024-10']);
    // Events recorded in January that take effect later than the date are marked as not effective.
    const subsidy = october.timeline.find((e) => e.type === 'tefu.FactRecorded.v1' && !e.effective);
    expect(subsidy).toBeDefined();
  });

  it('the two axes are independent: known at the end of December, effective on 2024-10-15 equals what was seen then', async () => {
    const then = await replay({ asKnownAt: endOfDecember, asEffectiveOn: '2024-10-15' });
    expect(subsidyOf(then.state.facts)).toBe(false);
    expect(pensionOf(then.state.facts)).toBe(150_000);
    // A log position reads the same: the position of the last case event known at the instant.
    const lastKnown = (await h.store.readStream(`case-${caseId}`)).filter((e) => Date.parse(e.recordedAt) <= Date.parse(endOfDecember)).at(-1)!;
    const byPosition = await replay({ asKnownAt: lastKnown.position, asEffectiveOn: '2024-10-15' });
    expect(byPosition.knownAt.kind).toBe('position');
    expect(byPosition.state).toEqual(then.state);
    expect(h.errors).toEqual([]);
  });
});
