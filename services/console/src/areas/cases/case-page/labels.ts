/** Chinese (and English) words for what the case view returns as codes. */
type Words = readonly [string, string];
type T = (zh: string, en: string) => string;

const word = (table: Record<string, Words>, key: string, t: T): string => {
  const w = table[key];
  return w ? t(w[0], w[1]) : key;
};

export const BENEFIT_LABELS: Record<string, Words> = {
  dibao: ['最低生活保障（低保）', 'Minimum living allowance (dibao)'],
  linshi: ['临时救助', 'Temporary assistance (linshi)'],
  tefu: ['计划生育特别扶助（特扶）', 'Family-planning special assistance (tefu)'],
};

const STATUS: Record<string, Record<string, Words>> = {
  dibao: {
    applied: ['已申请（待受理）', 'Applied (to accept)'],
    accepted: ['已受理（待核对）', 'Accepted (to check finances)'],
    checked: ['已核对（待入户调查）', 'Finances checked (to visit)'],
    visited: ['已入户调查（待民主评议）', 'Visited (to review in community)'],
    reviewed: ['已民主评议（待公示）', 'Community reviewed (to post notice)'],
    publicNotice: ['公示中', 'Public notice'],
    active: ['在保', 'Active'],
    suspended: ['停发', 'Payment suspended'],
    rejected: ['不予批准', 'Rejected'],
    exited: ['已退出', 'Exited'],
  },
  linshi: {
    submitted: ['已申请（待审批）', 'Submitted (to decide)'],
    advanceAided: ['已先行救助（待补办手续）', 'Advance aid granted (paperwork due)'],
    approved: ['已批准', 'Approved'],
    rejected: ['不予批准', 'Rejected'],
  },
  tefu: {
    draft: ['草稿（待提交）', 'Draft (to submit)'],
    submitted: ['已提交（待审批）', 'Submitted (to decide)'],
    active: ['享受中', 'Active'],
    rejected: ['不予批准', 'Rejected'],
    terminated: ['已终止', 'Terminated'],
  },
};

export function statusLabel(benefit: string, status: string, t: T): string {
  return word(STATUS[benefit] ?? {}, status, t);
}

export function statusColor(status: string): string {
  if (['active', 'approved'].includes(status)) return 'success';
  if (['rejected', 'exited', 'terminated'].includes(status)) return 'default';
  if (status === 'suspended') return 'warning';
  return 'processing';
}

/** The step the case waits for, by status. */
const NEXT_STEP: Record<string, Record<string, Words>> = {
  dibao: {
    applied: ['受理申请（受理人员或经办人员）', 'Accept the application (intake or case officer)'],
    accepted: ['家庭经济状况核对（经办人员）', 'Financial check (case officer)'],
    checked: ['入户调查（经办人员，两人以上）', 'Home visit (case officer, two or more staff)'],
    visited: ['民主评议（经办人员）', 'Community review (case officer)'],
    reviewed: ['张榜公示（经办人员）', 'Post the public notice (case officer)'],
    publicNotice: ['公示期满、异议处理完毕后审核确认（审批人员）', 'Decide after the notice ends and objections are resolved (approver)'],
    active: ['按期复核', 'Periodic review'],
    suspended: ['恢复发放或退出', 'Resume or exit'],
    rejected: ['书面告知不予批准理由', 'Deliver the written refusal'],
    exited: ['—', '—'],
  },
  linshi: {
    submitted: ['审批（审批人员，引用测算结果）', 'Decide (approver, citing the determination)'],
    advanceAided: ['补办审批手续', 'Complete the paperwork'],
    approved: ['按计划发放', 'Pay as planned'],
    rejected: ['—', '—'],
  },
  tefu: {
    draft: ['提交申请（受理人员或经办人员）', 'Submit the application (intake or case officer)'],
    submitted: ['审批（审批人员，引用测算结果）', 'Decide (approver, citing the determination)'],
    active: ['年审', 'Annual review'],
    rejected: ['—', '—'],
    terminated: ['—', '—'],
  },
};

