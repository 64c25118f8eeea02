import { z } from '@benefits/http';
import { LocalDate } from '@benefits/kernel';
import { FUNDING_LEVELS, SIMULATION_BENEFITS } from './types';

/**
 * The shape of a simulation request (zod): checked by the service before anything is written and
 * by the console's form before it is sent. Checks against the catalog are the service's
 * (`validateSimulationRequest` in scenario.ts). No server-only imports: the console bundles this file.
 */
const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit division code (GB/T 2260)');
const month = z.string().refine((v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v), 'a month yyyy-mm');
const date = z.string().refine((v) => LocalDate.isValid(v), 'a date yyyy-mm-dd');
const benefit = z.enum(SIMULATION_BENEFITS);
const sharesSchema = z.object(Object.fromEntries(FUNDING_LEVELS.map((l) => [l, z.number().int().min(0).max(10_000)])) as Record<(typeof FUNDING_LEVELS)[number], z.ZodNumber>).strict();

const ChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dibaoStandard'), divisionCode, from: month, fenPerMonth: z.number().int().min(1).max(100_000_000), note: z.string().max(500).optional() }).strict(),
  z
    .object({
      kind: z.literal('standardEdition'),
      standardId: z.string().min(1).max(100),
      versionId: z.string().min(1).max(100),
      divisionCode,
      effectiveFrom: date,
      rulePack: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('policy'), choices: z.object({ 'tefu.age60': z.enum(['nextMonth', 'sameMonth']).optional() }).strict(), from: month.optional() }).strict(),
]);

export const SimulationRequestSchema = z
  .object({
    scenario: z.object({ title: z.string().trim().min(1).max(200), description: z.string().max(2000).optional(), changes: z.array(ChangeSchema).min(1).max(50) }).strict(),
    scope: z
      .object({
        divisionCode,
        benefits: z.array(benefit).min(1).max(SIMULATION_BENEFITS.length),
        months: z.object({ from: month, to: month }).strict(),
      })
      .strict(),
    fundingShares: z.array(z.object({ benefit, divisionCode, shares: sharesSchema }).strict()).max(1000).optional(),
  })
  .strict();

