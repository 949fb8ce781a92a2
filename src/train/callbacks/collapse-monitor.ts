// Watches the loss statistics for collapsed embeddings and warns (once per fit) when
// several consecutive checks agree, so one odd batch does not raise an alarm.
import { checkCollapse, type MetricLossStats } from '../../metric/index.ts';
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';

export class CollapseMonitor implements Callback {
  readonly order = 45;
  /** The warning given, if any. */
  warning: string | null = null;
  private streak = 0;

  constructor(private readonly options: { every?: number; patience?: number; warn?: (message: string) => void } = {}) {}

  beforeFit(): void {
    this.streak = 0;
    this.warning = null;
  }

  afterBatch(learner: Learner): void {
    if (learner.batchIndex % (this.options.every ?? 10) !== 0) return;
    const found = checkCollapse(learner.lastStats as unknown as MetricLossStats);
    this.streak = found ? this.streak + 1 : 0;
    if (found && this.streak >= (this.options.patience ?? 3) && this.warning === null) {
      this.warning = found.message;
      (this.options.warn ?? ((m: string) => console.error(`\nwarning: ${m}`)))(found.message);
    }
  }
}
