/**
 * Settings of the 临时救助 workflow: parameters, not code. No figure here is official — the
 * standards delegate them to provincial and city rules — so every default is a product default
 * labelled as such, to be set per jurisdiction.
 */
export interface LinshiPolicy {
  /** Roles authorised to grant 先行救助 (emergency aid before the paperwork). Product default: approver. */
  advanceAidRoles: readonly string[];
  /** Calendar days after 先行救助 within which the paperwork must be completed. Product default: 10. */
  paperworkDays: number;
  /**
   * 一事一救: months within which the same cause for the same household is refused (unless an
   * override with a reason). Product default: 12 (one local rule says once per natural year).
   */
  sameCausePeriodMonths: number;
}

export const DEFAULT_LINSHI_POLICY: LinshiPolicy = {
  advanceAidRoles: ['approver'],
  paperworkDays: 10,
  sameCausePeriodMonths: 12,
};
