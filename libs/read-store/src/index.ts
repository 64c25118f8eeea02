export * from './document-store';
export * from './errors';
export { createDocumentStore, type DocumentStoreConfig } from './create-document-store';
export { SqlDocumentStore } from './sql/sql-document-store';
export { ProjectionRunner, PROJECTION_CHECKPOINTS, PROJECTION_LOCKS, type Projection, type ProjectionCheckpoint, type ProjectionRunnerOptions, type ProjectionSource } from './projection/projection-runner';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query';
export { ReadModels, versionedName, versionedProjection, REBUILD_SUFFIX, type ReadModelsOptions, type ReadModelView, type ProjectionStatus } from './projection/read-models';
