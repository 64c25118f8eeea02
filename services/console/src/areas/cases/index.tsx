import type { ConsoleArea } from '../types';

/** 民政: work queue, intake, case pages. */
export const casesArea: ConsoleArea = { key: 'cases', label: { zh: '案件办理', en: 'Cases' }, routes: [], menu: [] };
