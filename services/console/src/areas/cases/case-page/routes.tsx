import type { AreaMenuItem, AreaRoute } from '../../types';
import { CasePage } from './case-page';

/** The case page; reached from the work queue and after intake (no menu entry of its own). */
export const routes: AreaRoute[] = [{ path: '/cases/:benefit/:caseId', element: <CasePage /> }];
export const menu: AreaMenuItem[] = [];
