import { z } from '@benefits/http';

export const StreamIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'stream id: letters, digits and . _ : - only')
  .openapi({ example: 'case-0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' });

export const ChainReportSchema = z
  .discriminatedUnion('intact', [
    z.object({ streamId: z.string(), intact: z.literal(true), length: z.number().int(), head: z.string() }),
    z.object({
      streamId: z.string(),
      intact: z.literal(false),
      length: z.number().int(),
      brokenAt: z.number().int().describe('first stream revision whose link does not verify'),
      reason: z.enum(['prevHash', 'hash', 'revision']),
    }),
  ])
  .openapi('ChainReport');

export type ChainReport = z.infer<typeof ChainReportSchema>;
