import { maySee } from './verification';

describe('division scope of a verification’s findings', () => {
  const actor = (role: string, divisionCode: string) => ({ id: 'x', role, divisionCode });

  it('admin sees every stream; an auditor the streams of cases in their division or under it', () => {
    expect(maySee(actor('admin', '330402'), { divisionCode: '110101' })).toBe(true);
    expect(maySee(actor('auditor', '330400'), { divisionCode: '330402' })).toBe(true);
    expect(maySee(actor('auditor', '330402'), { divisionCode: '330402' })).toBe(true);
    expect(maySee(actor('auditor', '330481'), { divisionCode: '330402' })).toBe(false);
  });

  it('streams of no known case: admin and province-level auditors only', () => {
    expect(maySee(actor('admin', '330402'), { divisionCode: null })).toBe(true);
    expect(maySee(actor('auditor', '330000'), { divisionCode: null })).toBe(true);
    expect(maySee(actor('auditor', '330400'), { divisionCode: null })).toBe(false);
  });
});
