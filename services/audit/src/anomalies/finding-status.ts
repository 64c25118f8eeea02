/**
 * A finding's statuses, in a module of their own with no imports: the request schemas
 * (anomalies.schemas.ts) use them, and those schemas are bundled by the web console as they are.
 */
export const FINDING_STATUSES = ['open', 'assigned', 'checked', 'cleared', 'confirmed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
