import { residentIdCheckChar } from '@benefits/identity';
import { LocalDate } from '@benefits/kernel';
import { READ_MODELS } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { sampleWorkingDayCalendar } from '../../services/applications/src/calendar/working-day-calendar';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../../services/audit/src/anomalies/rule';
import { publicNoticeShortRule } from '../../services/audit/src/anomalies/rules/public-notice-short.rule';
import { advanceAidPaperworkOverdueRule } from '../../services/audit/src/anomalies/rules/advance-aid-paperwork-overdue.rule';
import { decisionOverdueRule } from '../../services/audit/src/anomalies/rules/decision-overdue.rule';
import { envelopeFundsUnsettledRule } from '../../services/audit/src/anomalies/rules/envelope-funds-unsettled.rule';
import { sharedBankAccountRule } from '../../services/audit/src/anomalies/rules/shared-bank-account.rule';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { recordAccount, sampleAccountBody, startRun } from '../support/finance-flow';
import { acknowledgeParseWarnings } from '../support/standard-warnings';

/**
 * The procedure and funds 疑点 rules (A9, A6, A8) over what the real services record (embedded, the
 * event-log transport): a 低保 case whose 公示 stood 3 days (the applications service configured with
 * a SAMPLE 3-day notice, below the standard's 7) and whose approval came late; a 临时救助 先行救助 whose
 * paperwork never came, and one completed in time; an envelope exported and never returned; one
 * 一卡通 account recorded for persons of two households. Sample data throughout (invented persons,
 * made-up accounts, a sample B and a sample weekends-only calendar for the applications service).
 *
 * Each rule runs twice: directly (rule.scan with a context over the audit service's own read models,
 * to check every candidate field) and through the audit service's scan route, as auditors run it.
 */
