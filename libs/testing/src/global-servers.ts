import { startPrivateCluster, stopPrivateCluster, reapWhenGone, type PrivateCluster } from './postgres-server';

/** Environment variable through which test files find the PostgreSQL server of this run. */
export const PG_URL_ENV = 'BENEFITS_TEST_PG_URL';

let cluster: PrivateCluster | null = null;

export async function startTestServers(): Promise<void> {
  if (!process.env[PG_URL_ENV]) {
    cluster = await startPrivateCluster();
    reapWhenGone(process.pid, cluster);
    process.env[PG_URL_ENV] = cluster.url;
  }
}

export async function stopTestServers(): Promise<void> {
  if (cluster) stopPrivateCluster(cluster);
  cluster = null;
}
