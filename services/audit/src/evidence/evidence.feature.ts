import type { AuditFeature } from '../feature';

/** See docs/adr/0012-audit.md. */
export const evidenceFeature: AuditFeature = { name: 'evidence' };
