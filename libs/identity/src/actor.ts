import type { Role } from './roles';

/**
 * Who is acting, exactly as the verified token states it. It is what event metadata records as
 * `actor`; it never comes from a request body.
 */
export interface Actor {
  id: string;
  role: Role;
  /** 行政区划代码 of the office the person works for. */
  divisionCode: string;
}
