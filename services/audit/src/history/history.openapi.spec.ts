import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { describeHistoryRoutes } from './history.openapi';

describe('describeHistoryRoutes', () => {
  it('describes both routes with both axes, the scope and the errors', () => {
    const registry = new OpenAPIRegistry();
    describeHistoryRoutes(registry);
    const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: { title: 'audit', version: '1' } });
    const history = doc.paths?.['/audit/cases/{caseId}/history']?.get;
    const verify = doc.paths?.['/audit/streams/{streamId}/verify']?.get;
    expect(history?.parameters?.map((p) => ('name' in p ? p.name : null))).toEqual(expect.arrayContaining(['caseId', 'asKnownAt', 'asEffectiveOn']));
    expect(history?.description).toEqual(expect.stringContaining('DIVISION_OUT_OF_SCOPE'));
    expect(history?.description).toEqual(expect.stringContaining('READ_MODEL_BEHIND'));
    expect(JSON.stringify(history?.responses?.['400'])).toContain('INVALID_INSTANT');
    expect(JSON.stringify(verify?.responses?.['403'])).toContain('DIVISION_OUT_OF_SCOPE');
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['CaseHistory', 'ReplayCaseState']));
  });
});
