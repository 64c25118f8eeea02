import type { AuditFeature } from '../feature';

/** See docs/adr/0012-audit.md. */
export const integrityFeature: AuditFeature = { name: 'integrity' };
