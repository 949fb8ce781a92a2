// Learning-rate suggestions from an LR-finder sweep, as pure functions (after fastai's
// `valley`, `steep` and `minimum` suggesters).

export interface LrSuggestions {
  /** fastai's default: the point 2/3 down the longest descending valley. */
  valley: number;
  /** Steepest descent of the smoothed loss against log lr. */
  steep: number;
  /** One tenth of the lr at minimum loss. */
  minimum: number;
}

export function suggestLr(lrs: readonly number[], losses: readonly number[]): LrSuggestions {
  const n = Math.min(lrs.length, losses.length);
  if (n < 3) {
    const lr = lrs[0] ?? 1e-3;
    return { valley: lr, steep: lr, minimum: lr };
  }
  let minIndex = 0;
  for (let i = 1; i < n; i++) if (losses[i]! < losses[minIndex]!) minIndex = i;
  let steepIndex = 1;
  let steepest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    const slope = (losses[i]! - losses[i - 1]!) / (Math.log(lrs[i]!) - Math.log(lrs[i - 1]!));
    if (slope < steepest) {
      steepest = slope;
      steepIndex = i;
    }
  }
  // Longest strictly decreasing run ending anywhere (O(n²) LIS-style, n ≈ 100).
  const run = new Array<number>(n).fill(1);
  const from = Array.from({ length: n }, (_, i) => i);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i]! < losses[j]! && run[j]! + 1 > run[i]!) {
        run[i] = run[j]! + 1;
        from[i] = from[j]!;
      }
    }
  }
  let end = 0;
  for (let i = 1; i < n; i++) if (run[i]! > run[end]!) end = i;
  const start = from[end]!;
  const valleyIndex = Math.round(start + (end - start) * (2 / 3));
  return { valley: lrs[valleyIndex]!, steep: lrs[steepIndex]!, minimum: lrs[minIndex]! / 10 };
}
