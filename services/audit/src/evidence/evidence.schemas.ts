import { z } from '@benefits/http';
import { PERSONAL_DATA_PURPOSES } from '@benefits/identity';

export const FindingIdParamSchema = z.string().regex(/^[0-9a-f]{32}$/, '32 lowercase hex digits').openapi({ example: '6f1c0e7a9b2d4c3e8f0a1b2c3d4e5f60' });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An Asia/Shanghai business date (yyyy-mm-dd) or an ISO-8601 instant with its offset. */
const DateOrInstant = z
  .string()
  .refine((v) => (DATE.test(v) ? !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`)) : /T.*(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))), 'yyyy-mm-dd or an ISO-8601 instant with offset');

export const AccessLogQuerySchema = z
  .object({
    personRef: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a personRef (UUID)').optional().describe('only reads of this person'),
    actorId: z.string().min(1).max(200).optional().describe('only reads by this user'),
    from: DateOrInstant.optional().describe('from this business date (Asia/Shanghai, inclusive) or instant (inclusive)'),
    to: DateOrInstant.optional().describe('to this business date (Asia/Shanghai, inclusive: the whole day) or instant (exclusive)'),
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('page size, default 100'),
    cursor: z.string().regex(/^[1-9]\d{0,17}$/, 'nextCursor of the previous page').optional(),
  })
  .strict();

const ActorSchema = z.object({ id: z.string(), role: z.string(), divisionCode: z.string() });

export const AccessLogEntrySchema = z.object({
  seq: z.string().describe('position in the log; newest first'),
  accessedAt: z.string(),
  actor: ActorSchema,
  personRef: z.string(),
  purpose: z.enum(PERSONAL_DATA_PURPOSES),
  correlationId: z.string().nullable(),
  records: z.number().int().describe('sealed records of this person opened in the call'),
  erased: z.boolean().describe('the key had been destroyed: nothing was decrypted'),
  prevHash: z.string(),
  hash: z.string(),
});

export const AccessLogPageSchema = z.object({
  items: z.array(AccessLogEntrySchema),
  nextCursor: z.string().nullable(),
  scope: z.object({ actorDivisionWithin: z.string() }).describe("only readers of the caller's division and those under it"),
});

export const EvidencePackageSchema = z
  .object({
    format: z.literal('benefits.audit.evidence-package'),
    manifest: z.object({
      packageVersion: z.number().int(),
      packageId: z.string(),
      createdAt: z.string(),
      createdBy: ActorSchema,
      scope: z.record(z.string(), z.unknown()),
      streams: z.array(z.object({ streamId: z.string(), fromRevision: z.number().int(), toRevision: z.number().int(), events: z.number().int(), headHash: z.string(), cited: z.array(z.number().int()).optional() })),
      parts: z.array(z.object({ name: z.string(), mediaType: z.string(), bytes: z.number().int(), sha256: z.string() })),
      people: z.object({ count: z.number().int(), erased: z.number().int(), masking: z.string() }),
    }),
    manifestSha256: z.string(),
    signature: z.object({ alg: z.literal('Ed25519'), keyId: z.string(), publicKey: z.string(), value: z.string() }).nullable(),
    parts: z.object({ 'events.json': z.string().describe('base64'), 'people.xlsx': z.string().describe('base64') }),
  })
  .openapi('EvidencePackage');
