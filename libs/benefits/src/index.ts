export * from './trace/types';
export { POLICIES, LOCAL_POLICIES, type PolicyChoices } from './policies';
// The pack helpers an engine uses (also one added as a module): values by kind, a parameter's clause and trace entry.
export { toEnginePack, requireParameter, findParameter, clauseOf, traceParam, moneyFen, rateBp, countValue, hasReading, type EnginePack, type BoundParameter } from './packs/engine-pack';
export { shippedPacks, shippedPack } from './packs/shipped';
export { PACK_VOCABULARY, packShapeProblems, type PackShapeProblem } from './packs/vocabulary';
export { seriesValueFrom, bandTableValueFrom, pinnedBandTable, type SeriesValue, type BandTableSeriesValue } from './series-input';
export * from './tefu/types';
export { evaluateTefu, TEFU_RULESET_VERSION } from './tefu/engine';
export * from './dibao/types';
export { evaluateDibao, DIBAO_RULESET_VERSION, DibaoErrors } from './dibao/engine';
export * from './linshi/types';
export { evaluateLinshi, LINSHI_RULESET_VERSION, LinshiErrors } from './linshi/engine';
export { RULESETS, CURRENT_RULESET } from './rulesets';
export { registerBenefitEngine, registeredEngine, type BenefitEngine, type EngineRequestBase } from './registry';
export { evaluate, evaluateBuilt, evaluateRequestSchemaFor, EvaluateErrors } from './evaluate/evaluate';
export { EvaluateRequestSchema, type EvaluateRequest } from './evaluate/schema';
export { SAMPLE_B, sampleB, sampleBandTable, sampleBandTableValue } from './sample-data';
export * from './cli/eligibility-command';
