import { Injectable, Module, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ProblemFilter, scrubLogText } from '@benefits/http';
import {
  DeliveryPipeline,
  IntegrationEventMapper,
  NO_DEAD_LETTER_TOPIC,
  ParkedMessages,
  ParkedMessagesModule,
  ensureMessagingSchema,
} from '@benefits/messaging';
import { parkedCommand } from './parked-command';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

jest.setTimeout(120_000);

/** Stands in for the identity AuthGuard: `Bearer admin` is an admin, any other token a case officer. */
@Injectable()
class TokenRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string>; actor?: unknown }>();
    const role = req.headers.authorization === 'Bearer admin' ? 'admin' : 'case_officer';
    req.actor = { id: 'cli-admin', role, divisionCode: '330000' };
    return true;
  }
}

function snapshot(caseId: string, revision: number) {
  return new IntegrationEventMapper().map({
    eventId: `00000000-0000-4000-8000-${String(revision + 500).padStart(12, '0')}`,
    type: 'dibao.CaseFactsSnapshotted.v1',
    streamId: `case-${caseId}`,
    streamRevision: revision,
    position: 'p',
    recordedAt: '2025-03-01T00:00:00.000Z',
    data: { caseRevision: revision, facts: {} },
    metadata: { correlationId: 'c', causationId: null, actor: null, schemaVersion: 1, prevHash: '', hash: '' },
  })!;
}

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env }, out: () => out.join(''), err: () => err.join('') };
}

describe('benefits parked (over HTTP)', () => {
  let db: SqlDatabase;
  let app: INestApplication;
  let url: string;
  let healthy = false;
  const handled: string[] = [];

  beforeAll(async () => {
    db = await openPgliteDatabase();
    await ensureMessagingSchema(db);
    const pipeline = new DeliveryPipeline({
      consumer: 'eligibility',
      db,
      deadLetters: NO_DEAD_LETTER_TOPIC,
      retryDelayMs: () => 1,
      handlerFor: () => async (event) => {
        if (!healthy) throw new Error('standard not in force');
        handled.push(String((event as { caseRevision: number }).caseRevision));
      },
    });
    // Case a: blocked at revision 0 with 1 waiting; case b: blocked alone.
    expect(await pipeline.deliver(snapshot('a', 0))).toBe('parked');
    expect(await pipeline.deliver(snapshot('a', 1))).toBe('held');
    expect(await pipeline.deliver(snapshot('b', 7))).toBe('parked');

    @Module({
      imports: [ParkedMessagesModule.register({ consumers: ['eligibility'], sources: { eligibility: { parked: new ParkedMessages(pipeline) } }, scrub: scrubLogText })],
      providers: [
        { provide: APP_GUARD, useClass: TokenRoleGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const c = capture(env);
    const code = await parkedCommand(args, c.io);
    return { code, out: c.out(), err: c.err() };
  };

  it('lists the blocking and waiting messages of the consumers on a service', async () => {
    const listed = await run(['list', '--url', url, '--token', 'admin']);
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('eligibility');
    expect(listed.out).toMatch(/#1 {2}阻塞 failed \(blocks its case\) {2}case a {2}benefits\.integration\.v1\.CaseFactsSnapshotted {2}attempts 3/);
    expect(listed.out).toMatch(/#2 {2}等待 waiting {2}case a/);
    expect(listed.out).toContain('错误 error: Error: standard not in force');
    const json = await run(['list', '--url', url, '--token', 'admin', '--consumer', 'eligibility', '--json']);
    expect(JSON.parse(json.out).map((p: { parkId: string; status: string }) => [p.parkId, p.status])).toEqual([
      ['1', 'failed'],
      ['2', 'waiting'],
      ['3', 'failed'],
    ]);
  });

  it('retry finds the consumer by id; still failing is exit 1, fixed replays the waiting message', async () => {
    const still = await run(['retry', '1', '--url', url, '--token', 'admin']);
    expect(still.code).toBe(1);
    expect(still.out).toContain('the case is still blocked by');
    healthy = true;
    const fixed = await run(['retry', '1', '--url', url, '--token', 'admin']);
    expect([fixed.code, fixed.err]).toEqual([0, '']);
    expect(fixed.out).toContain('已重试 retried #1 (eligibility); 重放 replayed 2');
    expect(fixed.out).toContain('the case flows again');
    expect(handled).toEqual(['0', '1']);
  });

  it('resolve needs a note and settles by hand', async () => {
    const noNote = await run(['resolve', '3', '--url', url, '--token', 'admin']);
    expect(noNote.code).toBe(2);
    expect(noNote.err).toContain('[USAGE]');
    const resolved = await run(['resolve', '3', '--note', '已发出更正事件 corrected event issued', '--url', url, '--token', 'admin', '--consumer', 'eligibility']);
    expect([resolved.code, resolved.err]).toEqual([0, '']);
    expect(resolved.out).toContain('已处理 resolved #3');
    expect(handled).toEqual(['0', '1']);
    const empty = await run(['list', '--url', url, '--token', 'admin', '--consumer', 'eligibility']);
    expect(empty.out).toContain('无搁置消息 / nothing parked');
  });

  it('typed, bilingual refusals: unknown id, non-admin token, unreachable service, no dev key, bad arguments', async () => {
    const missing = await run(['retry', '99', '--url', url, '--token', 'admin']);
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining('[PARKED_MESSAGE_NOT_FOUND]')]);
    const officer = await run(['list', '--url', url, '--token', 'officer', '--consumer', 'eligibility']);
    expect(officer.code).toBe(1);
    expect(officer.err).toContain('[FORBIDDEN]');
    expect(officer.err).toContain('needs a token of role admin');
    const down = await run(['list', '--url', 'http://127.0.0.1:1', '--token', 'admin', '--consumer', 'eligibility']);
    expect(down.err).toContain('[UNREACHABLE]');
    const noKey = await run(['list', '--data-dir', '/nonexistent-benefits-dir']);
    expect(noKey.err).toContain('[TOKEN_REQUIRED]');
    const bad = await run(['retry', 'abc', '--token', 'admin']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('[USAGE]')]);
    const consumer = await run(['list', '--consumer', 'nope', '--token', 'admin']);
    expect(consumer.code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});
