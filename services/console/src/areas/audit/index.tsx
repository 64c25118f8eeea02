import type { ConsoleArea } from '../types';

/** 审计: case history on both time axes, chain verification, recomputation, 疑点. */
export const auditArea: ConsoleArea = { key: 'audit', label: { zh: '审计', en: 'Audit' }, routes: [], menu: [] };
