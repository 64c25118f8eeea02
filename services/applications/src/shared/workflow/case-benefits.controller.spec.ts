import { offerOf } from './case-benefits.controller';

describe('offerOf: who may take a registered benefit\'s step and when, for the console', () => {
  it('roles and statuses as the workflow step declares them', () => {
    expect(offerOf({ by: ['case_officer', 'admin'], in: ['submitted'] })).toEqual({ roles: ['case_officer', 'admin'], makerChecker: false, statuses: ['submitted'] });
  });

  it('a decision maker is an approver under maker-checker', () => {
    expect(offerOf({ by: 'decisionMaker', in: ['active', 'suspended'] })).toEqual({ roles: ['approver'], makerChecker: true, statuses: ['active', 'suspended'] });
  });

  it('a check of the benefit\'s own, a step taken in any status, or a module that declares nothing: no limit the console could apply', () => {
    expect(offerOf({ by: () => undefined, in: 'any' })).toEqual({ roles: null, makerChecker: false, statuses: null });
    expect(offerOf({ by: ['approver'], in: 'own' })).toEqual({ roles: ['approver'], makerChecker: false, statuses: null });
    expect(offerOf(undefined)).toEqual({ roles: null, makerChecker: false, statuses: null });
  });
});