jest.setTimeout(300_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const BEIJING_STANDARD = '003_d2c032a64aa52382.txt';
const SAMPLE_SOURCE = { docNo: '示例数据（非官方）', title: '审计疑点端到端测试用示例低保标准' };
const SAMPLE_B = 100_000;
const DIVISION = '330402';
const LINSHI_DIVISION = '110105';
/** One made-up account number, recorded for persons of two households. */
const SHARED_NUMBER = '6230910000077777';

const residentId = (birth: string, sequence: string) => {
  const first17 = `${DIVISION}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};
const person = (name: string, birth: string, sequence: string, relation = 'applicant') => ({ relation, name, residentId: residentId(birth, sequence), birthDate: birth });
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

describe('疑点 rules A9 / A6 / A8 over the four services (embedded)', () => {
  let h: EmbeddedHarness;
  let readModels: ReadModels;
  const as: EmbeddedHarness['as'] = (who) => h.as(who);
  const disb = () => h.http('disbursement');
  const setNow = (date: string) => {
    h.clock.now = at(date);
  };
  const caseView = async (benefit: 'dibao' | 'linshi', caseId: string) =>
    h.http('applications').get(`/cases/${benefit}/${caseId}`).set(as(benefit === 'dibao' ? 'approver-zhao' : 'bj-approver')).expect(200);
  const step = async (benefit: 'dibao' | 'linshi', caseId: string, path: string, who: string, body: object) =>
    h
      .http('applications')
      .post(`/cases/${benefit}/${caseId}/${path}`)
      .set(as(who))
      .set('If-Match', (await caseView(benefit, caseId)).headers.etag as string)
      .send(body)
      .expect(200);
  const publishB = (divisionCode: string, who: string) =>
    h
      .http('eligibility')
      .post('/parameters/dibao.standard')
      .set(as(who))
      .send({ divisionCode, effectiveFrom: '2026-01-01', value: { fen: SAMPLE_B }, source: SAMPLE_SOURCE, sampleData: true })
      .expect(201);

  const rules: AnomalyRule<any>[] = [publicNoticeShortRule, advanceAidPaperworkOverdueRule, decisionOverdueRule, envelopeFundsUnsettledRule, sharedBankAccountRule];
  /** A rule's scan with the read models audit keeps over the shared store. */
  const scan = async <C>(rule: AnomalyRule<C>, divisionCode: string, asOf: string): Promise<AnomalyCandidate[]> => {
    const context: RuleScanContext<C> = {
      config: rule.configSchema.parse(rule.defaults),
      divisionCode,
      asOf,
      view: (name) => readModels.fresh(name),
      vault: async () => {
        throw new Error('these rules use no vault');
      },
      source: { readStream: (id: string) => h.store.readStream(id) } as RuleScanContext<C>['source'],
      progress: () => undefined,
    };
    const out: AnomalyCandidate[] = [];
    for await (const candidate of rule.scan(context)) out.push(candidate);
    return out;
  };

  /** The scan's date: 11 days past the export (dated by disbursement's own clock, now), and past the cases' dates. */
  const scanDate = () => {
    const later = LocalDate.ofInstant(new Date()).plusDays(11).toString();
    return later > '2026-10-01' ? later : '2026-10-01';
  };

  let dibaoCaseId = '';
  let dibaoApplicant = '';
  let envelopeId = '';
  let overdueAid = '';
  let timelyAid = '';
  let linshiApplicant = '';

  beforeAll(async () => {
    h = await startEmbeddedHarness({
      now: at('2026-03-02'),
      prefix: 'benefits-audit-rules-',
      applicationsOptions: {
        // SAMPLE calendar (weekends only) and a SAMPLE 3-day 公示 (below the standard's 7): how a wrongly configured jurisdiction would record it.
        calendar: sampleWorkingDayCalendar([2026, 2027]),
        dibaoPolicy: { publicNoticeDays: 3 },
      },
    });
    for (const [who, role, division] of [
      ['admin-qian', 'admin', '330400'],
      ['officer-wang', 'intake_officer', DIVISION],
      ['officer-li', 'case_officer', DIVISION],
      ['approver-zhao', 'approver', DIVISION],
      ['clerk-sun', 'finance_clerk', DIVISION],
      ['clerk-zhou', 'finance_clerk', DIVISION],
      ['bj-admin', 'admin', '110000'],
      ['bj-intake', 'intake_officer', LINSHI_DIVISION],
      ['bj-officer', 'case_officer', LINSHI_DIVISION],
      ['bj-approver', 'approver', LINSHI_DIVISION],
      ['auditor-wu', 'auditor', DIVISION],
      ['bj-auditor', 'auditor', LINSHI_DIVISION],
    ]) {
      await h.issue(who, role, division);
    }
    await h.importStandard('admin-qian', '330400', JIAXING_STANDARD);
    const beijing = await h.importStandard('bj-admin', '110000', BEIJING_STANDARD);
    await acknowledgeParseWarnings(() => h.http('eligibility'), as('bj-admin'), beijing.standardId, beijing.versionId);
    await h
      .http('eligibility')
      .post(`/standards/${beijing.standardId}/activations`)
      .set(as('bj-admin'))
      .send({ versionId: beijing.versionId, divisionCode: '110000', effectiveFrom: '2026-01-01', reason: '端到端测试（示例启用）' })
      .expect(201);
    await publishB(DIVISION, 'admin-qian');
    await publishB(LINSHI_DIVISION, 'bj-admin');
    // The audit service's own read models: its anomaly engine registers every rule's projections.
    readModels = h.apps.audit.get(READ_MODELS) as ReadModels;
    for (const rule of rules) for (const p of rule.projections?.() ?? []) expect({ name: p.name, registered: readModels.has(p.name) }).toEqual({ name: p.name, registered: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(async () => {
    for (const { name, server } of h.consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
    expect(h.errors).toEqual([]);
  });

  it('低保: a 3-day 公示 and an approval four weeks after it; paid into an account; the envelope exported and never returned', async () => {
    setNow('2026-03-02');
    const created = await h
      .http('applications')
      .post('/cases/dibao')
      .set(as('officer-wang'))
      .send({ divisionCode: DIVISION, householdCategory: 'stable', members: [person('示例子', '1976-04-01', '131'), person('示例丑', '2013-05-01', '142', 'child')] })
      .expect(201);
    dibaoCaseId = created.body.caseId;
    await step('dibao', dibaoCaseId, 'accept', 'officer-wang', {});
    const refs: string[] = (await caseView('dibao', dibaoCaseId)).body.members.map((m: { personRef: string }) => m.personRef);
    dibaoApplicant = refs[0];
    setNow('2026-03-04');
    await step('dibao', dibaoCaseId, 'financial-check', 'officer-li', {
      checkedOn: '2026-03-04',
      result: 'passed',
      sources: [{ source: 'humanResources', reportRef: 'report:hr-0304' }],
      period: { from: '2025-12', to: '2026-02' },
      incomes: [{ personRef: refs[0], source: 'wages', month: '2026-01', amountFen: 90_000 }],
      assets: { kind: 'assessed', ruleId: 'sample.assets', source: { docNo: SAMPLE_SOURCE.docNo, title: null }, meets: true },
    });
    const determination = await waitFor('the 低保 determination on the case', async () => {
      const view = await caseView('dibao', dibaoCaseId);
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    });
    setNow('2026-03-05');
    await step('dibao', dibaoCaseId, 'home-visit', 'officer-li', { visitedOn: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: '与申报一致' });
    setNow('2026-03-09');
    await step('dibao', dibaoCaseId, 'community-review', 'officer-li', { heldOn: '2026-03-09', attendance: 12, votesFor: 11, minutesRef: 'minutes:0309' });
    setNow('2026-03-10');
    await step('dibao', dibaoCaseId, 'public-notice', 'officer-li', { startedOn: '2026-03-10', location: '社区公示栏' });
    expect((await caseView('dibao', dibaoCaseId)).body.state.publicNotice).toMatchObject({ startedOn: '2026-03-10', endsOn: '2026-03-12' });
    setNow('2026-04-10');
    await step('dibao', dibaoCaseId, 'approve', 'approver-zhao', { determinationId: determination.determinationId });
    await waitFor('the 低保 schedule in disbursement', () => h.store.streamExists(`entitlement-${dibaoCaseId}`));

    expect(await recordAccount(disb, as('officer-li'), dibaoApplicant, sampleAccountBody(DIVISION, 1, SHARED_NUMBER))).toMatchObject({ outcome: 'recorded' });
    const may = await startRun(disb, as('clerk-sun'), as('clerk-zhou'), { benefit: 'dibao', divisionCode: DIVISION, period: '2026-05' });
    expect(may.created).toBe(1);
    envelopeId = may.runId;
    await disb().post(`/disbursement/envelopes/${envelopeId}/approve`).set(as('clerk-zhou')).send({ note: '已核对（样例）' }).expect(200);
    await disb().post(`/disbursement/envelopes/${envelopeId}/export`).set(as('clerk-zhou')).send({ layoutId: 'sample-csv-utf8', format: 'csv' }).expect(200);
  });

  it('临时救助: 先行救助 with no paperwork, 先行救助 with paperwork in time; the first applicant on the same account as the 低保 applicant', async () => {
    const aid = async (name: string, sequence: string) => {
      const created = await h
        .http('applications')
        .post('/cases/linshi')
        .set(as('bj-intake'))
        .send({ divisionCode: LINSHI_DIVISION, type: 'jinan', members: [person(name, '1970-01-01', sequence)], cause: 'fire', causeDescription: '住房失火', occurredOn: '2026-08-31' })
        .expect(201);
      const caseId: string = created.body.caseId;
      const determination = await waitFor('the 临时救助 cap on the case', async () => {
        const view = await caseView('linshi', caseId);
        return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
      });
      await step('linshi', caseId, 'advance-aid', 'bj-approver', { determinationId: determination.determinationId, amountFen: 200_000 });
      return caseId;
    };
    setNow('2026-09-01');
    overdueAid = await aid('示例寅', '151');
    timelyAid = await aid('示例卯', '162');
    setNow('2026-09-08');
    await step('linshi', timelyAid, 'paperwork', 'bj-officer', { completedOn: '2026-09-08', documentRefs: ['doc:register-0908'], note: '补齐签字盖章' });
    linshiApplicant = (await caseView('linshi', overdueAid)).body.members[0].personRef;
    expect(await recordAccount(disb, as('bj-officer'), linshiApplicant, sampleAccountBody(LINSHI_DIVISION, 2, SHARED_NUMBER))).toMatchObject({ outcome: 'recorded' });
  });

  it('the rules list exactly those: 公示 short, decision late, paperwork outstanding, envelope unsettled, account shared by two households', async () => {
    expect(dibaoCaseId && overdueAid && envelopeId).toBeTruthy();
    // The export is dated by disbursement's own clock (now); the scan looks 11 days past it, and past the cases' dates.
    const exportedOn = LocalDate.ofInstant(new Date()).toString();
    const asOf = scanDate();

    const notice = await scan(publicNoticeShortRule, DIVISION, asOf);
    expect(notice).toEqual([
      expect.objectContaining({
        subjectKey: `case-${dibaoCaseId}`,
        cases: [{ caseId: dibaoCaseId, divisionCode: DIVISION, benefit: 'dibao' }],
        details: expect.objectContaining({ kind: 'short', startedOn: '2026-03-10', endsOn: '2026-03-12', postedDays: 3, minimumDays: 7, cause: 'notice-period-too-short' }),
      }),
    ]);
    const caseStream = await h.store.readStream(`case-${dibaoCaseId}`);
    for (const link of notice[0].evidence) expect(caseStream[link.revision].type).toBe(link.note);

    const decision = await scan(decisionOverdueRule, DIVISION, asOf);
    expect(decision).toHaveLength(1);
    expect(decision[0]).toMatchObject({ subjectKey: `case-${dibaoCaseId}`, details: { status: 'decided-late', decision: 'approved' } });
    // Counted in the published 2026 calendar (清明 on 2026-04-06): 受理 2026-03-02 + 25 working days = 2026-04-07; notice end 2026-03-12 + 10 = 2026-03-26.
    expect((decision[0].details as { breaches: unknown[] }).breaches).toEqual([
      expect.objectContaining({ limit: 'dibao.process', dueOn: '2026-04-07', decidedOn: '2026-04-10', daysLate: 3, basis: 'working-days' }),
      expect.objectContaining({ limit: 'dibao.decisionAfterNotice', dueOn: '2026-03-26', decidedOn: '2026-04-10', daysLate: 15, basis: 'working-days' }),
    ]);

    const paperwork = await scan(advanceAidPaperworkOverdueRule, LINSHI_DIVISION, asOf);
    expect(paperwork.map((c) => c.cases[0].caseId)).toEqual([overdueAid]);
    expect(paperwork[0]).toMatchObject({ amountFen: 200_000, details: { status: 'outstanding', grantedOn: '2026-09-01', dueOn: '2026-09-11', recordedDueOn: '2026-09-11' } });
    const aidStream = await h.store.readStream(`case-${overdueAid}`);
    expect(aidStream[paperwork[0].evidence[0].revision].type).toBe('linshi.AdvanceAidGranted.v1');

    const unsettled = await scan(envelopeFundsUnsettledRule, DIVISION, asOf);
    expect(unsettled).toEqual([
      expect.objectContaining({
        subjectKey: `envelope-${envelopeId}`,
        cases: [{ caseId: dibaoCaseId, divisionCode: DIVISION, benefit: 'dibao' }],
        amountFen: SAMPLE_B * 2 - 30_000,
        details: expect.objectContaining({ exportedOn, counts: expect.objectContaining({ lines: 1, pending: 1, unsettled: 1 }) }),
      }),
    ]);
    // Before N days have passed, nothing.
    expect(await scan(envelopeFundsUnsettledRule, DIVISION, LocalDate.parse(exportedOn).plusDays(10).toString())).toEqual([]);

    for (const division of [DIVISION, LINSHI_DIVISION]) {
      const shared = await scan(sharedBankAccountRule, division, asOf);
      expect(shared).toHaveLength(1);
      expect(shared[0].details).toMatchObject({ households: 2, persons: 2, divisions: 2 });
      expect(shared[0].cases.map((c) => c.caseId).sort()).toEqual([dibaoCaseId, overdueAid].sort());
      expect(shared[0].evidence.map((e) => e.streamId).sort()).toEqual([`account-${dibaoApplicant}`, `account-${linshiApplicant}`].sort());
      expect(JSON.stringify(shared)).not.toContain(SHARED_NUMBER);
    }
    // The account events carry the fingerprint, never the number.
    const [accountEvent] = await h.store.readStream(`account-${dibaoApplicant}`);
    expect(accountEvent.data).toMatchObject({ accountFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(accountEvent)).not.toContain(SHARED_NUMBER);
  });

  it('through the audit service: a county auditor’s scan (POST /audit/anomaly-scans) records the findings; the shared account shows each county only its own case id', async () => {
    const audit = () => h.http('audit');
    const asOf = scanDate();
    const runScan = async (who: string, divisionCode: string, ruleIds: string[]) => {
      const started = await audit().post('/audit/anomaly-scans').set(as(who)).send({ divisionCode, rules: ruleIds, asOf }).expect(202);
      return waitFor(
        `the scan of ${divisionCode}`,
        async () => {
          const res = await audit().get(`/audit/anomaly-scans/${started.body.scanId}`).set(as(who)).expect(200);
          if (res.body.status === 'failed') throw new Error(JSON.stringify(res.body.error));
          return res.body.status === 'completed' ? res.body : null;
        },
        120_000,
      );
    };
    const findings = async (who: string, ruleId: string) => (await audit().get('/audit/anomalies').query({ ruleId }).set(as(who)).expect(200)).body.items as Record<string, any>[];

    const county = await runScan('auditor-wu', DIVISION, ['A9-public-notice-short', 'A9-decision-overdue', 'A6-envelope-funds-unsettled', 'A8-shared-bank-account']);
    expect(county.progress.map((p: { ruleId: string; state: string; counts: { raised: number } }) => [p.ruleId, p.state, p.counts.raised])).toEqual([
      ['A9-public-notice-short', 'done', 1],
      ['A9-decision-overdue', 'done', 1],
      ['A6-envelope-funds-unsettled', 'done', 1],
      ['A8-shared-bank-account', 'done', 1],
    ]);
    const [notice] = await findings('auditor-wu', 'A9-public-notice-short');
    expect(notice).toMatchObject({ status: 'open', cases: [{ caseId: dibaoCaseId, divisionCode: DIVISION }], details: { kind: 'short', postedDays: 3 } });
    const [unsettled] = await findings('auditor-wu', 'A6-envelope-funds-unsettled');
    expect(unsettled).toMatchObject({ amountFen: SAMPLE_B * 2 - 30_000, details: { envelopeId } });
    const [sharedHere] = await findings('auditor-wu', 'A8-shared-bank-account');
    expect(sharedHere).toMatchObject({ cases: [{ caseId: dibaoCaseId }], otherDivisions: { cases: 1, divisionCodes: [LINSHI_DIVISION] } });
    expect(JSON.stringify(sharedHere)).not.toContain(overdueAid);

    // The Beijing county's scan: the paperwork, and the same account finding (one finding, not two), its own case id only.
    const beijing = await runScan('bj-auditor', LINSHI_DIVISION, ['A9-advance-aid-paperwork-overdue', 'A8-shared-bank-account']);
    expect(beijing.progress.map((p: { counts: { raised: number; unchanged: number } }) => [p.counts.raised, p.counts.unchanged])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const [paperwork] = await findings('bj-auditor', 'A9-advance-aid-paperwork-overdue');
    expect(paperwork).toMatchObject({ cases: [{ caseId: overdueAid }], amountFen: 200_000, details: { status: 'outstanding' } });
    const [sharedThere] = await findings('bj-auditor', 'A8-shared-bank-account');
    expect(sharedThere.findingId).toBe(sharedHere.findingId);
    expect(sharedThere.cases).toEqual([expect.objectContaining({ caseId: overdueAid })]);
    expect(JSON.stringify(sharedThere)).not.toContain(dibaoCaseId);
  });
});