export function nextStepLabel(benefit: string, status: string, t: T): string {
  return word(NEXT_STEP[benefit] ?? {}, status, t);
}

/** Deadlines: what is due, and the working-day limit it comes from (the service's default policy). */
const DUE: Record<string, Words> = {
  'dibao.stepLimit': ['当前环节时限', 'Current step limit'],
  'dibao.processLimit': ['办理总时限（受理后 25 个工作日）', 'Whole process (25 working days after acceptance)'],
  'dibao.publicNotice': ['公示期满（7 天）', 'Public notice ends (7 days)'],
  'dibao.rejectionNotice': ['书面告知不予批准理由（3 个工作日内）', 'Written refusal (within 3 working days)'],
  'dibao.review': ['下次复核', 'Next review'],
  'linshi.paperwork': ['先行救助后补办手续', 'Paperwork after advance aid'],
  'linshi.instalment': ['下一期发放', 'Next instalment'],
  'tefu.annualReview': ['年审', 'Annual review'],
};

const STEP_LIMIT: Record<string, Words> = {
  accepted: ['入户调查等（受理后 10 个工作日内）', 'Home visit etc. (10 working days after acceptance)'],
  checked: ['入户调查（受理后 10 个工作日内）', 'Home visit (10 working days after acceptance)'],
  visited: ['民主评议（入户调查后 5 个工作日内）', 'Community review (5 working days after the visit)'],
  reviewed: ['张榜公示（民主评议后 2 个工作日内）', 'Public notice (2 working days after the review)'],
  publicNotice: ['审核确认（公示期满后 10 个工作日内）', 'Decision (10 working days after the notice ends)'],
};

export function dueLabel(kind: string, status: string, t: T): string {
  if (kind === 'dibao.stepLimit' && STEP_LIMIT[status]) return word(STEP_LIMIT, status, t);
  if (kind.endsWith('annualReview') || kind.endsWith('AnnualReview')) return t('年审', 'Annual review');
  return word(DUE, kind, t);
}

const EVENTS: Record<string, Words> = {
  'dibao.ApplicationSubmitted': ['提出申请', 'Application submitted'],
  'dibao.ApplicationAccepted': ['受理申请', 'Application accepted'],
  'dibao.FinancialCheckRecorded': ['家庭经济状况核对', 'Financial check recorded'],
  'dibao.HomeVisitConducted': ['入户调查', 'Home visit'],
  'dibao.CommunityReviewHeld': ['民主评议', 'Community review'],
  'dibao.PublicNoticePosted': ['张榜公示', 'Public notice posted'],
  'dibao.PublicNoticeObjectionRaised': ['公示异议', 'Objection raised'],
  'dibao.PublicNoticeObjectionResolved': ['异议处理', 'Objection resolved'],
  'dibao.DeterminationRecorded': ['测算结果（资格与金额）', 'Determination recorded'],
  'dibao.CaseApproved': ['审核确认（批准）', 'Approved'],
  'dibao.CaseRejected': ['不予批准', 'Rejected'],
  'dibao.RejectionNoticeDelivered': ['书面告知送达', 'Refusal delivered'],
  'dibao.ReviewCompleted': ['复核', 'Review completed'],
  'dibao.CircumstancesChanged': ['家庭情况变化', 'Circumstances changed'],
  'dibao.PaymentSuspended': ['停发', 'Payment suspended'],
  'dibao.PaymentResumed': ['恢复发放', 'Payment resumed'],
  'dibao.CaseExited': ['退出', 'Exited'],
  'linshi.ApplicationSubmitted': ['提出申请', 'Application submitted'],
  'linshi.DeterminationRecorded': ['测算结果', 'Determination recorded'],
  'linshi.AdvanceAidGranted': ['先行救助', 'Advance aid granted'],
  'linshi.AdvanceAidPaperworkCompleted': ['补办手续', 'Paperwork completed'],
  'linshi.CaseApproved': ['审批（批准）', 'Approved'],
  'linshi.CaseRejected': ['不予批准', 'Rejected'],
  'linshi.InstalmentReleased': ['分期发放', 'Instalment released'],
  'linshi.InKindAidRecorded': ['实物救助', 'In-kind aid'],
  'linshi.ReferralRecorded': ['转介', 'Referral'],
  'linshi.DuplicateCaseOverridden': ['重复享受核准', 'Duplicate case overridden'],
  'tefu.CaseCreated': ['登记申请', 'Case created'],
  'tefu.ApplicationSubmitted': ['提交申请', 'Application submitted'],
  'tefu.DeterminationRecorded': ['测算结果', 'Determination recorded'],
  'tefu.EligibilityConfirmed': ['资格确认', 'Eligibility confirmed'],
  'tefu.EvidenceAttached': ['补充证明材料', 'Evidence attached'],
  'tefu.FactRecorded': ['记录事实', 'Fact recorded'],
  'tefu.CaseApproved': ['审批（批准）', 'Approved'],
  'tefu.CaseRejected': ['不予批准', 'Rejected'],
  'tefu.CaseTerminated': ['终止', 'Terminated'],
  'tefu.AnnualReviewScheduled': ['年审安排', 'Annual review scheduled'],
  'tefu.AnnualReviewConfirmed': ['年审确认', 'Annual review confirmed'],
  'tefu.AnnualReviewOverdue': ['年审逾期', 'Annual review overdue'],
  'tefu.PaymentSuspended': ['停发', 'Payment suspended'],
  'tefu.PaymentResumed': ['恢复发放', 'Payment resumed'],
  'tefu.DuplicateCaseOverridden': ['重复享受核准', 'Duplicate case overridden'],
};

