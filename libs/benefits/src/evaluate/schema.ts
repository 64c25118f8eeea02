import { LocalDate, YearMonth } from '@benefits/kernel';
// By file, not through @benefits/standards: the console bundles this schema for the browser and
// needs only the band-table rules (kernel + zod), not the standards library's node parts.
import { BandTableValueSchema } from '../../../standards/src/parameters/band-table';
import { z } from 'zod';

/**
 * The what-if request (`POST /eligibility/evaluate`, `benefits eligibility evaluate --file`):
 * one benefit, the rule pack to apply, the published parameter values it needs and the facts.
 * Money is `{ "fen": <integer> }` everywhere; dates are yyyy-mm-dd.
 */
const MAX_FEN = 1_000_000_000_000; // 100 亿元: far above any benefit, keeps fen × basis points exact

export const MoneySchema = z.object({ fen: z.number().int().min(0).max(MAX_FEN) }).strict();
export const DateSchema = z.string().refine((s) => LocalDate.isValid(s), { message: 'expected a date yyyy-mm-dd' });
const MonthSchema = z.string().refine((s) => {
  try {
    YearMonth.parse(s);
    return true;
  } catch {
    return false;
  }
}, { message: 'expected a month yyyy-mm' });
const SourceSchema = z.object({ docNo: z.string().min(1), title: z.string().nullable() }).strict();

export const SeriesValueSchema = z
  .object({
    name: z.literal('dibao.standard'),
    value: MoneySchema,
    divisionCode: z.string().regex(/^\d{6}$/),
    effectiveFrom: DateSchema,
    entryId: z.string().min(1).optional(),
    source: SourceSchema,
    sampleData: z.boolean(),
  })
  .strict();

/**
 * A published 临时救助 band table (parameter `linshi.band-table`) as `GET /eligibility/parameters/
 * linshi.band-table` answers it, reduced like `dibaoStandard`: the entry's value, division,
 * effective date, id and revision, its document and the sample-data label.
 */
export const BandTableSeriesValueSchema = z
  .object({
    name: z.literal('linshi.band-table'),
    value: BandTableValueSchema,
    divisionCode: z.string().regex(/^\d{6}$/),
    effectiveFrom: DateSchema,
    entryId: z.string().min(1).optional(),
    revision: z.number().int().min(0).optional(),
    source: z.object({ docNo: z.string().min(1), title: z.string().nullable(), issuer: z.string().nullable().optional() }).strict(),
    sampleData: z.boolean(),
  })
  .strict();

const TefuPersonSchema = z
  .object({
    personId: z.string().min(1),
    role: z.enum(['wife', 'husband', 'parent', 'self']),
    birthDate: DateSchema,
    elderlyCareSubsidy: z.boolean().optional(),
    disabledOrDemented: z.boolean().optional(),
    complicationGrade: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    transferIn: z.object({ appraisedInAnotherProvince: z.boolean(), hukouTransferredOn: DateSchema, reappliedOn: DateSchema }).strict().optional(),
  })
  .strict();

export const TefuFactsSchema = z
  .object({
    evaluationDate: DateSchema,
    category: z.enum(['death', 'disability', 'complication']),
    singleParent: z.boolean().optional(),
    conditionsMetOn: DateSchema.optional(),
    confirmedOn: DateSchema.optional(),
    persons: z.array(TefuPersonSchema).min(1).max(10),
  })
  .strict()
  .refine((f) => !f.singleParent || f.persons.length === 1, { message: 'a single-parent family lists exactly one parent', path: ['persons'] });

const AssetsRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assessed'), ruleId: z.string().min(1), source: SourceSchema, meets: z.boolean() }).strict(),
  z
    .object({
      kind: z.literal('perCapitaLimit'),
      ruleId: z.string().min(1),
      source: SourceSchema,
      sampleData: z.boolean().optional(),
      limitPerCapita: MoneySchema,
      totalAssets: MoneySchema,
    })
    .strict(),
]);

export const DibaoFactsSchema = z
  .object({
    benefitMonth: MonthSchema,
    members: z
      .array(
        z
          .object({
            personId: z.string().min(1),
            monthlyIncome: MoneySchema,
            extraNeed: z.enum(['elderly', 'minor', 'severeDisability', 'seriousIllness']).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    assets: AssetsRuleSchema.optional(),
    singlePerson: z
      .object({
        personId: z.string().min(1),
        adult: z.boolean(),
        severeDisability: z.boolean(),
        dependsOnFamily: z.boolean().optional(),
        noEmployment: z.boolean().optional(),
        supportedBySiblingsOrElders60: z.boolean().optional(),
      })
      .strict()
      .optional(),
    approvedOn: DateSchema.optional(),
  })
  .strict();

const BandTableSchema = z
  .object({
    tableId: z.string().min(1),
    source: SourceSchema,
    sampleData: z.boolean(),
    zhichu: z
      .object({
        floor: MoneySchema,
        bands: z.array(z.object({ upTo: MoneySchema.nullable(), rateBp: z.number().int().min(0).max(10000) }).strict()).min(1),
        cap: z.union([z.object({ monthsOfB: z.number().int().min(1).max(120) }).strict(), z.object({ amount: MoneySchema }).strict()]).optional(),
      })
      .strict()
      .refine(
        (z) => z.bands.every((b, i) => (i === z.bands.length - 1 ? b.upTo === null : b.upTo !== null && (i === 0 || b.upTo.fen > z.bands[i - 1].upTo!.fen))),
        { message: 'bands ascend and only the last is open-ended (upTo: null)' },
      )
      .optional(),
    jinan: z.object({ monthsOfBPerPerson: z.number().int().min(1).max(120) }).strict().optional(),
  })
  .strict();

export const LinshiFactsSchema = z
  .object({
    decisionDate: DateSchema,
    type: z.enum(['jinan', 'zhichu']),
    householdMembers: z.number().int().min(1).max(50),
    group: z.enum(['g1', 'g2']).optional(),
    necessaryExpenditure: MoneySchema.optional(),
    severeDisabilityUplift: z.boolean().optional(),
    bandTable: BandTableSchema.optional(),
  })
  .strict();

const PolicyChoicesSchema = z
  .object({
    'tefu.age60': z.enum(['nextMonth', 'sameMonth']).optional(),
    'linshi.zhichu.uplift': z.enum(['percentagePoints', 'relative']).optional(),
    'linshi.jinan': z.enum(['perMember', 'perCase']).optional(),
  })
  .strict();

const common = {
  rulePackId: z.string().min(1),
  /** Switchable readings (defaults: the product readings); each choice is named in the trace. */
  policies: PolicyChoicesSchema.optional(),
  /** Pin a ruleset version (e.g. to recompute a recorded determination); default: the current one. */
  rulesetVersion: z.string().min(1).optional(),
};

export const EvaluateRequestSchema = z.discriminatedUnion('benefit', [
  z.object({ benefit: z.literal('tefu'), ...common, facts: TefuFactsSchema }).strict(),
  z.object({ benefit: z.literal('dibao'), ...common, dibaoStandard: SeriesValueSchema, facts: DibaoFactsSchema }).strict(),
  z
    .object({
      benefit: z.literal('linshi'),
      ...common,
      dibaoStandard: SeriesValueSchema.optional(),
      /** The published band table for the case's division (delegating standards only); facts.bandTable, if given too, wins (what-if). */
      bandTable: BandTableSeriesValueSchema.optional(),
      facts: LinshiFactsSchema,
    })
    .strict(),
]);

export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;
