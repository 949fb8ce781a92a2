// Otsu's threshold: the grey level that best separates ink from background (maximal
// between-class variance), so no fixed cut-off has to suit both pencil scans and canvas strokes.

/** Threshold t in [0, 255]: values > t are the bright class. `values` are grey levels in [0, 255]. */
export function otsuThreshold(values: Float32Array): number {
  const histogram = new Float64Array(256);
  for (let i = 0; i < values.length; i++) histogram[Math.min(255, Math.max(0, Math.round(values[i]!)))]!++;
  const total = values.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * histogram[t]!;
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 0;
  let bestVariance = -1;
  for (let t = 0; t < 255; t++) {
    weightBelow += histogram[t]!;
    sumBelow += t * histogram[t]!;
    const weightAbove = total - weightBelow;
    if (weightBelow === 0 || weightAbove === 0) continue;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return best;
}
