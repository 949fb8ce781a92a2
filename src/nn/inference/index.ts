export { inferencePlan } from './fold-batch-norm.ts';
export { InferenceNet } from './inference-net.ts';
export type { InferenceNetOptions } from './inference-net.ts';
export { countSteps } from './inference-plan.ts';
export type { InferencePlan, InferenceStep, Weights } from './inference-plan.ts';
