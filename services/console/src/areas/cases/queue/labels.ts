import type { DibaoStatus } from '../../../../../applications/src/dibao/decider';
import type { LinshiStatus } from '../../../../../applications/src/linshi/decider';
import type { TefuCaseStatus } from '../../../../../applications/src/tefu/decider';

/**
 * Words of the case workflows as officers read them: the benefits, each workflow's status words
 * (the deciders' own, typed against them so a new status is a compile error here) and the kinds
 * of due items the case index carries.
 */
export type Benefit = 'dibao' | 'linshi' | 'tefu';
export const BENEFITS: readonly Benefit[] = ['dibao', 'linshi', 'tefu'];

type Words = readonly [zh: string, en: string];

export const BENEFIT_LABELS: Record<Benefit, Words> = {
  dibao: ['低保', 'Minimum living allowance (dibao)'],
  linshi: ['临时救助', 'Temporary assistance (linshi)'],
  tefu: ['计生特扶', 'Family planning special support (tefu)'],
};

export const BENEFIT_COLORS: Record<Benefit, string> = { dibao: 'blue', linshi: 'volcano', tefu: 'purple' };

const DIBAO_STATUS: Record<DibaoStatus, Words> = {
  applied: ['已申请（待受理）', 'Applied (to accept)'],
  accepted: ['已受理', 'Accepted'],
  checked: ['已核对经济状况', 'Finances checked'],
  visited: ['已入户调查', 'Home visit done'],
  reviewed: ['已民主评议', 'Community review held'],
  publicNotice: ['公示中', 'Public notice'],
  active: ['保障中', 'Active'],
  suspended: ['已停发', 'Suspended'],
  rejected: ['不予批准', 'Rejected'],
  exited: ['已退出', 'Exited'],
};

const LINSHI_STATUS: Record<LinshiStatus, Words> = {
  submitted: ['已申请（审核中）', 'Submitted'],
  advanceAided: ['已先行救助', 'Advance aid given'],
  approved: ['已批准', 'Approved'],
  rejected: ['不予批准', 'Rejected'],
};

const TEFU_STATUS: Record<TefuCaseStatus, Words> = {
  draft: ['登记中（未提交）', 'Draft (not submitted)'],
  submitted: ['已提交（待审批）', 'Submitted'],
  active: ['享受中', 'Active'],
  rejected: ['不予批准', 'Rejected'],
  terminated: ['已终止', 'Terminated'],
};

export const STATUS_LABELS: Record<Benefit, Record<string, Words>> = { dibao: DIBAO_STATUS, linshi: LINSHI_STATUS, tefu: TEFU_STATUS };

export function statusLabel(benefit: string, status: string, lang: 'zh' | 'en'): string {
  const words = STATUS_LABELS[benefit as Benefit]?.[status];
  return words ? words[lang === 'zh' ? 0 : 1] : status;
}

/** Status options for the filter: the benefit's own, or every word once (first benefit's wording, benefit named when they differ). */
export function statusOptions(benefit: Benefit | undefined, lang: 'zh' | 'en'): { value: string; label: string }[] {
  const i = lang === 'zh' ? 0 : 1;
  if (benefit) return Object.entries(STATUS_LABELS[benefit]).map(([value, words]) => ({ value, label: words[i] }));
  const byWord = new Map<string, string[]>();
  for (const b of BENEFITS) {
    for (const [value, words] of Object.entries(STATUS_LABELS[b])) {
      const labels = byWord.get(value) ?? [];
      if (!labels.includes(words[i])) labels.push(words[i]);
      byWord.set(value, labels);
    }
  }
  return [...byWord.entries()].map(([value, labels]) => ({ value, label: labels.join(' / ') }));
}

/** Due items: what the deadline is, and the limit it comes from. */
export const DUE_KINDS: Record<string, { benefit: Benefit; label: Words; limit: Words }> = {
  'dibao.stepLimit': { benefit: 'dibao', label: ['本环节办理时限', 'Step time limit'], limit: ['按工作日计', 'in working days'] },
  'dibao.processLimit': { benefit: 'dibao', label: ['审核确认总时限', 'Whole-process limit'], limit: ['受理后 25 个工作日', '25 working days from acceptance'] },
  'dibao.publicNotice': { benefit: 'dibao', label: ['公示期满', 'Public notice ends'], limit: ['公示 7 天', '7 days posted'] },
  'dibao.rejectionNotice': { benefit: 'dibao', label: ['不予批准通知送达', 'Rejection notice delivery'], limit: ['3 个工作日内书面送达', 'delivered in writing within 3 working days'] },
  'dibao.review': { benefit: 'dibao', label: ['定期复核', 'Periodic review'], limit: ['稳定户每年、非稳定户每半年', 'yearly if stable, half-yearly otherwise'] },
  'linshi.paperwork': { benefit: 'linshi', label: ['先行救助后补办手续', 'Paperwork after advance aid'], limit: ['先行救助后限期补齐', 'within the period after advance aid'] },
  'linshi.instalment': { benefit: 'linshi', label: ['分阶段救助下一期', 'Next instalment'], limit: ['按批准的计划日期', 'on the approved plan date'] },
  'tefu.annualReview': { benefit: 'tefu', label: ['年审', 'Annual review'], limit: ['每年确认一次', 'confirmed yearly'] },
};

/** The 低保 step a `dibao.stepLimit` item is the limit of, by the case's status (policy.ts stepLimits). */
const DIBAO_STEP_LIMITS: Record<string, { label: Words; limit: Words }> = {
  accepted: { label: ['核对与入户调查时限', 'Check and home visit due'], limit: ['受理后 10 个工作日', '10 working days after acceptance'] },
  checked: { label: ['入户调查时限', 'Home visit due'], limit: ['受理后 10 个工作日', '10 working days after acceptance'] },
  visited: { label: ['民主评议时限', 'Community review due'], limit: ['入户调查后 5 个工作日', '5 working days after the visit'] },
  reviewed: { label: ['张贴公示时限', 'Public notice posting due'], limit: ['民主评议后 2 个工作日（产品默认）', '2 working days after the review (product default)'] },
  publicNotice: { label: ['审核确认时限', 'Decision due'], limit: ['公示期满后 10 个工作日', '10 working days after the notice ends'] },
};

/** What a due item is and the limit it comes from, in the officer's words. */
export function dueWords(kind: string, status: string, lang: 'zh' | 'en'): { label: string; limit: string | null } {
  const i = lang === 'zh' ? 0 : 1;
  const step = kind === 'dibao.stepLimit' ? DIBAO_STEP_LIMITS[status] : undefined;
  const k = step ?? DUE_KINDS[kind];
  return k ? { label: k.label[i], limit: k.limit[i] } : { label: kind, limit: null };
}

export function dueKindLabel(kind: string, lang: 'zh' | 'en'): string {
  const k = DUE_KINDS[kind];
  return k ? k.label[lang === 'zh' ? 0 : 1] : kind;
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86_400_000);
}
