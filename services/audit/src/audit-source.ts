/** Injection token of the AuditSource the audit endpoints read (see replica/replica-store.ts). */
export const AUDIT_SOURCE = Symbol('AUDIT_SOURCE');
