export { Optimizer } from './optimizer.ts';
export type { GroupOptions, ParamGroup, GroupSpec } from './optimizer.ts';
export { Adam, AdamW } from './adam.ts';
export type { AdamOptions } from './adam.ts';
export { SGD } from './sgd.ts';
export type { SgdOptions } from './sgd.ts';
export { oneCycle, cosineAnneal, exponentialAnneal } from './schedules.ts';
export type { OneCycleOptions, Hyper } from './schedules.ts';
