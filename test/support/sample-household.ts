import { residentIdCheckChar } from '@benefits/identity';

/**
 * Sample data for the cross-service suites: an invented 嘉兴 (南湖区 330402) household whose only
 * child died. Names and 身份证号 are made up; the 身份证号 carry a valid GB 11643 check character.
 */
export function sampleResidentId(birthDate: string, sequence: string, division = '330402'): string {
  const first17 = `${division}${birthDate.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

/** The body of `POST /cases/tefu` for the sample household: the couple, or the wife alone. */
export function sampleTefuHousehold(who: 'couple' | 'wife' = 'couple') {
  const wife = { role: 'wife', name: '示例甲', residentId: sampleResidentId('1970-03-15', '002'), birthDate: '1970-03-15' };
  const husband = { role: 'husband', name: '示例乙', residentId: sampleResidentId('1968-11-02', '001'), birthDate: '1968-11-02' };
  return {
    divisionCode: '330402',
    members: who === 'couple' ? [wife, husband] : [wife],
    family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-death-certificate'] },
  };
}
