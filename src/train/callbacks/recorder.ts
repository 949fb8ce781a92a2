// Keeps the history of a run: loss and lr per batch, metrics per epoch.
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  seconds: number;
  imagesPerSecond: number;
  metrics: Record<string, number>;
}

export class Recorder implements Callback {
  readonly order = 50;
  readonly losses: number[] = [];
  readonly lrs: number[] = [];
  readonly epochs: EpochRecord[] = [];
  private epochLosses: number[] = [];
  private epochStart = 0;
  private epochImages = 0;

  beforeEpoch(): void {
    this.epochLosses = [];
    this.epochStart = performance.now();
    this.epochImages = 0;
  }

  afterBatch(learner: Learner): void {
    this.losses.push(learner.lastLoss);
    this.lrs.push(learner.optimizer.groups[0]?.options.lr ?? Number.NaN);
    this.epochLosses.push(learner.lastLoss);
    this.epochImages += learner.lastBatchSize;
  }

  afterEpoch(learner: Learner): void {
    const seconds = (performance.now() - this.epochStart) / 1000;
    const trainLoss = this.epochLosses.reduce((a, b) => a + b, 0) / Math.max(1, this.epochLosses.length);
    this.epochs.push({ epoch: learner.epoch, trainLoss, seconds, imagesPerSecond: this.epochImages / seconds, metrics: { ...learner.metrics } });
  }
}