export function eventLabel(type: string, t: T): string {
  return word(EVENTS, type.replace(/\.v\d+$/, ''), t);
}

export const RELATIONS: Record<string, Words> = {
  applicant: ['申请人', 'Applicant'],
  spouse: ['配偶', 'Spouse'],
  child: ['子女', 'Child'],
  parent: ['父母', 'Parent'],
  other: ['其他', 'Other'],
  wife: ['女方', 'Wife'],
  husband: ['男方', 'Husband'],
};

export const EXTRA_NEEDS: Record<string, Words> = {
  elderly: ['老年人', 'Elderly'],
  minor: ['未成年人', 'Minor'],
  severeDisability: ['重度残疾人', 'Severe disability'],
  seriousIllness: ['重病患者', 'Serious illness'],
};

export const CHECK_SOURCES: Record<string, Words> = {
  publicSecurity: ['公安', 'Public security'],
  humanResources: ['人社', 'Human resources'],
  housing: ['住建/不动产', 'Housing / real estate'],
  marketRegulation: ['市场监管', 'Market regulation'],
  tax: ['税务', 'Tax'],
  housingFund: ['公积金', 'Housing fund'],
  financial: ['银行/证券/保险', 'Banks / securities / insurance'],
  other: ['其他', 'Other'],
};

export const INCOME_SOURCES: Record<string, Words> = {
  wages: ['工资性收入', 'Wages'],
  business: ['经营净收入', 'Business'],
  property: ['财产净收入', 'Property'],
  transfer: ['转移净收入', 'Transfers'],
  other: ['其他收入', 'Other'],
};

export const HOUSEHOLD_CATEGORIES: Record<string, Words> = {
  stable: ['收入稳定户（每年复核）', 'Stable (yearly review)'],
  unstable: ['收入不稳定户（每半年复核）', 'Unstable (half-yearly review)'],
};

export const FAMILY_TYPES: Record<string, Words> = {
  childDeceased: ['独生子女死亡', 'Only child deceased'],
  childDisabled: ['独生子女伤残', 'Only child disabled'],
};

export function words(table: Record<string, Words>, key: string | null | undefined, t: T): string {
  return key ? word(table, key, t) : '—';
}
