import type { ConsoleArea } from '../types';

/** 标准: catalog, versions, diff, import with parse report, what-if calculator. */
export const standardsArea: ConsoleArea = { key: 'standards', label: { zh: '标准与测算', en: 'Standards' }, routes: [], menu: [] };
