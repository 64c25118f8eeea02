import type { ConsoleArea } from '../types';
import * as casePage from './case-page/routes';
import * as intake from './intake/routes';
import * as queue from './queue/routes';

/** 民政: work queue, intake, case pages. */
export const casesArea: ConsoleArea = {
  key: 'cases',
  label: { zh: '案件办理', en: 'Cases' },
  routes: [...queue.routes, ...intake.routes, ...casePage.routes],
  menu: [...queue.menu, ...intake.menu, ...casePage.menu],
};
