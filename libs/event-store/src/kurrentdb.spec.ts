import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from './create-event-store';
import { eventStoreContract } from './event-store.contract';
import { comparePositions, decodeKurrentPosition, encodeKurrentPosition, isProductEvent } from './kurrentdb/kurrentdb-event-store';
import { InvalidPositionError } from './errors';

/**
 * The KurrentDB adapter against a real KurrentDB: a server given by BENEFITS_TEST_KURRENTDB_URL, or
 * a container started with testcontainers when a container runtime is reachable. Without either
 * the contract suite is reported as skipped with the reason — never passed without a server.
 */
const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';

function containerRuntimeReason(): string | null {
  if (process.env.BENEFITS_TEST_KURRENTDB_URL || process.env.DOCKER_HOST) return null;
  const sockets = ['/var/run/docker.sock', join(homedir(), '.docker/run/docker.sock'), `/run/user/${process.getuid?.() ?? 0}/podman/podman.sock`];
  return sockets.some((s) => existsSync(s)) ? null : 'no container runtime (no DOCKER_HOST or docker/podman socket) and no BENEFITS_TEST_KURRENTDB_URL';
}

describe('KurrentDB positions (pure)', () => {
  it('encode and decode $all positions, compare them, and refuse anything else', () => {
    const a = { commit: 12n, prepare: 10n };
    const b = { commit: 12n, prepare: 11n };
    expect(decodeKurrentPosition(encodeKurrentPosition(a))).toEqual(a);
    expect(comparePositions(a, b)).toBe(-1);
    expect(comparePositions(b, a)).toBe(1);
    expect(comparePositions(a, { ...a })).toBe(0);
    for (const bad of ['', '12', '12/x', 'start', '1/2/3']) expect(() => decodeKurrentPosition(bad)).toThrow(InvalidPositionError);
  });

  it('the product log leaves out KurrentDB system events and subscription checkpoints', () => {
    expect(isProductEvent('case-1', 'tefu.CaseCreated.v1')).toBe(true);
    expect(isProductEvent('$stats-127.0.0.1:2113', '$statsCollected')).toBe(false);
    expect(isProductEvent('case-1', '$metadata')).toBe(false);
    expect(isProductEvent('benefits-checkpoint-applications.case-facts', 'SubscriptionCheckpoint')).toBe(false);
  });
});

const reason = containerRuntimeReason();
if (reason) {
  describe.skip(`EventStore contract: KurrentDB [skipped: ${reason}]`, () => {
    it('runs the contract suite against KurrentDB', () => undefined);
  });
} else {
  jest.setTimeout(120_000);
  eventStoreContract(
    'KurrentDB',
    async () => {
      let connectionString = process.env.BENEFITS_TEST_KURRENTDB_URL;
      let stop: () => Promise<unknown> = async () => undefined;
      if (!connectionString) {
        const { GenericContainer, Wait } = await import('testcontainers');
        const container = await new GenericContainer(KURRENTDB_IMAGE)
          .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_MEM_DB: 'true' })
          .withExposedPorts(2113)
          .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
          .start();
        connectionString = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
        stop = () => container.stop();
      }
      const url = connectionString;
      return { open: () => createEventStore({ kind: 'kurrentdb', connectionString: url }), dispose: async () => void (await stop()) };
    },
    { sql: false },
  );
}
