/**
 * Dated values the standards documents do not contain but their formulas need (benefits.md §3.3):
 * they are published by authorised users with the 文号 of their source. The catalogue of names is
 * closed: a value under an unknown name could never be read by a rule.
 */
import type { BandTableValue } from './band-table';

export type ParameterKind = 'money' | 'calendar' | 'band-table';

export interface ParameterDefinition {
  name: string;
  kind: ParameterKind;
  titleZh: string;
  titleEn: string;
  /** What one money value is per; null for a calendar or a band table. */
  unit: 'per-person-month' | 'per-month' | 'per-person-year' | null;
  /** `month`: effective from the 1st of a month; `year`: one entry per calendar year; `any`: any date. */
  period: 'month' | 'year' | 'any';
}

export const PARAMETERS = {
  'dibao.standard': {
    name: 'dibao.standard',
    kind: 'money',
    titleZh: '最低生活保障标准（低保标准）',
    titleEn: 'minimum living guarantee line (B), per person per month',
    unit: 'per-person-month',
    period: 'month',
  },
  'minimum-wage.monthly': {
    name: 'minimum-wage.monthly',
    kind: 'money',
    titleZh: '月最低工资标准',
    titleEn: 'monthly minimum wage (W)',
    unit: 'per-month',
    period: 'any',
  },
  'consumption.per-capita.all-residents': {
    name: 'consumption.per-capita.all-residents',
    kind: 'money',
    titleZh: '全体居民人均消费支出（上年度）',
    titleEn: 'per-capita consumption expenditure of all residents (previous year)',
    unit: 'per-person-year',
    period: 'any',
  },
  'consumption.per-capita.urban': {
    name: 'consumption.per-capita.urban',
    kind: 'money',
    titleZh: '城镇居民人均生活消费支出（上年度）',
    titleEn: 'per-capita consumption expenditure of urban residents (previous year)',
    unit: 'per-person-year',
    period: 'any',
  },
  'calendar.working-days': {
    name: 'calendar.working-days',
    kind: 'calendar',
    titleZh: '工作日历（法定节假日及调休）',
    titleEn: 'working-day calendar (public holidays and adjusted working days, 调休)',
    unit: null,
    period: 'year',
  },
  'linshi.band-table': {
    name: 'linshi.band-table',
    kind: 'band-table',
    titleZh: '临时救助标准表（县级以上人民政府确定、公布）',
    titleEn: '临时救助 band table set and published by the county (or higher) government',
    unit: null,
    period: 'any',
  },
} as const satisfies Record<string, ParameterDefinition>;

export type ParameterName = keyof typeof PARAMETERS;

export function isParameterName(value: unknown): value is ParameterName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PARAMETERS, value);
}

export interface MoneyValue {
  fen: number;
}

/** One year's calendar: days off on weekdays and extra working days on weekends are both listed. */
export interface CalendarValue {
  year: number;
  /** Public holidays (法定节假日 and the days added to them), yyyy-mm-dd. */
  holidays: string[];
  /** Weekend days that are working days (调休上班), yyyy-mm-dd. */
  workdays: string[];
}

export type ParameterValue = MoneyValue | CalendarValue | BandTableValue;
