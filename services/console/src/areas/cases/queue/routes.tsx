import type { AreaMenuItem, AreaRoute } from '../../types';

export const routes: AreaRoute[] = [];
export const menu: AreaMenuItem[] = [];
