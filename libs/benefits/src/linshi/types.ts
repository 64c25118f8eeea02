import type { MoneyJson } from '@benefits/kernel';

/**
 * A band table for a jurisdiction whose standard delegates the 临时救助 amount (嘉兴, 瓯海): supplied
 * with the document it comes from; the engine never invents one.
 * Each band's rate applies to the part of E inside the band, the first band starting at 0 once E
 * reaches `floor` (the shape of 北京's bands under linshi.zhichu.floor / linshi.zhichu.marginal).
 */
export interface BandTable {
  tableId: string;
  source: { docNo: string; title: string | null };
  /** True when the table is demonstration data, never an official one. */
  sampleData: boolean;
  zhichu?: {
    floor: MoneyJson;
    /** Ascending; the last band has `upTo: null`. */
    bands: { upTo: MoneyJson | null; rateBp: number }[];
    cap?: { monthsOfB: number } | { amount: MoneyJson };
  };
  jinan?: { monthsOfBPerPerson: number };
}

export interface LinshiFacts {
  /** Decision date: its month's B is the cap basis (linshi.cap.basis). */
  decisionDate: string;
  /** 急难型 (emergency) or 支出型 (expenditure). */
  type: 'jinan' | 'zhichu';
  householdMembers: number;
  /** 支出型 group: `g1` = 低保、低收入家庭、特困人员; `g2` = 其它救助对象. */
  group?: 'g1' | 'g2';
  /** 生活必需支出 E. */
  necessaryExpenditure?: MoneyJson;
  /** The officer's choice to apply 「有重度残疾人的家庭，救助比例可增加10%」 (recorded). */
  severeDisabilityUplift?: boolean;
  bandTable?: BandTable;
}

/** A 临时救助 facts snapshot as the applications service records it (amounts in fen). */
export interface RecordedLinshiFacts {
  type: LinshiFacts['type'];
  householdMembers: number;
  group?: LinshiFacts['group'];
  necessaryExpenditureFen?: number;
  severeDisabilityUplift?: boolean;
}

/**
 * The engine's 临时救助 facts from a recorded snapshot on a decision date: what a determination and
 * an audit recomputation both give the engine, so the two cannot drift apart.
 */
export function linshiEngineFacts(facts: RecordedLinshiFacts, decisionDate: string): Omit<LinshiFacts, 'bandTable'> {
  return {
    decisionDate,
    type: facts.type,
    householdMembers: facts.householdMembers,
    ...(facts.group ? { group: facts.group } : {}),
    ...(facts.necessaryExpenditureFen !== undefined ? { necessaryExpenditure: { fen: facts.necessaryExpenditureFen } } : {}),
    ...(facts.severeDisabilityUplift !== undefined ? { severeDisabilityUplift: facts.severeDisabilityUplift } : {}),
  };
}
