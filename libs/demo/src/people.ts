import { residentIdCheckChar } from '@benefits/identity';
import { LocalDate } from '@benefits/kernel';
import type { Prng } from './prng';

/**
 * Invented people for sample caseloads. Every name starts with 示例 ("sample") so that nobody can
 * mistake a sample person for a real one on an officer's screen; given names come from a fixed list.
 * 身份证号 follow GB 11643 (division of first registration, birth date, sequence odd for men and even
 * for women, ISO 7064 MOD 11-2 check character) because the services refuse anything else.
 */

export type Sex = 'male' | 'female';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '沈', '钱', '顾', '陆'] as const;
const GIVEN: Record<Sex, readonly string[]> = {
  male: ['建国', '志强', '伟', '军', '勇', '磊', '国庆', '海峰', '德明', '晓东', '文斌', '子轩', '浩然', '宇航'],
  female: ['秀英', '桂兰', '丽', '静', '敏', '芳', '玉珍', '美华', '红霞', '晓燕', '雨欣', '梓涵', '欣怡', '佳怡'],
};

export const SAMPLE_NAME_PREFIX = '示例';

export function sampleName(rng: Prng, sex: Sex, surname?: string): string {
  return `${SAMPLE_NAME_PREFIX}${surname ?? rng.pick(SURNAMES)}${rng.pick(GIVEN[sex])}`;
}

export function sampleSurname(rng: Prng): string {
  return rng.pick(SURNAMES);
}

/** The 18-character 身份证号 for a division, birth date and 3-digit sequence. */
export function residentId(divisionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`division ${divisionCode} is not 6 digits`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new RangeError(`sequence ${sequence} is not 0–999`);
  const first17 = `${divisionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A birth date for someone aged between minAge and maxAge (inclusive) on `today`. */
export function birthDateForAge(rng: Prng, today: LocalDate, minAge: number, maxAge: number): string {
  // Born after today − (maxAge + 1) years and on or before today − minAge years.
  const latest = today.plusYears(-minAge);
  const earliest = today.plusYears(-(maxAge + 1)).plusDays(1);
  const span = earliest.daysUntil(latest);
  return earliest.plusDays(rng.int(0, Math.max(0, span))).toString();
}

/**
 * Hands out 身份证号 that are unique within one caseload: two sample households never share a
 * person, because 低保 allows one open case per person and would refuse the second application.
 */
export class ResidentIdAllocator {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Prng) {}

  allocate(divisionCode: string, birthDate: string, sex: Sex): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      // Sequence 001–999; odd for men, even for women (GB 11643 §5.3).
      const base = this.rng.int(0, 498);
      const sequence = sex === 'male' ? base * 2 + 1 : base * 2 + 2;
      const id = residentId(divisionCode, birthDate, sequence);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
    throw new Error(`no free 身份证号 sequence left for ${divisionCode} ${birthDate}`);
  }
}
