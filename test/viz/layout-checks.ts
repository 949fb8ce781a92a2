// Test helper: how well a 2-D layout keeps labelled groups apart.

/** Fraction of points whose nearest other point in the layout has the same label. */
export function nearestNeighbourAccuracy(layout: Float32Array, labels: Int32Array): number {
  const n = labels.length;
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bestDistance = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (layout[2 * i]! - layout[2 * j]!) ** 2 + (layout[2 * i + 1]! - layout[2 * j + 1]!) ** 2;
      if (d < bestDistance) { bestDistance = d; best = j; }
    }
    if (labels[best] === labels[i]) right++;
  }
  return right / n;
}
