import { AssertionError } from 'node:assert';
import { assertNever, decideOn, fold, type Command, type Decider, type DomainEvent } from './decider';
import { Errors } from './errors';
import { givenWhenThen } from './testing-dsl';

// A deliberately tiny workflow, only to exercise the helpers: submit once, then approve once.
type SubmitApplication = Command<'SubmitApplication', { caseId: string }>;
type ApproveApplication = Command<'ApproveApplication', { caseId: string }>;
type AppCommand = SubmitApplication | ApproveApplication;

type AppEvent =
  | DomainEvent<'ApplicationSubmitted', { caseId: string; submittedAt: string }>
  | DomainEvent<'ApplicationApproved', { caseId: string; approvedAt: string }>;

type AppState = { status: 'empty' } | { status: 'submitted' | 'approved'; caseId: string };

const application: Decider<AppCommand, AppEvent, AppState> = {
  initialState: () => ({ status: 'empty' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ApplicationSubmitted':
        return { status: 'submitted', caseId: event.data.caseId };
      case 'ApplicationApproved':
        return { status: 'approved', caseId: event.data.caseId };
      default:
        return assertNever(event, 'event');
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'SubmitApplication':
        if (state.status !== 'empty') throw Errors.CONFLICT({ status: state.status });
        return [{ type: 'ApplicationSubmitted', data: { caseId: command.data.caseId, submittedAt: command.metadata.now.toISOString() } }];
      case 'ApproveApplication':
        if (state.status === 'approved') return [];
        if (state.status !== 'submitted') throw Errors.CONFLICT({ status: state.status });
        return [{ type: 'ApplicationApproved', data: { caseId: command.data.caseId, approvedAt: command.metadata.now.toISOString() } }];
      default:
        return assertNever(command, 'command');
    }
  },
};

const now = new Date('2024-07-22T02:00:00Z');
const submit: SubmitApplication = { type: 'SubmitApplication', data: { caseId: 'c1' }, metadata: { now } };
const approve: ApproveApplication = { type: 'ApproveApplication', data: { caseId: 'c1' }, metadata: { now } };
const submitted: AppEvent = { type: 'ApplicationSubmitted', data: { caseId: 'c1', submittedAt: '2024-07-22T01:00:00.000Z' } };
const approved: AppEvent = { type: 'ApplicationApproved', data: { caseId: 'c1', approvedAt: '2024-07-22T02:00:00.000Z' } };

const spec = givenWhenThen(application);

describe('given/when/then', () => {
  it('takes time from the command metadata', () => {
    spec.given([submitted]).when(approve).then([approved]);
  });

  it('checks refusals by code', () => {
    spec.given([]).when(approve).thenThrows('CONFLICT');
    spec.given([submitted]).when(submit).thenThrows('CONFLICT');
  });

  it('checks that nothing happens', () => {
    spec.given([submitted, approved]).when(approve).thenNothingHappens();
  });

  it('fails when the events differ', () => {
    expect(() => spec.given([submitted]).when(approve).then([])).toThrow(AssertionError);
    expect(() => spec.given([submitted]).when(approve).thenNothingHappens()).toThrow(AssertionError);
  });

  it('fails when nothing is thrown or another code is thrown', () => {
    expect(() => spec.given([submitted]).when(approve).thenThrows('CONFLICT')).toThrow(/expected DomainError CONFLICT, but the decider returned/);
    expect(() => spec.given([]).when(approve).thenThrows('FORBIDDEN')).toThrow(/expected DomainError FORBIDDEN, got DomainError CONFLICT/);
  });
});

describe('decider helpers', () => {
  it('fold replays events from the initial state or a given one', () => {
    expect(fold(application, [])).toEqual({ status: 'empty' });
    expect(fold(application, [submitted, approved])).toEqual({ status: 'approved', caseId: 'c1' });
    expect(fold(application, [approved], { status: 'submitted', caseId: 'c1' })).toEqual({ status: 'approved', caseId: 'c1' });
  });

  it('decideOn returns the new events and the state after them', () => {
    expect(decideOn(application, [submitted], approve)).toEqual({ events: [approved], state: { status: 'approved', caseId: 'c1' } });
  });

  it('assertNever refuses values that bypassed the types', () => {
    const unknown = { type: 'WithdrawApplication', data: {}, metadata: { now } } as unknown as AppCommand;
    expect(() => application.decide(unknown, { status: 'empty' })).toThrow('unhandled command: "WithdrawApplication"');
  });
});
