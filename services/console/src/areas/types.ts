import type { ReactNode } from 'react';
import type { Role } from '../auth/roles';

/**
 * An area of the console (cases, standards, finance, audit) contributes its routes and menu entries;
 * the shell composes them. A menu entry is shown only to the roles that may use it — the services
 * still refuse everyone else.
 */
export interface AreaRoute {
  /** react-router path, e.g. `/cases/:benefit/:caseId`. */
  path: string;
  element: ReactNode;
}

export interface AreaMenuItem {
  /** The path the entry opens; also its key. */
  path: string;
  label: { zh: string; en: string };
  roles: readonly Role[];
  icon?: ReactNode;
}

export interface ConsoleArea {
  key: string;
  label: { zh: string; en: string };
  routes: AreaRoute[];
  menu: AreaMenuItem[];
}
