import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sampleWorkingDayCalendar } from '../../../services/applications/src/calendar/working-day-calendar';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness, type ServiceName } from '../../../test/support/embedded-harness';
import { Api, type ServiceUrls } from './api';
import { devTokenSource } from './demo-command';
import { advanceCaseload, seedCaseload, type RunSummary } from './seed';
import { staffOf } from './flows';
import { simulateBankReturn } from './finance';
import { disbursementCommand } from '../../../services/disbursement/src/cli/disbursement-command';

/**
 * A small sample caseload through the four services' HTTP APIs (in process, on real sockets, as the
 * CLI would reach `npm start`), then the case list is asked what it holds. The applications clock
 * is moved past the 7-day 公示 between `seed` and `advance`, which a running server cannot do.
 */
jest.setTimeout(240_000);

/** 10:00 in Asia/Shanghai. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

describe('benefits demo seed / advance against the embedded services', () => {
  let h: EmbeddedHarness;
  let api: Api;

  beforeAll(async () => {
    h = await startEmbeddedHarness({
      now: at('2026-03-02'),
      prefix: 'benefits-demo-seed-',
      // SAMPLE calendar (weekends only): the working-day limits of a 低保 case reach into 2027.
      applicationsOptions: { calendar: sampleWorkingDayCalendar([2026, 2027]) },
    });
    const urls = {} as ServiceUrls;
    for (const name of ['applications', 'eligibility', 'disbursement', 'audit'] as ServiceName[]) {
      await h.apps[name].listen(0, '127.0.0.1');
      urls[name] = `http://127.0.0.1:${(h.apps[name].getHttpServer().address() as AddressInfo).port}`;
    }
    api = new Api(urls, await devTokenSource({}, h.dataDir));
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Cases per benefit and status as GET /cases lists them (once the case index has caught up). */
  async function listed(division: string): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    const who = staffOf(division).officer;
    let cursor: string | null = null;
    do {
      const query: string = `/cases?division=${division}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await waitFor(`the case list of ${division}`, async () => {
        const res = await api.get('applications', query, who);
        return res.body.caughtUp ? res.body : null;
      });
      for (const item of page.items as { benefit: string; status: string }[]) {
        counts[item.benefit] ??= {};
        counts[item.benefit][item.status] = (counts[item.benefit][item.status] ?? 0) + 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return counts;
  }

  const total = (counts: Record<string, number> = {}) => Object.values(counts).reduce((a, b) => a + b, 0);
  let seeded: RunSummary;

  it('seed: 20 cases (12 低保, 6 特扶, 2 临时救助) created and taken as far as today allows, no failures', async () => {
    const lines: string[] = [];
    seeded = await seedCaseload({ api, division: '330402', concurrency: 6, seed: 7, cases: 20, progress: (line) => void lines.push(line) });
    expect(seeded.failures).toEqual([]);
    expect(seeded).toMatchObject({ sampleData: true, label: '样例数据 / SAMPLE DATA', today: '2026-03-02', divisions: ['330402'], linshiDivision: '110101' });
    expect([total(seeded.counts.dibao), total(seeded.counts.tefu), total(seeded.counts.linshi)]).toEqual([12, 6, 2]);
    // 低保 waits in 公示 (or was rejected above B); 特扶 is decided the same day; 临时救助 too.
    expect(Object.keys(seeded.counts.dibao).every((s) => ['publicNotice', 'rejected'].includes(s))).toBe(true);
    expect(seeded.counts.tefu).toEqual({ active: 5, terminated: 1 });
    expect(Object.keys(seeded.counts.linshi).every((s) => ['approved'].includes(s))).toBe(true);
    // What the run had to put in place first, all labelled: the shipped standards, 北京's draft activated, sample B.
    expect(seeded.setup).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'standardImported', divisionCode: '330400' }),
        expect.objectContaining({ action: 'standardActivated', divisionCode: '110000', reason: expect.stringContaining('样例数据') }),
        expect.objectContaining({ action: 'sampleStandardBPublished', divisionCode: '330402', sampleData: true }),
        expect.objectContaining({ action: 'sampleStandardBPublished', divisionCode: '110101', sampleData: true }),
      ]),
    );
    expect(lines.at(-1)).toMatch(/^样例数据 \/ SAMPLE DATA cases 20 \/ 20 /);
    expect(seeded.next).toMatch(/2026-03-09/);

    // The case list agrees with the run's own account.
    const inJiaxing = await listed('330402');
    const inBeijing = await listed('110101');
    expect({ ...inJiaxing, ...inBeijing }).toEqual(seeded.counts);
  });

  it('finance on the sample caseload: accounts and sample shares recorded; a clerk runs, approves, exports, imports a simulated return and reconciles', async () => {
    expect(seeded.finance).toMatchObject({ sampleData: true, accountFailures: [] });
    expect(seeded.finance!.accountsRecorded).toBeGreaterThan(0);
    expect(seeded.finance!.casesWithoutAccount.length).toBeGreaterThanOrEqual(1);
    expect(seeded.finance!.fundingShares).toEqual(expect.arrayContaining([{ benefit: 'tefu', divisionCode: '330402', fromPeriod: '2025-01', recorded: true, sampleData: true }]));

    // The 特扶 schedules reach disbursement through the consumers.
    const tefu = (await api.get('applications', '/cases?benefit=tefu&division=330402&limit=200', staffOf('330402').officer)).body.items as { caseId: string }[];
    await waitFor('the 特扶 schedules', async () => {
      for (const { caseId } of tefu) if ((await h.store.readStream(`entitlement-${caseId}`)).length === 0) return null;
      return true;
    });

    const cli = async (...argv: string[]) => {
      const out = { stdout: '', stderr: '' };
      const code = await disbursementCommand([...argv, '--url', api.urls.disbursement, '--data-dir', h.dataDir], {
        stdout: { write: (t: string) => (out.stdout += t) },
        stderr: { write: (t: string) => (out.stderr += t) },
        env: {},
      });
      return { code, ...out };
    };
    // The first period the schedules pay (特扶 starts the month after confirmation; a yearly standard pays years).
    const periods = new Set<string>();
    for (const { caseId } of tefu) {
      for (const e of await h.store.readStream(`entitlement-${caseId}`)) {
        for (const line of (e.data as { lines: { period: { kind: string; month?: string; year?: number } }[] }).lines) {
          periods.add(line.period.kind === 'month' ? line.period.month! : String(line.period.year));
        }
      }
    }
    const runPeriod = [...periods].sort()[0];
    const run = await cli('run', '--benefit', 'tefu', '--division', '330402', '--period', runPeriod);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('状态 status completed') });
    const envelopeId = /发放批次 run (\S+)/.exec(run.stdout)![1];
    // The first 特扶 case was left without accounts: 待补录账户.
    expect(run.stdout).toContain('待补录账户 ACCOUNT_MISSING');
    expect((await cli('approve', envelopeId)).code).toBe(0);
    const bankFile = `${h.dataDir}/bank.csv`;
    const exported = await cli('export', envelopeId, '--out', bankFile);
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(/sha256 [0-9a-f]{64}/) });

    const simulated = await simulateBankReturn({ api, envelopeId, failRate: 0, seed: 1, createdOn: '2026-03-20' });
    expect(simulated).toMatchObject({ sampleData: true, failed: 0 });
    expect(simulated.lines).toBeGreaterThan(0);
    const returnFile = `${h.dataDir}/return.csv`;
    writeFileSync(returnFile, simulated.bytes);
    const imported = await cli('import-returns', envelopeId, '--file', returnFile);
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining(`成功 settled ${simulated.lines} `) });
    const reconciled = await cli('reconcile', envelopeId);
    expect(reconciled).toMatchObject({ code: 0, stdout: expect.stringContaining('平衡 BALANCED') });
    expect(reconciled.stdout).toMatch(/中央 central [1-9]/);
  });

  it('advance before the 公示 is over changes nothing; after it, approves and applies the planned changes', async () => {
    const early = await advanceCaseload({ api, division: '330402', concurrency: 4 });
    expect(early).toMatchObject({ failures: [], counts: {} });

    h.clock.now = at('2026-03-10');
    const advanced = await advanceCaseload({ api, division: '330402', concurrency: 4 });
    expect(advanced.failures).toEqual([]);
    const approvedBefore = seeded.counts.dibao.publicNotice ?? 0;
    expect(total(advanced.counts.dibao)).toBe(approvedBefore);
    expect(Object.keys(advanced.counts.dibao ?? {}).every((s) => ['active', 'suspended', 'exited'].includes(s))).toBe(true);

    // Seed 7 plans, among the approved: three 增发 (or 减发 where the household had no income) and one 退出.
    expect(advanced.counts.dibao).toEqual({ active: approvedBefore - 1, exited: 1 });
    const changed = [];
    for (const item of (await api.get('applications', '/cases?benefit=dibao&status=active&division=330402&limit=200', staffOf('330402').officer)).body.items) {
      const view = await api.get('applications', `/cases/dibao/${item.caseId}`, staffOf('330402').officer);
      if (view.body.state.approval?.change) changed.push(view.body.state.approval.change);
    }
    expect(changed).toHaveLength(3);
    expect(changed.every((c: string) => c === 'increase' || c === 'decrease')).toBe(true);

    const listedAfter = await listed('330402');
    expect(listedAfter.dibao.publicNotice ?? 0).toBe(0);
    expect(total(listedAfter.dibao)).toBe(12);
    expect(listedAfter.dibao.rejected ?? 0).toBe(seeded.counts.dibao.rejected ?? 0);

    // The consumers handled everything without parking a message.
    for (const { name, server } of h.consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
    expect(h.errors).toEqual([]);
  });
});
