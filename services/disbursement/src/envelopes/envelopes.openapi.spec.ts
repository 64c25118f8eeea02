import { serviceOpenApi } from '@benefits/http';
import { createDisbursementService } from '../service';

/** The finance routes of EnvelopesController, as the controller declares them. */
const ROUTES: [string, string][] = [
  ['get', '/disbursement/envelopes'],
  ['get', '/disbursement/envelopes/{envelopeId}'],
  ['get', '/disbursement/envelopes/{envelopeId}/payments'],
  ['post', '/disbursement/envelopes/{envelopeId}/approve'],
  ['post', '/disbursement/envelopes/{envelopeId}/export'],
  ['post', '/disbursement/envelopes/{envelopeId}/returns'],
  ['post', '/disbursement/envelopes/{envelopeId}/close'],
  ['get', '/disbursement/envelopes/{envelopeId}/reconciliation'],
  ['get', '/disbursement/reconciliation'],
  ['get', '/disbursement/holds'],
  ['post', '/disbursement/payments/{paymentStreamId}/hold-decision'],
];

describe('OpenAPI of the finance routes', () => {
  const doc = serviceOpenApi(createDisbursementService({ openVault: async () => ({ vault: null as never, close: async () => undefined }) }));
  const op = (method: string, path: string) => (doc.paths?.[path] as Record<string, any> | undefined)?.[method];

  it.each(ROUTES)('%s %s is described with a summary, roles and its error responses', (method, path) => {
    const operation = op(method, path);
    expect(operation).toBeDefined();
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.description).toMatch(/Roles? /);
    expect(operation.responses['200']).toBeDefined();
    expect(operation.responses['401']).toBeDefined();
    expect(operation.responses['403']).toBeDefined();
  });

  it('the bank file answers CSV or xlsx with its hash header; a return file is sent as octet-stream', () => {
    const exported = op('post', '/disbursement/envelopes/{envelopeId}/export');
    expect(Object.keys(exported.responses['200'].content)).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(exported.responses['200'].headers['X-Content-SHA256']).toBeDefined();
    expect(exported.responses['409'].description).toMatch(/ENVELOPE_NOT_APPROVED/);
    const returns = op('post', '/disbursement/envelopes/{envelopeId}/returns');
    expect(Object.keys(returns.requestBody.content)).toEqual(['application/octet-stream']);
    expect(returns.responses['422'].description).toMatch(/RETURN_FILE_INVALID/);
    expect(returns.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['encoding', 'envelopeId', 'fileName', 'mode']);
    const approve = op('post', '/disbursement/envelopes/{envelopeId}/approve');
    expect(approve.responses['403'].description).toMatch(/ENVELOPE_SAME_ACTOR/);
    expect(Object.keys(op('get', '/disbursement/reconciliation').responses['200'].content)).toEqual(
      expect.arrayContaining(['application/json', 'text/csv']),
    );
  });

  it('response schemas are registered as components', () => {
    for (const name of ['EnvelopeView', 'EnvelopePage', 'LedgerPaymentPage', 'ReturnImportResult', 'ReconciliationReport', 'HoldDecisionResult']) {
      expect(doc.components?.schemas?.[name]).toBeDefined();
    }
  });
});
