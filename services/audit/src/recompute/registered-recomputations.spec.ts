import { auditRecomputationOf, registerAuditRecomputation, type AuditRecomputation } from './registered-recomputations';
import { recomputeDetermination } from './recompute-determination';
import type { PinnedPacks } from './pinned-packs';
import { registerBenefitEngine } from '@benefits/benefits';
import { EXAMPLE_ENGINE, EXAMPLE_RULESET_VERSION } from '../../../../test/fixtures/example-benefit/rules/engine';

/** A recorded determination as recomputeDetermination reads it. */
const recorded = (type: string, data: Record<string, unknown>) => ({ event: { streamId: 'determination-x', streamRevision: 0, eventId: 'e-1', type, data }, approvedOn: null });

const reading = (benefit: string): AuditRecomputation => ({
  benefit,
  determinationRequest: () => ({}),
  determinationAmounts: () => [],
});

describe('audit recomputations of benefits registered as modules', () => {
  it('registers one per benefit; the same one again is a no-op; another, or one for a shipped benefit, is refused', () => {
    const first = reading('sampleone');
    registerAuditRecomputation(first);
    registerAuditRecomputation(first);
    expect(auditRecomputationOf('sampleone')).toBe(first);
    expect(() => registerAuditRecomputation(reading('sampleone'))).toThrow(/already has an audit recomputation/);
    expect(() => registerAuditRecomputation(reading('tefu'))).toThrow(/audit's own code/);
    expect(auditRecomputationOf('unknownbenefit')).toBeUndefined();
  });

  it('a determination of a benefit audit has no reading of is not recomputable, never guessed', () => {
    const packs = { resolve: () => ({ ok: false, code: 'RULE_PACK_UNKNOWN', detail: {} }) } as unknown as PinnedPacks;
    const verdict = recomputeDetermination(
      recorded('unregistered.EligibilityDetermined.v1', { benefit: 'unregistered', determinationId: 'd-1', rulePackId: 'unregistered-339900-2026', rulesetVersion: 'u-1', eligible: true, amounts: [], trace: [], facts: {}, effectiveFrom: '2026-03-02' }),
      packs,
    );
    expect(verdict).toMatchObject({ status: 'not_recomputable', reason: { code: 'RULESET_VERSION_UNKNOWN', detail: { benefit: 'unregistered' } } });
  });

  it('a benefit whose engine is registered but which gives audit no reading of its facts: not recomputable, with the reason', () => {
    registerBenefitEngine(EXAMPLE_ENGINE);
    const packs = { resolve: () => ({ ok: true, packId: 'example-339900-2026', pack: {} }) } as unknown as PinnedPacks;
    const verdict = recomputeDetermination(
      recorded('example.EligibilityDetermined.v1', { determinationId: 'd-2', rulePackId: 'example-339900-2026', rulesetVersion: EXAMPLE_RULESET_VERSION, eligible: true, amounts: [], trace: [], facts: { members: [] }, effectiveFrom: '2026-03-02' }),
      packs,
    );
    expect(verdict).toMatchObject({ status: 'not_recomputable', reason: { code: 'NOT_AN_ENGINE_DETERMINATION', detail: { benefit: 'example', reason: 'no audit recomputation is registered for the benefit' } } });
  });

  it('a module reading that throws makes that determination not recomputable (AUDIT_READING_FAILED), not the job fail', () => {
    registerAuditRecomputation({
      benefit: 'example',
      determinationRequest: () => {
        throw new Error('the recorded facts have no residents list');
      },
      determinationAmounts: () => [],
    });
    const packs = { resolve: () => ({ ok: true, packId: 'example-339900-2026', pack: {} }) } as unknown as PinnedPacks;
    const verdict = recomputeDetermination(
      recorded('example.EligibilityDetermined.v1', { determinationId: 'd-3', rulePackId: 'example-339900-2026', rulesetVersion: EXAMPLE_RULESET_VERSION, eligible: true, amounts: [], trace: [], facts: {}, effectiveFrom: '2026-03-02' }),
      packs,
    );
    expect(verdict).toEqual({
      status: 'not_recomputable',
      reason: { code: 'AUDIT_READING_FAILED', detail: { benefit: 'example', step: 'determinationRequest', error: 'the recorded facts have no residents list' } },
    });
  });
});
