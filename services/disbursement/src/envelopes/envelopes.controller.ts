import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { IncomingMessage as Request, ServerResponse } from 'node:http';
import { Errors, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, VaultConnection, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { assertMay } from '../access';
import { AccountsHandler } from '../accounts/accounts.handler';
import { FundingHandler } from '../funding/funding.handler';
import { parsePaymentStreamId } from '../payments/payment-id';
import { reconciliationCsv, reconciliationXlsx } from '../reconciliation/reconciliation.export';
import type { ReconciliationReport } from '../reconciliation/reconciliation';
import { runScope } from '../read-models/entitlements.projection';
import { parseEnvelopeId } from './envelope';
import { EnvelopeHandler } from './envelope.handler';
import { accountLookup, fundingShares, openAccounts } from './finance-ports';
import {
  ApproveEnvelopeSchema,
  EnvelopeListQuerySchema,
  EnvelopePaymentsQuerySchema,
  EnvelopeReconciliationQuerySchema,
  ExportEnvelopeSchema,
  HoldDecisionSchema,
  HoldsQuerySchema,
  PeriodReconciliationQuerySchema,
  ReturnImportQuerySchema,
} from './envelopes.schemas';
import { commandContext as context } from '../http-context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 发放批次 for finance: list, approve, export the bank file, import the return, close, reconcile; decisions on held payments. */
@Controller('disbursement')
export class EnvelopesController {
  private readonly envelopes: EnvelopeHandler;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels, @Inject(VaultConnection) vault: VaultConnection) {
    const accounts = new AccountsHandler(runtime.store, readModels, () => vault.vault());
    this.envelopes = new EnvelopeHandler(runtime.store, readModels, {
      openAccounts: openAccounts(accounts),
      accountVersions: accountLookup(readModels),
      sharesFor: fundingShares(new FundingHandler(runtime.store)),
    });
  }

  @Get('envelopes')
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = parseOrThrow(EnvelopeListQuerySchema, query);
    assertMay(actor, 'readEnvelope', q.divisionCode);
    return this.envelopes.list({ divisionCode: q.divisionCode, benefit: q.benefit, period: q.period }, { limit: q.limit, cursor: q.cursor ?? null });
  }

  @Get('envelopes/:envelopeId')
  async read(@CurrentActor() actor: Actor, @Param('envelopeId') envelopeId: string) {
    assertMay(actor, 'readEnvelope', parseEnvelopeId(envelopeId).divisionCode);
    return this.envelopes.read(envelopeId);
  }

  @Get('envelopes/:envelopeId/payments')
  async payments(@CurrentActor() actor: Actor, @Param('envelopeId') envelopeId: string, @Query() query: unknown) {
    assertMay(actor, 'readEnvelope', parseEnvelopeId(envelopeId).divisionCode);
    const q = parseOrThrow(EnvelopePaymentsQuerySchema, query);
    return this.envelopes.payments(envelopeId, { status: q.status === 'held' ? undefined : q.status, held: q.status === 'held', limit: q.limit, cursor: q.cursor ?? null });
  }

  /** 财政审核: maker-checker — whoever recorded a step of the run may not approve it. */
  @Post('envelopes/:envelopeId/approve')
  @HttpCode(200)
  async approve(@CurrentActor() actor: Actor, @Req() request: Request, @Param('envelopeId') envelopeId: string, @Body() body: unknown) {
    assertMay(actor, 'approveEnvelope', parseEnvelopeId(envelopeId).divisionCode);
    const input = parseOrThrow(ApproveEnvelopeSchema, body ?? {});
    return this.envelopes.approve(envelopeId, { ...context(actor, request), actor }, input.note);
  }

  /** The bank file (CSV in the layout's encoding, or the xlsx 花名册): the bytes, with the hash recorded on the envelope in `X-Content-SHA256`. */
  @Post('envelopes/:envelopeId/export')
  @HttpCode(200)
  async export(@CurrentActor() actor: Actor, @Req() request: Request, @Param('envelopeId') envelopeId: string, @Body() body: unknown, @Res({ passthrough: true }) response: ServerResponse) {
    assertMay(actor, 'exportBankFile', parseEnvelopeId(envelopeId).divisionCode);
    const input = parseOrThrow(ExportEnvelopeSchema, body ?? {});
    const file = await this.envelopes.export(envelopeId, input, context(actor, request));
    response.setHeader('Content-Type', input.format === 'xlsx' ? XLSX : `text/csv; charset=${file.encoding === 'GBK' ? 'GBK' : 'utf-8'}`);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    response.setHeader('X-Content-SHA256', file.sha256);
    response.setHeader('X-Line-Count', String(file.lineCount));
    response.setHeader('X-Total-Fen', String(file.totalFen));
    return new StreamableFile(file.bytes);
  }

  /** 回盘: the bank's return file as it came (Content-Type application/octet-stream); `mode=partial` applies the lines that fit and reports the others. */
  @Post('envelopes/:envelopeId/returns')
  @HttpCode(200)
  async importReturns(@CurrentActor() actor: Actor, @Req() request: Request, @Param('envelopeId') envelopeId: string, @Query() query: unknown, @Body() body: unknown) {
    assertMay(actor, 'importReturns', parseEnvelopeId(envelopeId).divisionCode);
    const q = parseOrThrow(ReturnImportQuerySchema, query);
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw Errors.VALIDATION_FAILED({ issues: [{ path: 'body', message: 'send the return file as the request body with Content-Type: application/octet-stream' }] });
    }
    return this.envelopes.importReturns(envelopeId, body, { mode: q.mode, declaredEncoding: q.encoding, fileName: q.fileName ?? null }, context(actor, request));
  }

  @Post('envelopes/:envelopeId/close')
  @HttpCode(200)
  async close(@CurrentActor() actor: Actor, @Req() request: Request, @Param('envelopeId') envelopeId: string) {
    assertMay(actor, 'closeEnvelope', parseEnvelopeId(envelopeId).divisionCode);
    return this.envelopes.close(envelopeId, context(actor, request));
  }

  @Get('envelopes/:envelopeId/reconciliation')
  async reconcileEnvelope(@CurrentActor() actor: Actor, @Param('envelopeId') envelopeId: string, @Query() query: unknown, @Res({ passthrough: true }) response: ServerResponse) {
    assertMay(actor, 'reconcile', parseEnvelopeId(envelopeId).divisionCode);
    const q = parseOrThrow(EnvelopeReconciliationQuerySchema, query);
    const report = await this.envelopes.reconcileEnvelope(envelopeId);
    return exportAs(report, q.format, { title: `发放批次 ${envelopeId} 对账单`, subject: envelopeId, file: `reconciliation-${envelopeId}` }, response);
  }

  @Get('reconciliation')
  async reconcilePeriod(@CurrentActor() actor: Actor, @Query() query: unknown, @Res({ passthrough: true }) response: ServerResponse) {
    const q = parseOrThrow(PeriodReconciliationQuerySchema, query);
    assertMay(actor, 'reconcile', q.divisionCode);
    const report = await this.envelopes.reconcilePeriod(q.benefit, q.divisionCode, q.period);
    const subject = `${q.benefit}|${q.divisionCode}|${q.period}`;
    return exportAs(report, q.format, { title: `${q.benefit} ${q.divisionCode} ${q.period} 发放对账单`, subject, file: `reconciliation-${q.benefit}-${q.divisionCode}-${q.period}` }, response);
  }

  /** Held payments of a division (待补录账户, 重复享受待决), for a decision. */
  @Get('holds')
  async holds(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = parseOrThrow(HoldsQuerySchema, query);
    assertMay(actor, 'readEnvelope', q.divisionCode);
    return this.envelopes.holds(runScope(q.benefit, q.divisionCode), q.limit, q.cursor ?? null);
  }

  /** 重复享受: a recorded decision on a held payment — `cancel`, or `release` citing the legal basis in the reason. */
  @Post('payments/:paymentStreamId/hold-decision')
  @HttpCode(200)
  async decideHold(@CurrentActor() actor: Actor, @Req() request: Request, @Param('paymentStreamId') paymentStreamId: string, @Body() body: unknown) {
    parsePaymentStreamId(paymentStreamId);
    const input = parseOrThrow(HoldDecisionSchema, body);
    assertMay(actor, 'decideHold', actor.divisionCode);
    return this.envelopes.decideHold(paymentStreamId, input.decision, input.reason, context(actor, request), (division) => assertMay(actor, 'decideHold', division));
  }
}

async function exportAs(
  report: ReconciliationReport,
  format: 'json' | 'csv' | 'xlsx',
  meta: { title: string; subject: string; file: string },
  response: ServerResponse,
): Promise<unknown> {
  if (format === 'json') return report;
  const header = { title: meta.title, subject: meta.subject, generatedAt: new Date().toISOString() };
  const bytes = format === 'csv' ? reconciliationCsv(report, header) : await reconciliationXlsx(report, header);
  response.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
  response.setHeader('Content-Disposition', `attachment; filename="${meta.file}.${format}"`);
  return new StreamableFile(bytes);
}
