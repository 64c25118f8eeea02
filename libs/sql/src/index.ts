export type { NotifyingSqlDatabase, SqlDatabase, SqlSession } from './sql-database';
export { PostgresDatabase, clientSession, openPostgresDatabase } from './postgres-database';
export { PgliteDatabase, openPgliteDatabase } from './pglite-database';
export { SerialQueue } from './serial-queue';
export { DEFAULT_PGLITE_SHARED_BUFFERS, PGLITE_TEMPLATE_ENV, embeddedPgliteOptions, pgliteSharedBuffers } from './pglite-options';
