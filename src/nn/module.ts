// Module: named parameters, buffers and children, train/eval modes, state dicts.
// State-dict keys use PyTorch's names ("0.weight", "running_mean") so weights move
// between reid and PyTorch when the architectures match.
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { keep } from '../tensor/memory.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { copyInPlace } from '../tensor/in-place.ts';
import type { Tensor } from '../tensor/tensor.ts';

export abstract class Module {
  #training = true;
  readonly #parameters = new Map<string, Tensor>();
  readonly #buffers = new Map<string, Tensor>();
  readonly #children = new Map<string, Module>();

  abstract forward(x: Tensor): Tensor;

  get training(): boolean {
    return this.#training;
  }

  /** Registers a trainable tensor (requiresGrad is set; it outlives tidy scopes). */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.#parameters.set(name, keep(t.requiresGrad ? t : t.setRequiresGrad(true)));
    return t;
  }
  /** Registers state that is saved but not trained (e.g. running statistics). */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.#buffers.set(name, keep(t));
    return t;
  }
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.#children.set(name, m);
    return m;
  }

  namedChildren(): [string, Module][] {
    return [...this.#children];
  }
  /** Every module in the tree, depth first, with dotted names ("" is this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.#children) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }
  namedParameters(): [string, Tensor][] {
    return this.namedModules().flatMap(([p, m]) => [...m.#parameters].map(([n, t]) => [p ? `${p}.${n}` : n, t] as [string, Tensor]));
  }
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }
  namedBuffers(): [string, Tensor][] {
    return this.namedModules().flatMap(([p, m]) => [...m.#buffers].map(([n, t]) => [p ? `${p}.${n}` : n, t] as [string, Tensor]));
  }

  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.#training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /** Parameters and buffers by name. The tensors are the module's own (not copies). */
  stateDict(): Map<string, Tensor> {
    return new Map([...this.namedParameters(), ...this.namedBuffers()]);
  }

  /** Copies values in by name; shapes must match. With strict (default), names must match exactly. */
  loadStateDict(state: ReadonlyMap<string, Tensor>, options: { strict?: boolean } = {}): void {
    const own = this.stateDict();
    if (options.strict ?? true) {
      const missing = [...own.keys()].filter((k) => !state.has(k));
      const unexpected = [...state.keys()].filter((k) => !own.has(k));
      if (missing.length || unexpected.length) {
        throw new ArgumentError(`loadStateDict: expected the model's parameter names for state but ` +
          `${missing.length} are missing (${missing.slice(0, 5).join(', ')}) and ${unexpected.length} are unexpected (${unexpected.slice(0, 5).join(', ')}). ` +
          'Hint: was the bundle saved from a different architecture or embedding size?');
      }
    }
    noGrad(() => {
      for (const [name, target] of own) {
        const source = state.get(name);
        if (!source) continue;
        if (source.shape.join() !== target.shape.join()) {
          throw new ShapeError(`loadStateDict: expected shape [${target.shape.join(', ')}] for ${name} but received [${source.shape.join(', ')}]`);
        }
        copyInPlace(target, source);
      }
    });
  }

  /** Forgets accumulated gradients of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.clearGrad();
  }

  /** Releases every parameter and buffer. */
  dispose(): void {
    for (const [, t] of this.stateDict()) t.dispose();
  }
}
