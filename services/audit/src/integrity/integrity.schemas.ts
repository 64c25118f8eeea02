import { z } from '@benefits/http';

export const VerificationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'verification id: letters, digits and - only (at most 64)')
  .openapi({ example: '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' });

export const StartVerificationSchema = z
  .object({
    verificationId: VerificationIdSchema.optional().describe('given: the same id returns the same verification (completed) or runs it again (interrupted)'),
    anchor: z.boolean().optional().describe('write a signed anchor of every stream head from this pass'),
    checkAnchors: z.enum(['latest', 'all', 'none']).optional().describe('anchors to check (default latest)'),
  })
  .strict()
  .openapi('StartVerification');

export const StartAnchorSchema = z
  .object({ verificationId: VerificationIdSchema.optional() })
  .strict()
  .openapi('StartAnchor');

const BrokenLinkSchema = z.object({
  streamId: z.string(),
  revision: z.number().int(),
  reason: z.enum(['revision', 'prevHash', 'hash', 'anchor']),
  code: z.enum(['CHAIN_BROKEN', 'ANCHOR_MISMATCH']),
  detail: z.string(),
  position: z.string().nullable(),
  divisionCode: z.string().nullable(),
});

export const VerificationJobSchema = z
  .object({
    verificationId: z.string(),
    status: z.enum(['running', 'completed', 'failed', 'interrupted']),
    intact: z.boolean().nullable().describe('completed: no broken stream, positions in order, every checked anchor signed and reached'),
    startedAt: z.string(),
    startedBy: z.string(),
    anchor: z.boolean(),
    checkAnchors: z.enum(['latest', 'all', 'none']),
    progress: z.object({ pages: z.number().int(), events: z.number().int(), brokenStreams: z.number().int(), cursor: z.string().nullable() }),
    completedAt: z.string().nullable(),
    mode: z.enum(['raw', 'envelopes']).nullable(),
    counts: z
      .object({
        events: z.number().int(),
        streams: z.number().int(),
        brokenStreams: z.number().int(),
        positionViolations: z.number().int(),
        anchoredStreams: z.number().int(),
        anchorMismatches: z.number().int(),
        anchorProblems: z.number().int(),
      })
      .nullable(),
    head: z.string().nullable(),
    firstPositionViolation: z.object({ position: z.string(), after: z.string() }).nullable(),
    anchors: z.array(
      z.object({
        file: z.string(),
        signature: z.enum(['valid', 'invalid', 'missing', 'no-key']),
        streams: z.number().int(),
        logHead: z.string().nullable(),
        code: z.enum(['ANCHOR_SIGNATURE_INVALID', 'LOG_SHORTER_THAN_ANCHORED']).optional(),
      }),
    ),
    anchorWritten: z.object({ file: z.string(), sha256: z.string(), streams: z.number().int() }).nullable(),
    brokenStreams: z.array(BrokenLinkSchema).describe('first 100 the viewer may see'),
    brokenStreamsTotal: z.number().int(),
    brokenStreamsOutsideScope: z.number().int().describe('broken streams outside the viewer’s division: counted, ids withheld'),
    resultHash: z.string().nullable().describe('SHA-256 of the canonical JSON of every finding in order'),
    failure: z.string().nullable(),
    eventsPerSecond: z.number().int().nullable(),
  })
  .openapi('VerificationJob');

export const AnchorListSchema = z
  .object({
    dir: z.string().describe('where anchors are written (outside the event store)'),
    keyId: z.string().nullable(),
    anchors: z.array(
      z.object({
        file: z.string(),
        date: z.string().nullable(),
        createdAt: z.string().nullable(),
        logHead: z.object({ position: z.string(), at: z.string() }).nullable(),
        streams: z.number().int().nullable(),
        events: z.number().int().nullable(),
        brokenStreams: z.number().int().nullable(),
        keyId: z.string().nullable(),
        signed: z.boolean().describe('a signature file is present (checked by a verification)'),
      }),
    ),
  })
  .openapi('AnchorList');
