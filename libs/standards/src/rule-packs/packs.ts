import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RulePack } from './types';

/**
 * Rule packs for the shipped standards (benefits.md §3.1, §3.3), as the files a county would publish
 * (libs/standards/data/rule-packs/<id>.json, one file per pack, the same shape `POST /rule-packs`
 * takes). Every value is what the cited item prints; the quotes are verbatim from the catalogued text
 * and are checked when a pack is loaded. Nothing here is a 低保标准, minimum wage or statistic: those
 * are parameter series. Published packs (recorded on a standard's stream) come before these.
 */
export const SHIPPED_PACKS_DIR = join(__dirname, '..', '..', 'data', 'rule-packs');

function shipped(id: string): RulePack {
  return JSON.parse(readFileSync(join(SHIPPED_PACKS_DIR, `${id}.json`), 'utf8')) as RulePack;
}

/** Versions of the shipped documents, by content hash (see the catalog's versionIdFor). */
export const SEED_VERSIONS = {
  ouhai: { standardId: 'bps-330304', versionId: 'f2a138f407bc7725' },
  jiaxing: { standardId: 'bps-330400', versionId: '2c8fa3c496992144' },
  beijing: { standardId: 'bps-110000', versionId: '35849b472997662e' },
  wanzhou: { standardId: 'bps-500101', versionId: '7726b275df2341c7' },
} as const;

export const tefuJiaxing = shipped('tefu-330400-2023');
export const tefuOuhai = shipped('tefu-330304-undated');
export const tefuBeijing = shipped('tefu-110000-2023-draft');
export const dibaoJiaxing = shipped('dibao-330400-2023');
export const dibaoOuhai = shipped('dibao-330304-undated');
export const dibaoBeijing = shipped('dibao-110000-2023-draft');
export const dibaoWanzhou = shipped('dibao-500101-2018');
export const linshiBeijing = shipped('linshi-110000-2023-draft');
export const linshiJiaxing = shipped('linshi-330400-2023');
export const linshiOuhai = shipped('linshi-330304-undated');

const NAMED: readonly RulePack[] = [
  tefuJiaxing,
  tefuOuhai,
  tefuBeijing,
  dibaoJiaxing,
  dibaoOuhai,
  dibaoBeijing,
  dibaoWanzhou,
  linshiBeijing,
  linshiJiaxing,
  linshiOuhai,
];

/**
 * Every shipped pack: the named ones, then any other file in the folder (a pack added by dropping its
 * file there). 万州 defines no 特扶 amount (「给予适当扶助」, 004 L420) and no 临时救助 amount (L482): no pack.
 */
export const RULE_PACKS: readonly RulePack[] = [
  ...NAMED,
  ...readdirSync(SHIPPED_PACKS_DIR)
    .filter((f) => f.endsWith('.json') && !NAMED.some((p) => `${p.id}.json` === f))
    .sort()
    .map((f) => shipped(f.slice(0, -'.json'.length))),
];
