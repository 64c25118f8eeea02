import { Injectable, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import request from 'supertest';
import { ProblemFilter } from '@benefits/http';
import { createTestDatabase } from '@benefits/testing';
import { IntegrationEventMapper } from '../contracts/mapper';
import { ensureMessagingSchema } from '../sql/schema';
import { openPostgresDatabase, type SqlDatabase } from '../sql/sql-database';
import { NO_DEAD_LETTER_TOPIC } from './dead-letters';
import { DeliveryPipeline } from './delivery-pipeline';
import { ParkedMessages } from './parked-messages';
import { ParkedMessagesModule } from './parked-messages.controller';

/** Stands in for the identity AuthGuard: the role comes from a test header. */
@Injectable()
class TestActorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string>; actor?: unknown }>();
    req.actor = { id: 'u-1', role: req.headers['x-test-role'] ?? 'case_officer', divisionCode: '330304' };
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
        if (!healthy) throw new Error('standard not in force');
        handled.push((event as { caseRevision: number }).caseRevision);
      },
    });
    expect(await pipeline.deliver(snapshot('h1', 0))).toBe('parked');
    expect(await pipeline.deliver(snapshot('h1', 1))).toBe('held');
    const parked = new ParkedMessages(pipeline);

    @Module({
      imports: [ParkedMessagesModule.register({ eligibility: { parked } })],
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

  it('lists, retries and replays: the waiting message follows the retried one', async () => {
    const list = await request(app.getHttpServer()).get(base).set('x-test-role', 'admin');
    expect(list.status).toBe(200);
    expect(list.body.map((p: { status: string }) => p.status)).toEqual(['failed', 'waiting']);
    expect(list.body[0].error).toMatch(/standard not in force/);
    const parkId = list.body[0].parkId as string;

    const stillFailing = await request(app.getHttpServer()).post(`${base}/${parkId}/retry`).set('x-test-role', 'admin');
    expect(stillFailing.status).toBe(200);
    expect(stillFailing.body.replayed).toBe(0);
    expect(stillFailing.body.blockedBy.parkId).toBe(parkId);

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
