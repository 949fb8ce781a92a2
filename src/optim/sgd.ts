// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay,
// following torch.optim.SGD's update.
import { add, mul } from '../tensor/elementwise.ts';
import { addInPlace, mulInPlace } from '../tensor/in-place.ts';
import { keep } from '../tensor/memory.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Optimizer, type GroupOptions, type GroupSpec } from './optimizer.ts';

export interface SgdOptions extends GroupOptions {
  dampening: number;
  nesterov: boolean;
}

export class SGD extends Optimizer<SgdOptions> {
  readonly #buffers = new Map<Tensor, Tensor>();

  constructor(params: Tensor[] | GroupSpec<SgdOptions>[], options: Partial<SgdOptions> = {}) {
    super(params, { lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ...options });
  }

  protected update(p: Tensor, g: Tensor, o: SgdOptions): void {
    let d = o.weightDecay !== 0 ? add(g, mul(p, o.weightDecay)) : g;
    if (o.momentum !== 0) {
      let buf = this.#buffers.get(p);
      if (!buf) {
        buf = keep(d.clone());
        this.#buffers.set(p, buf);
      } else {
        mulInPlace(buf, o.momentum);
        addInPlace(buf, d, 1 - o.dampening);
      }
      d = o.nesterov ? add(d, mul(buf, o.momentum)) : buf;
    }
    addInPlace(p, d, -o.lr);
  }

  stateTensors(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    let i = 0;
    for (const g of this.groups) for (const p of g.params) {
      const b = this.#buffers.get(p);
      if (b) out.set(`${i}.momentum`, b);
      i++;
    }
    return out;
  }

  loadStateTensors(state: ReadonlyMap<string, Tensor>, step: number): void {
    let i = 0;
    for (const g of this.groups) for (const p of g.params) {
      const b = state.get(`${i}.momentum`);
      if (b) {
        this.#buffers.get(p)?.dispose();
        this.#buffers.set(p, keep(b.clone()));
      }
      i++;
    }
    this.steps = step;
  }

  dispose(): void {
    for (const b of this.#buffers.values()) b.dispose();
    this.#buffers.clear();
  }
}
