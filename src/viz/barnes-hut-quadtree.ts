// The quadtree behind Barnes-Hut t-SNE: the repulsive forces between all n² pairs are
// approximated by treating any cell that looks small from a point (cell width / distance < θ)
// as one body at its centre of mass, which turns each gradient step from O(n²) into O(n log n).
// Nodes live in flat typed arrays rebuilt every iteration, so no objects churn the GC.

const maxDepth = 48; // below this, coincident or nearly coincident points share a leaf

export class BarnesHutQuadtree {
  private capacity = 0;
  private nodeCount = 0;
  private centreX = new Float64Array(0);
  private centreY = new Float64Array(0);
  /** Half the cell width while building; its squared full width after finish(). */
  private halfWidth = new Float64Array(0);
  /** Sums of coordinates while building; the centre of mass after finish(). */
  private massX = new Float64Array(0);
  private massY = new Float64Array(0);
  private count = new Int32Array(0);
  private firstChild = new Int32Array(0);
  private point = new Int32Array(0);
  private stack = new Int32Array(0);

  /** Builds the tree over n points of the n × 2 layout `y`. */
  build(y: Float64Array, n: number): void {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = y[2 * i]!, v = y[2 * i + 1]!;
      if (x < minX) minX = x; if (x > maxX) maxX = x;
      if (v < minY) minY = v; if (v > maxY) maxY = v;
    }
    this.ensureCapacity(Math.max(16, 4 * n));
    this.nodeCount = 0;
    const half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-12;
    this.newNode((minX + maxX) / 2, (minY + maxY) / 2, half * (1 + 1e-9));
    for (let i = 0; i < n; i++) this.insert(y, i);
    this.finish();
  }

  /**
   * Accumulates the unnormalised repulsion on point i, Σ_j q_ij² Z² (y_i − y_j) into force[0..1],
   * and returns its share of Z = Σ_j 1 / (1 + ‖y_i − y_j‖²).
   */
  repulsion(y: Float64Array, i: number, thetaSquared: number, force: Float64Array): number {
    const xi = y[2 * i]!, yi = y[2 * i + 1]!;
    // Locals: the loop below runs ~10⁸ times per layout, and property loads show up in profiles.
    const stack = this.stack, count = this.count, comX = this.massX, comY = this.massY;
    const widthSquared = this.halfWidth, firstChild = this.firstChild;
    let z = 0, fx = 0, fy = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      const dx = xi - comX[node]!;
      const dy = yi - comY[node]!;
      const distanceSquared = dx * dx + dy * dy;
      const child = firstChild[node]!;
      if (child === -1 || widthSquared[node]! < thetaSquared * distanceSquared) {
        let bodies = count[node]!;
        if (child === -1 && distanceSquared === 0) bodies--; // the leaf holding i itself (with any exact duplicates)
        const q = 1 / (1 + distanceSquared);
        z += bodies * q;
        const weight = bodies * q * q;
        fx += weight * dx;
        fy += weight * dy;
      } else {
        for (let c = child; c < child + 4; c++) if (count[c]! > 0) stack[top++] = c;
      }
    }
    force[0] = fx;
    force[1] = fy;
    return z;
  }

  /** After all inserts: turn mass sums into centres of mass and half-widths into squared widths, as repulsion() reads them. */
  private finish(): void {
    for (let node = 0; node < this.nodeCount; node++) {
      const bodies = this.count[node]!;
      if (bodies > 0) { this.massX[node]! /= bodies; this.massY[node]! /= bodies; }
      this.halfWidth[node] = 4 * this.halfWidth[node]! ** 2;
    }
  }

  private insert(y: Float64Array, i: number): void {
    const x = y[2 * i]!, v = y[2 * i + 1]!;
    let node = 0;
    for (let depth = 0; ; depth++) {
      if (this.firstChild[node] === -1) {
        const bodies = this.count[node]!;
        if (bodies === 0) {
          this.count[node] = 1; this.massX[node] = x; this.massY[node] = v; this.point[node] = i;
          return;
        }
        const other = this.point[node]!;
        const ox = y[2 * other]!, oy = y[2 * other + 1]!;
        if ((ox === x && oy === v) || depth >= maxDepth) {
          // Exact duplicates (or points closer than 2^-48 of the layout) share a leaf.
          this.count[node]!++; this.massX[node]! += x; this.massY[node]! += v;
          return;
        }
        // Push the leaf's bodies down as one group, then keep descending with point i.
        this.split(node);
        const child = this.childFor(node, ox, oy);
        this.count[child] = bodies; this.massX[child] = this.massX[node]!; this.massY[child] = this.massY[node]!; this.point[child] = other;
      }
      this.count[node]!++;
      this.massX[node]! += x;
      this.massY[node]! += v;
      node = this.childFor(node, x, v);
    }
  }

  private split(node: number): void {
    const half = this.halfWidth[node]! / 2;
    const cx = this.centreX[node]!, cy = this.centreY[node]!;
    this.ensureCapacity(this.nodeCount + 4);
    this.firstChild[node] = this.nodeCount;
    this.newNode(cx - half, cy - half, half);
    this.newNode(cx + half, cy - half, half);
    this.newNode(cx - half, cy + half, half);
    this.newNode(cx + half, cy + half, half);
  }

  private childFor(node: number, x: number, v: number): number {
    return this.firstChild[node]! + (x >= this.centreX[node]! ? 1 : 0) + (v >= this.centreY[node]! ? 2 : 0);
  }

  private newNode(cx: number, cy: number, half: number): void {
    const node = this.nodeCount++;
    this.centreX[node] = cx; this.centreY[node] = cy; this.halfWidth[node] = half;
    this.massX[node] = 0; this.massY[node] = 0; this.count[node] = 0;
    this.firstChild[node] = -1; this.point[node] = -1;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    const capacity = Math.max(needed, 2 * this.capacity);
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (size: number) => T): T => { const next = make(capacity); next.set(old); return next; };
    this.centreX = grow(this.centreX, (s) => new Float64Array(s));
    this.centreY = grow(this.centreY, (s) => new Float64Array(s));
    this.halfWidth = grow(this.halfWidth, (s) => new Float64Array(s));
    this.massX = grow(this.massX, (s) => new Float64Array(s));
    this.massY = grow(this.massY, (s) => new Float64Array(s));
    this.count = grow(this.count, (s) => new Int32Array(s));
    this.firstChild = grow(this.firstChild, (s) => new Int32Array(s));
    this.point = grow(this.point, (s) => new Int32Array(s));
    this.stack = new Int32Array(3 * capacity + 4);
    this.capacity = capacity;
  }
}
