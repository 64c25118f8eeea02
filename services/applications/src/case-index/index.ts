export { CaseIndexController, CASE_LIST_WAIT_MS } from './case-index.controller';
export { describeCaseIndexRoutes } from './case-index.routes';
export { CASE_INDEX, CASE_INDEX_PROJECTION, caseIndexProjection, indexEntry, isOverdue, dueKey, DUE_KEY_SEPARATOR, type CaseIndexEntry, type CaseIndexOptions } from './case-index';
export { divisionScope } from './case-list';
