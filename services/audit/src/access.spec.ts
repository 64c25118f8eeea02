import { actorCovers, assertAuditMay, divisionPrefix } from './access';

const actor = (role: string, divisionCode: string) => ({ id: 'a-1', role, divisionCode });

describe('audit access', () => {
  it('gives the prefix a division covers: province 2 digits, prefecture 4, county 6', () => {
    expect(divisionPrefix('330000')).toBe('33');
    expect(divisionPrefix('330400')).toBe('3304');
    expect(divisionPrefix('330481')).toBe('330481');
  });

  it('lets an auditor act within their division and below, and no further', () => {
    expect(() => assertAuditMay(actor('auditor', '330400'), 'recompute', '330481')).not.toThrow();
    expect(() => assertAuditMay(actor('auditor', '330000'), 'recompute', '330481')).not.toThrow();
    expect(() => assertAuditMay(actor('auditor', '330481'), 'recompute', '330402')).toThrow(expect.objectContaining({ code: 'DIVISION_OUT_OF_SCOPE' }));
    expect(() => assertAuditMay(actor('case_officer', '330402'), 'recompute', '330402')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(actorCovers(actor('auditor', '330400'), '330402')).toBe(true);
    expect(actorCovers(actor('auditor', '330400'), '330502')).toBe(false);
  });
});
