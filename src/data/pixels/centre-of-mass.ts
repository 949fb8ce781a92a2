// Intensity-weighted centre of a plane, in pixel-index coordinates (pixel (x, y) sits at x, y):
// the convention in which MNIST's digits average (14.0, 14.0).

export interface Point {
  x: number;
  y: number;
}

/** Centre of mass of `plane` (row-major, width × height); the geometric centre when it is all zero. */
export function centreOfMass(plane: ArrayLike<number>, width: number, height: number): Point {
  let total = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = plane[y * width + x]!;
      total += v;
      sumX += v * x;
      sumY += v * y;
    }
  }
  if (total === 0) return { x: (width - 1) / 2, y: (height - 1) / 2 };
  return { x: sumX / total, y: sumY / total };
}
