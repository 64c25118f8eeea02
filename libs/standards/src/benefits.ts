/** The benefits this product ships, by their stable ids. */
export const BENEFITS = ['dibao', 'linshi', 'tefu'] as const;
/**
 * A benefit's id. At compile time the shipped three; at run time also every benefit registered with
 * `registerBenefit` (a benefit module added without changing shared code — docs/benefits/adding-a-benefit.md).
 * Code that handles any benefit looks it up through the registries, never by a closed list.
 */
export type BenefitId = (typeof BENEFITS)[number];

export const BENEFIT_NAMES_ZH: Readonly<Record<BenefitId, string>> = {
  dibao: '最低生活保障',
  linshi: '临时救助',
  tefu: '计划生育家庭特别扶助',
};

/**
 * What the standards library knows of a benefit: its id, its name and how the catalogued items
 * that define it are named (see `itemDefinesBenefit`).
 */
export interface BenefitDefinition {
  id: string;
  nameZh: string;
  /** Matched against an item's name and its parent's, whitespace removed. */
  itemName: RegExp;
}

/**
 * Which catalogued items define a benefit, by item name. Names are stable across editions and
 * jurisdictions where numbers are not (嘉兴 (63) is 北京 62. and 瓯海 （6158）). 低保 includes the
 * 单人户 item for severely disabled adults (「重度残疾人最低生活保障」), which sets 低保 rules; 特扶
 * matches 北京's split item through its sub-items' parent name.
 */
const SHIPPED: readonly BenefitDefinition[] = [
  { id: 'dibao', nameZh: BENEFIT_NAMES_ZH.dibao, itemName: /最低生活保障$/ },
  { id: 'linshi', nameZh: BENEFIT_NAMES_ZH.linshi, itemName: /^临时救助$/ },
  { id: 'tefu', nameZh: BENEFIT_NAMES_ZH.tefu, itemName: /计划生育家庭特别扶助$/ },
];

const definitions = new Map<string, BenefitDefinition>(SHIPPED.map((d) => [d.id, d]));

/**
 * An id a benefit may take: 2–32 lower-case Latin letters, as the shipped ones (it prefixes event
 * types, stream ids, rule-pack, run and envelope ids, whose patterns take exactly this).
 */
export const BENEFIT_ID_PATTERN = /^[a-z]{2,32}$/;

/**
 * Registers a benefit beyond the shipped three (its module calls this once, at start). Registering
 * the same definition again is a no-op; another definition under a known id is refused.
 */
export function registerBenefit(definition: BenefitDefinition): BenefitId {
  if (!BENEFIT_ID_PATTERN.test(definition.id)) throw new RangeError(`benefit id ${JSON.stringify(definition.id)} must match ${BENEFIT_ID_PATTERN}`);
  // A global or sticky pattern keeps state between tests, so one item would match every other time.
  if (definition.itemName.global || definition.itemName.sticky) throw new RangeError(`benefit ${definition.id}: itemName must not be global or sticky`);
  const known = definitions.get(definition.id);
  if (known && (known.nameZh !== definition.nameZh || String(known.itemName) !== String(definition.itemName))) {
    throw new RangeError(`benefit ${definition.id} is already defined otherwise`);
  }
  definitions.set(definition.id, { ...definition });
  // A registered id is a BenefitId at run time (see the type's comment).
  return definition.id as BenefitId;
}

/** Every benefit known here: the shipped three first, then the registered ones in registration order. */
export function knownBenefits(): BenefitId[] {
  return [...definitions.keys()] as BenefitId[];
}

export function isBenefitId(value: unknown): value is BenefitId {
  return typeof value === 'string' && definitions.has(value);
}

/** The benefit's name, for any known benefit (the id itself for an unknown one). */
export function benefitNameZh(benefit: string): string {
  return definitions.get(benefit)?.nameZh ?? benefit;
}

export function itemDefinesBenefit(item: { name: string; parentName: string | null }, benefit: BenefitId): boolean {
  const pattern = definitions.get(benefit)?.itemName;
  if (!pattern) return false;
  const plain = (s: string) => s.replace(/\s+/g, '');
  return pattern.test(plain(item.name)) || (item.parentName !== null && pattern.test(plain(item.parentName)));
}
