import { Injectable, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import request from 'supertest';
import { DeliveryPipeline, IntegrationEventMapper, NO_DEAD_LETTER_TOPIC, ParkedMessages, ParkedMessagesModule, ensureMessagingSchema } from '@benefits/messaging';
import { openPostgresDatabase, type SqlDatabase } from '@benefits/sql';
import { createTestDatabase } from '@benefits/testing';
import { ProblemFilter } from './problem.filter';
import { scrubLogText } from './observability/log-redaction';

// The messaging library's parked-message admin routes, mounted the way a service mounts them (this
// library's problem filter and log scrubber), on a real PostgreSQL server.

/** Stands in for the identity AuthGuard: the role comes from a test header. */
@Injectable()
class TestActorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string>; actor?: unknown }>();
    req.actor = { id: 'u-1', role: req.headers['x-test-role'] ?? 'case_officer', divisionCode: req.headers['x-test-division'] ?? '330000' };
    return true;
  }
}

function snapshot(caseId: string, revision: number) {
  return new IntegrationEventMapper().map({
    eventId: `00000000-0000-4000-8000-${String(revision + 100).padStart(12, '0')}`,
    type: 'dibao.CaseFactsSnapshotted.v1',
    streamId: `case-${caseId}`,
    streamRevision: revision,
    position: 'p',
    recordedAt: '2025-03-01T00:00:00.000Z',
    data: { caseRevision: revision, facts: {} },
    metadata: { correlationId: 'c', causationId: null, actor: null, schemaVersion: 1, prevHash: '', hash: '' },
  })!;
}

describe('parked messages over HTTP', () => {
  let db: SqlDatabase;
  let app: INestApplication;
  let healthy = false;
  const handled: number[] = [];

  beforeAll(async () => {
    db = openPostgresDatabase(await createTestDatabase('parked_http'));
    await ensureMessagingSchema(db);
    const pipeline = new DeliveryPipeline({
      consumer: 'eligibility',
      db,
      deadLetters: NO_DEAD_LETTER_TOPIC,
      retryDelayMs: () => 1,
      handlerFor: () => async (event) => {
        // Sample values: a careless message with a resident id and a mobile in it.
        if (!healthy) throw new Error('standard not in force for 33040219700315002X, tel 139 1234 5678');
        handled.push((event as { caseRevision: number }).caseRevision);
      },
    });
    expect(await pipeline.deliver(snapshot('h1', 0))).toBe('parked');
    expect(await pipeline.deliver(snapshot('h1', 1))).toBe('held');
    const parked = new ParkedMessages(pipeline);

    @Module({
      imports: [
        ParkedMessagesModule.register({
          consumers: ['eligibility', 'idle', 'starting'],
          sources: {
            eligibility: { parked },
            starting: {
              get parked(): ParkedMessages {
                throw new Error('consumer starting is not listening');
              },
            },
          },
          scrub: scrubLogText,
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: TestActorGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const base = '/admin/messaging/consumers/eligibility/parked';

  it('refuses anyone but an admin', async () => {
    const res = await request(app.getHttpServer()).get(base).set('x-test-role', 'approver');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('refuses an admin of a prefecture or county (the consumer spans every division)', async () => {
    for (const division of ['330400', '330402', '110101']) {
      const res = await request(app.getHttpServer()).get(base).set('x-test-role', 'admin').set('x-test-division', division);
      expect([division, res.status, res.body.code]).toEqual([division, 403, 'PARKED_MESSAGES_PROVINCE_ONLY']);
      expect(res.body.message.zh).toContain('省级');
    }
    const other = await request(app.getHttpServer()).get(base).set('x-test-role', 'admin').set('x-test-division', '110000');
    expect(other.status).toBe(200);
  });

  it('answers 503 CONSUMER_NOT_STARTED (typed, zh and en) for a consumer of this app that is not running yet', async () => {
    for (const consumer of ['idle', 'starting']) {
      const res = await request(app.getHttpServer()).get(`/admin/messaging/consumers/${consumer}/parked`).set('x-test-role', 'admin');
      expect([res.status, res.body.code]).toEqual([503, 'CONSUMER_NOT_STARTED']);
      expect(res.body.message).toEqual({ zh: expect.stringContaining('消费者'), en: expect.stringContaining('not started') });
    }
  });

  it('lists, retries and replays: the waiting message follows the retried one', async () => {
    const list = await request(app.getHttpServer()).get(base).set('x-test-role', 'admin');
    expect(list.status).toBe(200);
    expect(list.body.map((p: { status: string }) => p.status)).toEqual(['failed', 'waiting']);
    expect(list.body[0].error).toMatch(/standard not in force/);
    // The error text leaves scrubbed: no resident id, no phone number.
    expect(JSON.stringify(list.body)).not.toMatch(/33040219700315002X|139 1234 5678/);
    expect(list.body[0].error).toContain('[redacted]');
    const parkId = list.body[0].parkId as string;

    const stillFailing = await request(app.getHttpServer()).post(`${base}/${parkId}/retry`).set('x-test-role', 'admin');
    expect(stillFailing.status).toBe(200);
    expect(stillFailing.body.replayed).toBe(0);
    expect(stillFailing.body.blockedBy.parkId).toBe(parkId);
    expect(stillFailing.body.blockedBy.error).toMatch(/^.*standard not in force for \[redacted\], tel \[redacted\]$/);

    healthy = true;
    const fixed = await request(app.getHttpServer()).post(`${base}/${parkId}/retry`).set('x-test-role', 'admin');
    expect(fixed.body).toEqual({ replayed: 2, blockedBy: null });
    expect(handled).toEqual([0, 1]);
    expect((await request(app.getHttpServer()).get(base).set('x-test-role', 'admin')).body).toEqual([]);
  });

  it('answers with typed errors for unknown consumers and messages, bad ids and missing reasons', async () => {
    const admin = (req: request.Test) => req.set('x-test-role', 'admin');
    expect((await admin(request(app.getHttpServer()).get('/admin/messaging/consumers/nope/parked'))).body.code).toBe('NOT_FOUND');
    expect((await admin(request(app.getHttpServer()).post(`${base}/999999/retry`))).body.code).toBe('NOT_FOUND');
    expect((await admin(request(app.getHttpServer()).post(`${base}/x1/retry`))).body.code).toBe('INVALID_ID');
    const noNote = await admin(request(app.getHttpServer()).post(`${base}/1/resolve`).send({}));
    expect([noNote.status, noNote.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
