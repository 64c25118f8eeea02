import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDocumentStore, type ReadModels } from '@benefits/read-store';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import { newId } from '@benefits/kernel';
import { disbursementService } from './service';

const standardRef = { standardId: 'bps-330400', versionId: '2c8fa3c496992144', itemNo: '52', contentHash: 'ab'.repeat(32) };

function tefuSchedule(caseId: string, personRefs: string[], overrides: Record<string, unknown> = {}) {
  return {
    caseId,
    determinationId: `det-${caseId}`,
    benefit: 'tefu',
    divisionCode: '330402',
    effectiveFrom: '2024-08-01',
    standardRef,
    lines: personRefs.flatMap((personRef) =>
      ['2024-08', '2024-09'].map((month) => ({ personRef, period: { kind: 'month', month }, amount: { fen: 100_000 } })),
    ),
    ...overrides,
  };
}

describe('disbursement over HTTP', () => {
  let dataDir: string;
  let store: EventStore;
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const server = () => app.getHttpServer();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  /** A run, then the payments it created (every page). */
  async function run(body: object, who = 'clerk') {
    const res = await request(server()).post('/disbursement/runs').set(as(who)).send(body).expect(200);
    const payments: { paymentStreamId: string; personRef: string; kind: string; amount: { fen: number } }[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(server())
        .get(`/disbursement/runs/${res.body.runId}/payments`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(as(who))
        .expect(200);
      payments.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return { body: res.body, payments };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-disbursement-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority: DevTokenAuthority = await createDevTokenVerifier({ dataDir });
    app = await createServiceApp(disbursementService, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    // As the process does at boot: the read model is open and following before the first request.
    await app.get<ReadModels>(READ_MODELS).start();
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: '330402' });
    tokens.otherClerk = await authority.issueDevToken({ sub: 'clerk-2', role: 'finance_clerk', division: '330411' });
    tokens.cityClerk = await authority.issueDevToken({ sub: 'clerk-3', role: 'finance_clerk', division: '330400' });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330000' });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('a 计生特扶 schedule and the August run', () => {
    const caseId = newId();
    const mother = newId();
    const father = newId();
    const paymentId = (personRef: string, month: string) => `payment-${caseId}-${personRef}-${month}`;

    it('records the schedule once; the same schedule again records nothing', async () => {
      const first = await request(server()).post('/disbursement/schedules').set(as('admin')).send(tefuSchedule(caseId, [mother, father])).expect(201);
      expect(first.body).toEqual({ streamId: `entitlement-${caseId}`, scheduleVersion: 1, recorded: true });

      const head = await store.headPosition();
      const again = await request(server()).post('/disbursement/schedules').set(as('admin')).send(tefuSchedule(caseId, [mother, father])).expect(201);
      expect(again.body).toEqual({ streamId: `entitlement-${caseId}`, scheduleVersion: 1, recorded: false });
      expect(await store.headPosition()).toBe(head);
    });

    it('creates one payment per beneficiary for 2024-08 with the control total', async () => {
      const res = await run({ benefit: 'tefu', divisionCode: '330402', period: '2024-08' });
      expect(res.body).toMatchObject({
        runId: 'tefu-330402-2024-08-1',
        run: { benefit: 'tefu', divisionCode: '330402', period: '2024-08' },
        status: 'completed',
        resumed: false,
        counts: { created: 2, alreadyExisted: 0, createdFen: 200_000 },
      });
      expect(res.payments.map((p) => p.paymentStreamId).sort()).toEqual([paymentId(mother, '2024-08'), paymentId(father, '2024-08')].sort());
      const recorded = await request(server()).get('/disbursement/runs/tefu-330402-2024-08-1').set(as('auditor')).expect(200);
      expect(recorded.body).toMatchObject({ status: 'completed', counts: { created: 2 }, startedBy: { id: 'clerk-1' } });
    });

    it('creates nothing when the same month is run again (the second run is recorded), and each payment stream holds exactly one PaymentCreated', async () => {
      const res = await run({ benefit: 'tefu', divisionCode: '330402', period: '2024-08' });
      expect(res.body).toMatchObject({ runId: 'tefu-330402-2024-08-2', counts: { created: 0, alreadyExisted: 2, createdFen: 0 } });
      expect(res.payments).toEqual([]);
      for (const personRef of [mother, father]) {
        const events = await store.readStream(paymentId(personRef, '2024-08'));
        expect(events.map((e) => e.type)).toEqual(['disbursement.PaymentCreated.v1']);
      }
    });

    it('shows a payment with its amount, determination, clause and schedule version', async () => {
      const res = await request(server()).get(`/disbursement/payments/${paymentId(mother, '2024-08')}`).set(as('auditor')).expect(200);
      expect(res.body).toMatchObject({
        paymentStreamId: paymentId(mother, '2024-08'),
        revision: 0,
        caseId,
        personRef: mother,
        benefit: 'tefu',
        period: { kind: 'month', month: '2024-08' },
        periodKey: '2024-08',
        amount: { fen: 100_000 },
        determinationId: `det-${caseId}`,
        standardRef,
        schedule: { streamId: `entitlement-${caseId}`, version: 1 },
        createdBy: { id: 'clerk-1', role: 'finance_clerk', divisionCode: '330402' },
      });
      const [created] = await store.readStream(paymentId(mother, '2024-08'));
      const [schedule] = await store.readStream(`entitlement-${caseId}`);
      expect(created.metadata.causationId).toBe(schedule.eventId);
    });

    it('takes the next month from the same schedule, and a higher amount from a newer determination', async () => {
      const raised = tefuSchedule(caseId, [mother, father], {
        determinationId: `det2-${caseId}`,
        // A schedule is a complete snapshot: August (already paid) stays as it was, so nothing is settled for it.
        lines: [
          { personRef: mother, period: { kind: 'month', month: '2024-08' }, amount: { fen: 100_000 } },
          { personRef: father, period: { kind: 'month', month: '2024-08' }, amount: { fen: 100_000 } },
          { personRef: mother, period: { kind: 'month', month: '2024-09' }, amount: { fen: 120_000 } },
        ],
      });
      const recorded = await request(server()).post('/disbursement/schedules').set(as('admin')).send(raised).expect(201);
      expect(recorded.body).toMatchObject({ scheduleVersion: 2, recorded: true });
      const res = await run({ benefit: 'tefu', divisionCode: '330402', period: '2024-09' });
      expect(res.body).toMatchObject({ counts: { created: 1, alreadyExisted: 0, createdFen: 120_000 } });
      expect(res.payments[0]).toMatchObject({ paymentStreamId: paymentId(mother, '2024-09'), amount: { fen: 120_000 } });
    });

    it('given a superseding schedule that changes paid months, the next run pays arrears (补发) and recovers (追缴) once, traced to both schedules', async () => {
      const corrected = tefuSchedule(caseId, [mother, father], {
        determinationId: `det3-${caseId}`,
        scheduleId: `sched3-${caseId}`,
        lines: [
          { personRef: mother, period: { kind: 'month', month: '2024-08' }, amount: { fen: 100_000 } },
          { personRef: father, period: { kind: 'month', month: '2024-08' }, amount: { fen: 80_000 } },
          { personRef: mother, period: { kind: 'month', month: '2024-09' }, amount: { fen: 130_000 } },
        ],
      });
      await request(server()).post('/disbursement/schedules').set(as('admin')).send(corrected).expect(201, /"scheduleVersion":3/);
      const runOctober = () => run({ benefit: 'tefu', divisionCode: '330402', period: '2024-10' });
      const first = await runOctober();
      expect(first.body).toMatchObject({ counts: { created: 2, alreadyExisted: 0, createdFen: 0, arrearsFen: 10_000, recoveryFen: 20_000 } });
      const byKind = Object.fromEntries(first.payments.map((p) => [p.kind, p.paymentStreamId]));
      expect(byKind).toEqual({ arrears: `${paymentId(mother, '2024-09')}-adj3`, recovery: `${paymentId(father, '2024-08')}-adj3` });
      const recovery = await request(server()).get(`/disbursement/payments/${byKind.recovery}`).set(as('auditor')).expect(200);
      expect(recovery.body).toMatchObject({
        kind: 'recovery',
        amount: { fen: 20_000 },
        determinationId: `det3-${caseId}`,
        schedule: { streamId: `entitlement-${caseId}`, version: 3 },
        adjusts: { paidFen: 100_000, dueFen: 80_000, previousSchedule: { streamId: `entitlement-${caseId}`, version: 1 } },
      });
      const second = await runOctober();
      expect(second.body).toMatchObject({ counts: { created: 0, alreadyExisted: 0, arrearsFen: 0, recoveryFen: 0 } });
    });

    it('completes a run that stopped half-way: what exists is kept, the rest is created', async () => {
      const lateCase = newId();
      const [first, second] = [newId(), newId()];
      await request(server())
        .post('/disbursement/schedules')
        .set(as('admin'))
        .send(tefuSchedule(lateCase, [first, second], { divisionCode: '330411' }))
        .expect(201);
      // The first payment as an interrupted run left it: created, with the run never answering.
      const earlier = `payment-${lateCase}-${first}-2024-08`;
      await store.appendToStream(
        earlier,
        [{ type: 'disbursement.PaymentCreated.v1', data: { paymentStreamId: earlier, amount: { fen: 100_000 } }, metadata: { correlationId: 'interrupted' } }],
        { expectedRevision: 'no_stream' },
      );
      const res = await run({ benefit: 'tefu', divisionCode: '330411', period: '2024-08' }, 'otherClerk');
      expect(res.body).toMatchObject({ counts: { created: 1, alreadyExisted: 1, createdFen: 100_000 } });
      expect(res.payments.map((p) => p.personRef)).toEqual([second]);
      expect((await store.readStream(earlier)).map((e) => e.metadata.correlationId)).toEqual(['interrupted']);
    });

    it("leaves other divisions' cases out of a run, including a city's run and its counties", async () => {
      const res = await run({ benefit: 'tefu', divisionCode: '330400', period: '2024-08' }, 'cityClerk');
      expect(res.body).toMatchObject({ counts: { created: 0, alreadyExisted: 0 } });
      expect(res.payments).toEqual([]);
    });
  });

  describe('refusals', () => {
    const caseId = newId();
    const person = newId();

    async function expectRefused(call: request.Test, status: number, code: string) {
      const head = await store.headPosition();
      const res = await call;
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      expect(await store.headPosition()).toBe(head);
      return res;
    }

    const postSchedule = (body: unknown, who = 'admin') => request(server()).post('/disbursement/schedules').set(as(who)).send(body as object);
    const postRun = (body: unknown, who = 'clerk') => request(server()).post('/disbursement/runs').set(as(who)).send(body as object);

    it.each([
      ['a missing field', (() => { const { standardRef: _omitted, ...rest } = tefuSchedule(caseId, [person]); return rest; })(), 'VALIDATION_FAILED'],
      ['a wrong type', tefuSchedule(caseId, [person], { lines: 'all of them' }), 'VALIDATION_FAILED'],
      ['an unknown field', { ...tefuSchedule(caseId, [person]), residentId: '110101199003074477' }, 'UNKNOWN_FIELD'],
      ['an amount in yuan with decimals', tefuSchedule(caseId, [person], { lines: [{ personRef: person, period: { kind: 'month', month: '2024-08' }, amount: { fen: 1000.5 } }] }), 'VALIDATION_FAILED'],
      ['a zero amount', tefuSchedule(caseId, [person], { lines: [{ personRef: person, period: { kind: 'month', month: '2024-08' }, amount: { fen: 0 } }] }), 'VALIDATION_FAILED'],
      ['a name instead of a personRef', tefuSchedule(caseId, ['张三']), 'VALIDATION_FAILED'],
      ['a month that does not exist', tefuSchedule(caseId, [person], { lines: [{ personRef: person, period: { kind: 'month', month: '2024-13' }, amount: { fen: 1 } }] }), 'VALIDATION_FAILED'],
      ['an unknown benefit', tefuSchedule(caseId, [person], { benefit: 'jiangfu' }), 'VALIDATION_FAILED'],
      ['a bad division code', tefuSchedule(caseId, [person], { divisionCode: '990000' }), 'VALIDATION_FAILED'],
      ['the same beneficiary and period twice', tefuSchedule(caseId, [person, person]), 'DUPLICATE_SCHEDULE_LINE'],
    ])('refuses a schedule with %s (400, nothing written)', async (_what, body, code) => {
      await expectRefused(postSchedule(body), 400, code);
    });

    it('refuses a body that is not JSON (400, nothing written)', async () => {
      const head = await store.headPosition();
      await request(server()).post('/disbursement/schedules').set(as('admin')).set('Content-Type', 'application/json').send('{"caseId": ').expect(400);
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a different schedule under a determination already recorded (409)', async () => {
      const schedule = tefuSchedule(caseId, [person]);
      await postSchedule(schedule).expect(201);
      await expectRefused(postSchedule({ ...schedule, effectiveFrom: '2024-09-01' }), 409, 'SCHEDULE_CONFLICT');
    });

    it.each([
      ['a missing period', { benefit: 'tefu', divisionCode: '330402' }, 'VALIDATION_FAILED'],
      ['a period that is neither a month nor a year', { benefit: 'tefu', divisionCode: '330402', period: '2024-W33' }, 'VALIDATION_FAILED'],
      ['a numeric month', { benefit: 'tefu', divisionCode: '330402', period: 202408 }, 'VALIDATION_FAILED'],
      ['an unknown field', { benefit: 'tefu', divisionCode: '330402', period: '2024-08', force: true }, 'UNKNOWN_FIELD'],
    ])('refuses a run with %s (400, nothing written)', async (_what, body, code) => {
      await expectRefused(postRun(body), 400, code);
    });

    it('lets only finance clerks run payments, and only for their own division', async () => {
      await expectRefused(postRun({ benefit: 'tefu', divisionCode: '330402', period: '2024-08' }, 'auditor'), 403, 'FORBIDDEN');
      await expectRefused(postRun({ benefit: 'tefu', divisionCode: '330402', period: '2024-08' }, 'otherClerk'), 403, 'DIVISION_OUT_OF_SCOPE');
      await expectRefused(postSchedule(tefuSchedule(newId(), [person]), 'clerk'), 403, 'FORBIDDEN');
    });

    it('answers 400 for a malformed payment id and 404 for an unknown one', async () => {
      const bad = await request(server()).get('/disbursement/payments/payment-12345678901-2024-08').set(as('auditor')).expect(400);
      expect(bad.body.code).toBe('INVALID_PAYMENT_ID');
      const unknown = await request(server()).get(`/disbursement/payments/payment-${newId()}-${newId()}-2024-08`).set(as('auditor')).expect(404);
      expect(unknown.body.code).toBe('PAYMENT_NOT_FOUND');
    });
  });
});
