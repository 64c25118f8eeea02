import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, serviceOpenApi } from '@benefits/http';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import type { ParkedMessage, ParkedMessages, ParkedMessagesSource } from '@benefits/messaging';
import { applicationsService } from '../../services/applications/src/service';
import { auditService } from '../../services/audit/src/service';
import { disbursementService } from '../../services/disbursement/src/service';
import { eligibilityService } from '../../services/eligibility/src/service';
import { withParkedMessages } from '../../services/parked-admin';

jest.setTimeout(120_000);

const ROUTES = ['get /admin/messaging/consumers/{consumer}/parked', 'post /admin/messaging/consumers/{consumer}/parked/{parkId}/retry', 'post /admin/messaging/consumers/{consumer}/parked/{parkId}/resolve'];

function parkedRoutesOf(document: ReturnType<typeof serviceOpenApi>): string[] {
  return Object.entries(document.paths ?? {})
    .filter(([path]) => path.startsWith('/admin/messaging/'))
    .flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method} ${path}`));
}

describe('parked-message admin routes of the consumer services', () => {
  it('are in the OpenAPI documents of applications, eligibility and disbursement (not audit), with their refusals and 503', () => {
    for (const [definition, consumer] of [
      [applicationsService, 'applications'],
      [eligibilityService, 'eligibility'],
      [disbursementService, 'disbursement'],
    ] as const) {
      const document = serviceOpenApi(definition);
      expect(parkedRoutesOf(document).sort()).toEqual([...ROUTES].sort());
      const list = (document.paths as Record<string, any>)['/admin/messaging/consumers/{consumer}/parked'].get;
      expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '503']));
      expect(list.responses['403'].description).toContain('PARKED_MESSAGES_PROVINCE_ONLY');
      expect(list.parameters.find((p: { name: string }) => p.name === 'consumer').schema.enum).toEqual([consumer]);
    }
    expect(parkedRoutesOf(serviceOpenApi(auditService))).toEqual([]);
  });

  describe('served by the service app', () => {
    let dataDir: string;
    let store: EventStore;
    let authority: DevTokenAuthority;
    let app: INestApplication;
    const sources = new Map<string, ParkedMessagesSource>();
    const base = '/admin/messaging/consumers/eligibility/parked';

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'benefits-parked-admin-'));
      store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
      authority = await createDevTokenVerifier({ dataDir });
      app = await createServiceApp(withParkedMessages(eligibilityService, sources), { store, verifier: authority }, { logger: false });
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const as = async (role: 'admin' | 'approver', division: string) => `Bearer ${await authority.issueDevToken({ sub: `t-${role}`, role, division })}`;

    it('refuses a non-admin (FORBIDDEN) and an admin below province level (PARKED_MESSAGES_PROVINCE_ONLY)', async () => {
      const approver = await request(app.getHttpServer()).get(base).set('Authorization', await as('approver', '330000'));
      expect([approver.status, approver.body.code]).toEqual([403, 'FORBIDDEN']);
      const county = await request(app.getHttpServer()).get(base).set('Authorization', await as('admin', '330402'));
      expect([county.status, county.body.code]).toEqual([403, 'PARKED_MESSAGES_PROVINCE_ONLY']);
    });

    it('answers 503 CONSUMER_NOT_STARTED before the consumer runs, then the scrubbed list', async () => {
      const admin = await as('admin', '330000');
      const early = await request(app.getHttpServer()).get(base).set('Authorization', admin);
      expect([early.status, early.body.code]).toEqual([503, 'CONSUMER_NOT_STARTED']);
      expect(early.body.message.en).toContain('not started');
      const other = await request(app.getHttpServer()).get('/admin/messaging/consumers/disbursement/parked').set('Authorization', admin);
      expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);

      // Sample values only.
      const sample: ParkedMessage = {
        parkId: '1',
        consumer: 'eligibility',
        caseKey: 'c-1',
        eventId: '0193a7e2-5c1f-7b3e-9a41-2f6d8c0b1e55',
        topic: 'benefits.applications.v1',
        type: 'benefits.integration.v1.CaseFactsSnapshotted',
        status: 'failed',
        attempts: 3,
        error: 'Error: no standard for member 33040219700315002X (138-1234-5678)',
        parkedAt: '2025-03-01T00:00:00.000Z',
      };
      sources.set('eligibility', { parked: { list: async () => [sample] } as unknown as ParkedMessages });
      const listed = await request(app.getHttpServer()).get(base).set('Authorization', admin);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([{ ...sample, error: 'Error: no standard for member [redacted] ([redacted])' }]);
    });
  });
});
