export * from './event-store';
export * from './errors';
export { createEventStore, type EventStoreConfig } from './create-event-store';
export { openPostgresEventStore } from './postgres/open-postgres-event-store';
export { openPgliteEventStore } from './pglite/open-pglite-event-store';
export { DataDirectoryLock, LOCK_FILE_NAME } from './pglite/data-directory-lock';
export { KurrentDbEventStore, encodeKurrentPosition, decodeKurrentPosition } from './kurrentdb/kurrentdb-event-store';
