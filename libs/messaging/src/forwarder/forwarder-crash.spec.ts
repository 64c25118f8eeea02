import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createTestDatabase, describeIfKafka } from '@benefits/testing';
import { IntegrationEventMapper } from '../contracts/mapper';
import { KafkaIntegrationServer } from '../consumer/kafka-integration-server';
import type { DeliveryOutcome } from '../consumer/delivery-pipeline';
import { ensureMessagingSchema } from '../sql/schema';
import { openPostgresDatabase, type SqlDatabase } from '@benefits/sql';
import { appendTo, factsEvent, LEDGER_SCHEMA, LedgerModule, LedgerProbe, readLedger, waitFor } from '../testing/ledger-handlers';

const root = join(__dirname, '..', '..', '..', '..');

function startForwarder(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['-r', join(root, 'tools', 'register.js'), join(__dirname, '..', 'testing', 'forwarder-process.ts')], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describeIfKafka('outbox forwarder killed with SIGKILL in the middle of a batch', (brokers) => {
  let store: EventStore;
  let db: SqlDatabase;
  let app: INestMicroservice;
  const children: ChildProcess[] = [];
  const outcomes: Record<DeliveryOutcome, number> = { handled: 0, duplicate: 0, ignored: 0, held: 0, parked: 0, rejected: 0 };

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await app?.close();
    await store?.close();
    await db?.close();
  });

  it('delivers every event at least once after a restart, each case in order at the consumer', async () => {
    const storeUrl = await createTestDatabase('crash_store');
    const dbUrl = await createTestDatabase('crash_consumer');
    store = await createEventStore({ kind: 'postgres', url: storeUrl });
    db = openPostgresDatabase(dbUrl);
    await ensureMessagingSchema(db);
    await db.query(LEDGER_SCHEMA);
    const prefix = `crash${randomUUID().slice(0, 8)}.`;
    const cases = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    for (let revision = 0; revision < 20; revision += 1) for (const caseId of cases) await appendTo(store, caseId, [factsEvent(caseId, revision)]);

    const server = new KafkaIntegrationServer({
      consumer: 'crash-ledger',
      db,
      brokers,
      topics: new IntegrationEventMapper({ topicPrefix: prefix }).topics(),
      groupId: `${prefix}ledger`,
      onDelivered: (_m, outcome) => (outcomes[outcome] += 1),
    });
    app = await NestFactory.createMicroservice(LedgerModule.with(new LedgerProbe()), { strategy: server, logger: false });
    await app.listen();

    const env = { FORWARDER_STORE_URL: storeUrl, FORWARDER_DB_URL: dbUrl, FORWARDER_BROKERS: brokers.join(','), FORWARDER_TOPIC_PREFIX: prefix };
    const first = startForwarder({ ...env, FORWARDER_CRASH_MID_BATCH: '1' });
    children.push(first.child);
    await waitFor('the first half of the first batch acknowledged', () => first.output().includes('HALF') || (first.child.exitCode !== null && Promise.reject(new Error(first.output()))));
    await waitFor('the acknowledged half at the consumer', () => outcomes.handled >= 20);
    first.child.kill('SIGKILL');
    await exited(first.child);
    // Half a batch was acknowledged, but not the whole: the checkpoint has not moved.
    expect(await db.query('SELECT position FROM messaging.checkpoints WHERE checkpoint_id = $1', ['crash-test-forwarder'])).toEqual([]);

    for (const caseId of cases) await appendTo(store, caseId, [factsEvent(caseId, 20), factsEvent(caseId, 21)]);
    const second = startForwarder(env);
    children.push(second.child);
    await waitFor('every event at the consumer', async () => Object.values(await readLedger(db)).flat().length === 132, 60_000);

    const ledger = await readLedger(db);
    const inOrder = Array.from({ length: 22 }, (_, revision) => `facts:${revision}`);
    for (const caseId of cases) expect({ caseId, events: ledger[caseId] }).toEqual({ caseId, events: inOrder });
    // The re-sent half batch arrived a second time and the inbox recognised every copy.
    await waitFor('the re-sent half batch', () => outcomes.duplicate >= 20);
    expect(outcomes.handled).toBe(132);
    second.child.kill('SIGKILL');
  });
});
