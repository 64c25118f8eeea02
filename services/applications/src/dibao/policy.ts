import { publishedWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-day-calendar';

/** Household categories of 分类管理, which set how often an active case is reviewed (复核). */
export type HouseholdCategory = 'stable' | 'unstable';
export const HOUSEHOLD_CATEGORIES = ['stable', 'unstable'] as const;

/**
 * The time limits and intervals of the 低保 workflow: parameters, not code. The defaults are the
 * ones the process notes describe (domain notes §3.1, from local 民政 guides — a province's own
 * rules replace them); those marked "product default" have no documented figure at all.
 */
export interface DibaoPolicy {
  /** The published working-day calendar every working-day limit is counted in. */
  calendar: WorkingDayCalendar;
  /** 公示: calendar days the notice stays posted (公示 7 天). */
  publicNoticeDays: number;
  /** Working-day limits of each step, counted from the previous step's date. */
  stepLimits: {
    /** 受理 → 家庭经济状况核对 and 入户调查 done: 10 working days after 受理. */
    homeVisit: number;
    /** 入户调查 → 民主评议: 5 working days. */
    communityReview: number;
    /** 民主评议 → 公示 posted: product default (no documented figure). */
    publicNoticePosting: number;
    /** 公示 ends → 审核确认: 10 working days. */
    decision: number;
  };
  /** 受理 → 审核确认, the whole process: 25 working days. */
  processLimit: number;
  /** 不予批准: the written notice with the reasons is delivered within 3 working days. */
  rejectionNoticeDays: number;
  /** 复核 interval in months by household category: yearly if stable, half-yearly if income is unstable or members can work. */
  reviewIntervalMonths: Record<HouseholdCategory, number>;
}

export function defaultDibaoPolicy(calendar: WorkingDayCalendar = publishedWorkingDayCalendar()): DibaoPolicy {
  return {
    calendar,
    publicNoticeDays: 7,
    stepLimits: { homeVisit: 10, communityReview: 5, publicNoticePosting: 2, decision: 10 },
    processLimit: 25,
    rejectionNoticeDays: 3,
    reviewIntervalMonths: { stable: 12, unstable: 6 },
  };
}
