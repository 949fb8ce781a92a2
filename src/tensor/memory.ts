// Ownership of native tensors, in the manner of TensorFlow.js: every tensor created
// inside tidy(fn) is disposed when fn returns, except what fn returns or keep()s.
// dispose() and `using` release early; garbage collection is only a safety net.

/** What memory tracking needs from a tensor (avoids an import cycle with tensor.ts). */
export interface Trackable {
  readonly isDisposed: boolean;
  dispose(): void;
}

const scopes: Set<Trackable>[] = [];
let live = 0;

/** Called by Tensor's constructor. */
export function track(t: Trackable): void {
  live++;
  scopes.at(-1)?.add(t);
}

/** Called by Tensor.dispose() the first time. */
export function untrack(t: Trackable): void {
  live--;
  for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.delete(t)) break;
}

/** Number of tensors created and not yet disposed. */
export function liveTensors(): number {
  return live;
}

/** Excludes t from the enclosing tidy scopes, so it outlives them. Returns t. */
export function keep<T extends Trackable>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  return t;
}

function collect(value: unknown, out: Set<Trackable>): void {
  if (value === null || typeof value !== 'object') return;
  if ('dispose' in value && 'isDisposed' in value) {
    out.add(value as Trackable);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, out);
}

/**
 * Runs fn and disposes every tensor it created, except those in its result
 * (a tensor, or arrays / plain objects of tensors), which move to the outer scope.
 */
export function tidy<R>(fn: () => R): R {
  const scope = new Set<Trackable>();
  scopes.push(scope);
  let result: R;
  try {
    result = fn();
  } catch (error) {
    // A failed step must not leak what it made before failing (as TensorFlow.js's tidy).
    scopes.pop();
    for (const t of scope) if (!t.isDisposed) t.dispose();
    throw error;
  }
  scopes.pop();
  if (result instanceof Promise) {
    throw new TypeError('tidy: expected a synchronous function for fn but it returned a Promise. Hint: tidy each synchronous step instead.');
  }
  const survivors = new Set<Trackable>();
  collect(result, survivors);
  const parent = scopes.at(-1);
  for (const t of scope) {
    if (survivors.has(t)) parent?.add(t);
    else if (!t.isDisposed) t.dispose();
  }
  return result;
}

/** Disposes every tensor in value (a tensor, array or plain object of tensors). */
export function dispose(value: unknown): void {
  const found = new Set<Trackable>();
  collect(value, found);
  for (const t of found) t.dispose();
}
