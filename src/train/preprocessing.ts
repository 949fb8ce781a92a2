// How a model bundle's raw uint8 CHW pixels become network input (model.json's `preprocessing`).
/** How raw uint8 CHW pixels become network input; stored in the model bundle. */
export interface Preprocessing {
  channels: number;
  height: number;
  width: number;
  /** Per-channel mean and std of x/255. */
  mean: number[];
  std: number[];
  /** Drawings from outside are brought into MNIST's form (glyph normalisation) before embedding. */
  glyph: boolean;
}
