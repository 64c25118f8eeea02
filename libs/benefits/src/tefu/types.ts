/** Facts of a 计生特扶 case on one evaluation date. Dates are yyyy-mm-dd. */
export interface TefuPerson {
  personId: string;
  /** `wife` / `husband` of a couple; `parent` for a single-parent (离婚或丧偶) family; `self` for a complication case. */
  role: 'wife' | 'husband' | 'parent' | 'self';
  birthDate: string;
  /** Receives 政府养老服务补贴 (a status from another case). */
  elderlyCareSubsidy?: boolean;
  /** 失能、失智等生活不能自理 (assessed). */
  disabledOrDemented?: boolean;
  /** 计划生育手术并发症 grade (1 most severe). */
  complicationGrade?: 1 | 2 | 3;
  /** 北京 并发症: appraised in another province and hukou moved to 北京 (003 L341). */
  transferIn?: { appraisedInAnotherProvince: boolean; hukouTransferredOn: string; reappliedOn: string };
}

export interface TefuFacts {
  evaluationDate: string;
  /** 死亡 (only child died), 伤残 (only child disabled), or 手术并发症. */
  category: 'death' | 'disability' | 'complication';
  /** 离婚或丧偶的单亲家庭. */
  singleParent?: boolean;
  /** When the family met the conditions other than age (e.g. the child's death), for the 北京 start year. */
  conditionsMetOn?: string;
  /** 审核确认 date, for the Zhejiang start month. */
  confirmedOn?: string;
  persons: TefuPerson[];
}
