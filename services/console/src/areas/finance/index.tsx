import type { ConsoleArea } from '../types';

/** 财政: runs, envelopes, bank files, returns, reconciliation. */
export const financeArea: ConsoleArea = { key: 'finance', label: { zh: '资金发放', en: 'Finance' }, routes: [], menu: [] };
