import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import type { AuditFeature } from '../feature';
import { IntegrityController, VERIFICATIONS } from './integrity.controller';
import { AnchorListSchema, StartAnchorSchema, StartVerificationSchema, VerificationIdSchema, VerificationJobSchema } from './integrity.schemas';
import { Verifications } from './verification';

/** Tamper evidence at scale (ADR 0012 §4): `verify --all` as recorded jobs, signed daily anchors of the chain heads. */
export const integrityFeature: AuditFeature = {
  name: 'integrity',
  controllers: [IntegrityController],
  // Reads AUDIT_SOURCE (the shared store, or the replica in separate processes); records to runtime.store.
  providers: ({ runtime, source }) => [{ provide: VERIFICATIONS, useFactory: () => new Verifications(runtime.store, source) }],
  describeRoutes: (registry) => {
    const job = { content: { 'application/json': { schema: VerificationJobSchema } } };
    const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
    registry.registerPath({
      method: 'post',
      path: '/audit/verifications',
      summary: 'Verify the whole log once (verify --all): every stream’s hash chain, log order, and the latest (or every) signed anchor',
      description:
        'Reads the global log once in order, keeping per stream its last revision and hash: revisions contiguous from 0, prevHash links, each hash recomputed from the stored hashed text, positions strictly increasing. ' +
        'Each anchored stream’s event at the anchored revision must still carry the anchored hash (else ANCHOR_MISMATCH), and an anchor whose signature does not verify is reported. ' +
        'Recorded as stream verification-<id> (Started, a PageRecorded every 50 pages, Completed with counts, the first broken streams and the result hash). ' +
        '202 while running (poll GET /audit/verifications/{id}); 200 when the id names a completed verification. Roles auditor and admin (anchor: true also needs the anchor role). ' +
        'Every stream is checked for every caller; an auditor sees the ids of broken streams of cases in their division (province-level auditors also streams of no case), the rest only counted.',
      tags: ['tamper evidence'],
      request: { body: { content: { 'application/json': { schema: StartVerificationSchema } } } },
      responses: {
        200: { description: 'the completed verification of that id', ...job },
        202: { description: 'started (or already running): the job', ...job },
        ...authenticatedErrors,
        503: problem('ANCHOR_KEY_MISSING, ANCHOR_KEY_INVALID (anchor: true)'),
      },
    });
    registry.registerPath({
      method: 'get',
      path: '/audit/verifications/{verificationId}',
      summary: 'A verification: status, progress, counts, broken streams in the caller’s scope, result hash',
      tags: ['tamper evidence'],
      request: { params: z.object({ verificationId: VerificationIdSchema }) },
      responses: { 200: { description: 'the job', ...job }, 404: problem('VERIFICATION_NOT_FOUND'), ...authenticatedErrors },
    });
    registry.registerPath({
      method: 'post',
      path: '/audit/anchors',
      summary: 'Anchor every stream’s head (signed, Ed25519) to the anchor directory, from one verification pass',
      description:
        'Starts a verification with anchor: true; when it completes, <anchor dir>/<yyyy-mm-dd>.jsonl (Asia/Shanghai date; -2, -3 … for further anchors that day) and its .sig are written. Roles admin and auditor.',
      tags: ['tamper evidence'],
      request: { body: { content: { 'application/json': { schema: StartAnchorSchema } } } },
      responses: {
        200: { description: 'the completed verification of that id', ...job },
        202: { description: 'started: the job (anchorWritten once completed)', ...job },
        ...authenticatedErrors,
        503: problem('ANCHOR_KEY_MISSING, ANCHOR_KEY_INVALID'),
      },
    });
    registry.registerPath({
      method: 'get',
      path: '/audit/anchors',
      summary: 'The anchors written so far (headers only; signatures are checked by a verification)',
      tags: ['tamper evidence'],
      responses: { 200: { description: 'the anchors', content: { 'application/json': { schema: AnchorListSchema } } }, ...authenticatedErrors },
    });
  },
};
