// Signed distance to a closed polygon (negative inside), for outlines drawn as smooth curves.
// Brute force over edges: a species layer is computed once per texture size and cached.
import type { Point } from '../pixels/centre-of-mass.ts';

export function polygonDistance(points: readonly Point[]): (u: number, v: number) => number {
  const n = points.length;
  const xs = Float64Array.from(points, (p) => p.x);
  const ys = Float64Array.from(points, (p) => p.y);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]!); maxX = Math.max(maxX, xs[i]!);
    minY = Math.min(minY, ys[i]!); maxY = Math.max(maxY, ys[i]!);
  }
  return (u, v) => {
    let best = Infinity;
    let inside = false;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const ax = xs[j]!, ay = ys[j]!, bx = xs[i]!, by = ys[i]!;
      if ((by > v) !== (ay > v) && u < ((ax - bx) * (v - by)) / (ay - by) + bx) inside = !inside;
      const dx = bx - ax, dy = by - ay;
      const t = Math.min(1, Math.max(0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy || 1)));
      const ex = u - ax - t * dx, ey = v - ay - t * dy;
      const d = ex * ex + ey * ey;
      if (d < best) best = d;
    }
    const distance = Math.sqrt(best);
    // Far outside the bounding box nothing is drawn; a cheap positive value is enough there.
    if (!inside && (u < minX - 1 || u > maxX + 1 || v < minY - 1 || v > maxY + 1)) return distance;
    return inside ? -distance : distance;
  };
}
