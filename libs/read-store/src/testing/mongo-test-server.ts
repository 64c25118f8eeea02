import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * MongoDB for the read store's contract suite: an existing server (`BENEFITS_TEST_MONGO_URL`) or a
 * `mongo` container started with testcontainers when a container runtime is reachable. Without
 * either the suite is reported as skipped with the reason in its title — never silently passed.
 */
export const MONGO_URL_ENV = 'BENEFITS_TEST_MONGO_URL';
export const MONGO_IMAGE = 'mongo:7.0';

function containerRuntimeSocket(): string | null {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  const candidates = [
    '/var/run/docker.sock',
    join(homedir(), '.docker', 'run', 'docker.sock'),
    process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : null,
    '/run/podman/podman.sock',
  ].filter((p): p is string => p !== null);
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Null when MongoDB suites can run here; otherwise why not. */
export function mongoUnavailableReason(): string | null {
  if (process.env[MONGO_URL_ENV]) return null;
  if (containerRuntimeSocket()) return null;
  return `no MongoDB: ${MONGO_URL_ENV} is not set and no container runtime for testcontainers (DOCKER_HOST unset, no Docker or Podman socket)`;
}

export interface MongoServer {
  /** A URL for a database of its own (`name`). */
  url(name: string): string;
  stop(): Promise<void>;
}

export async function startMongo(): Promise<MongoServer> {
  const given = process.env[MONGO_URL_ENV];
  if (given) {
    return {
      url: (name) => {
        const url = new URL(given);
        url.pathname = `/${name}`;
        return url.toString();
      },
      stop: async () => undefined,
    };
  }
  // Loaded only here: testcontainers probes the runtime when it is used.
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(MONGO_IMAGE)
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  const base = `mongodb://${container.getHost()}:${container.getMappedPort(27017)}`;
  return { url: (name) => `${base}/${name}?directConnection=true`, stop: async () => void (await container.stop()) };
}

/** `describe` for suites that need MongoDB; skipped with the reason in the title when there is none. */
export function describeIfMongo(title: string, body: (server: () => MongoServer) => void): void {
  const reason = mongoUnavailableReason();
  if (reason) {
    describe.skip(`${title} [skipped: ${reason}]`, () => body(() => ({ url: () => '', stop: async () => undefined })));
    return;
  }
  describe(title, () => {
    let server: MongoServer | null = null;
    beforeAll(async () => {
      server = await startMongo();
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (!server) throw new Error('MongoDB did not start');
      return server;
    });
  });
}
