// Switching autograd off for inference and parameter updates.
import { native } from './engine.ts';

/** Runs fn with gradient recording off (torch.no_grad()); restores the previous mode. */
export function noGrad<R>(fn: () => R): R {
  const previous = native().setGradEnabled(false);
  try {
    const result = fn();
    if (result instanceof Promise) throw new TypeError('noGrad: expected a synchronous function for fn but it returned a Promise');
    return result;
  } finally {
    native().setGradEnabled(previous);
  }
}

export const isGradEnabled = (): boolean => native().isGradEnabled();
