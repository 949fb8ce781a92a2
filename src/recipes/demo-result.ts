// What `reid demo` answers (demo-run.ts makes it, demo-report.ts draws it).
import type { DemoPhoto } from './demo-photo.ts';
import type { DemoScenario } from './demo-scenario.ts';
import type { TrainRunResult } from './train-run.ts';

/** The headline scenario's figures at the top level (the general model's when there is one). */
export interface DemoResult extends Omit<DemoScenario, 'bundle' | 'gallery' | 'gallerySet' | 'glyphImages' | 'known' | 'unknown'> {
  train: TrainRunResult;
  /** The scenario of the model trained on MNIST here, and of the general model (when shipped). */
  tutorial: DemoScenario;
  general?: DemoScenario;
  /** The photo part, when a pattern model is there. */
  photo?: DemoPhoto;
  reportPath: string;
}
