import type { Tensor } from '../../tensor/tensor.ts';
import { Module } from '../module.ts';

/** Applies its children in order; they are named "0", "1", ... as in PyTorch. */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(...layers: Module[]) {
    super();
    layers.forEach((layer, i) => this.registerModule(String(i), layer));
    this.layers = layers;
  }

  forward(x: Tensor): Tensor {
    // Intermediate activations are released as soon as the next layer has consumed them;
    // autograd keeps what it needs natively.
    let out = x;
    for (const layer of this.layers) {
      const next = layer.forward(out);
      if (out !== x && next !== out) out.dispose();
      out = next;
    }
    return out;
  }
}
