import type { AuditFeature } from '../feature';

/** See docs/adr/0012-audit.md. */
export const recomputeFeature: AuditFeature = { name: 'recompute' };
