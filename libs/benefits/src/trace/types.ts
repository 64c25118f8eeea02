import type { MoneyJson, RoundingPolicyId } from '@benefits/kernel';
import type { BenefitId, StandardRef } from '@benefits/standards';

/** JSON values only: a result is stored in events and recomputed from them byte for byte. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The clause a step applies: the pinned item (standardRef) and the words of the pack citation. */
export interface Clause {
  standardRef: StandardRef;
  field: string;
  line: number;
  quote: string;
}

/** A value a step used: a rule-pack parameter (with its clause) or a published parameter series entry. */
export interface TraceParameter {
  key: string;
  value: Json;
  /** For series values (低保标准 B): where the value was published and whether it is sample data. */
  source?: { [key: string]: Json };
}

export interface TraceStep {
  /** Stable id of the step within its ruleset version, e.g. `tefu.wifeAge`. */
  id: string;
  titleZh: string;
  /** The clause applied; null when a named policy decides what the standard leaves open. */
  clause: Clause | null;
  parameters: TraceParameter[];
  /** The facts of the case this step read. */
  facts: { [key: string]: Json };
  /** What was done, as a formula or comparison over the values above. */
  operation: string;
  /** The intermediate (or final) result of this step. */
  result: Json;
  /** Named policies (readings) applied in this step. */
  policies: string[];
  /** Set when the step rounds: the named rounding policy. */
  rounding?: RoundingPolicyId;
}

export interface Reason {
  /** Stable code, e.g. TEFU_WIFE_UNDER_49. */
  code: string;
  zh: string;
  en: string;
  clause: Clause | null;
  /** The named policy behind the reason, when a policy rather than a clause decided. */
  policy?: string;
}

export type AmountPeriod = 'monthly' | 'oneOff' | 'yearly';

export interface PersonAmount {
  personId: string;
  role?: string;
  amount: MoneyJson;
  /** The pack parameter the amount is, when it is one (特扶). */
  parameterKey?: string;
}

export interface Amount {
  /** `entitlement`: the amount due; `cap`: the most the officer may grant (急难型 临时救助). */
  nature: 'entitlement' | 'cap';
  perPerson?: PersonAmount[];
  total: MoneyJson;
  period: AmountPeriod;
  /** When payment starts, by a named policy (`YYYY-MM` for monthly, `YYYY` for yearly payment). */
  paymentStart?: { from: string; policy: string };
}

export type Outcome = 'eligible' | 'ineligible' | 'notComputable';

export interface EngineResult {
  benefit: BenefitId;
  rulesetVersion: string;
  rulePackId: string;
  eligible: boolean;
  /** `notComputable`: the standard does not define the amount and no configured source was given. */
  outcome: Outcome;
  reasons: Reason[];
  amount: Amount | null;
  trace: TraceStep[];
}
