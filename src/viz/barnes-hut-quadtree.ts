// The quadtree behind Barnes-Hut t-SNE: the repulsive forces between all n² pairs are
// approximated by treating any cell that looks small from a point (cell width / distance < θ)
// as one body at its centre of mass, which turns each gradient step from O(n²) into O(n log n).
// Nodes live in flat typed arrays rebuilt every iteration, so no objects churn the GC, and the
// finished tree is packed depth-first so the force walk needs no stack.

const maxDepth = 48; // below this, coincident or nearly coincident points share a leaf
const recordSize = 5; // packed record: comX, comY, width² (−1 for a leaf), count, index after the subtree

export class BarnesHutQuadtree {
  private capacity = 0;
  private nodeCount = 0;
  private centreX = new Float64Array(0);
  private centreY = new Float64Array(0);
  private halfWidth = new Float64Array(0);
  private massX = new Float64Array(0);
  private massY = new Float64Array(0);
  private count = new Int32Array(0);
  private firstChild = new Int32Array(0);
  private point = new Int32Array(0);
  /** Chains the points of a leaf (more than one only for duplicates), ended by −1. */
  private nextInLeaf = new Int32Array(0);
  private packed = new Float64Array(0);
  private packedCount = 0;
  /** Per packed node: cell centre x, y and half width. */
  private packedBox = new Float64Array(0);
  /** Points in depth-first order; packed node t owns pointOrder[firstPoint[t] .. firstPoint[t + 1's subtree end]). */
  private pointOrder = new Int32Array(0);
  private firstPoint = new Int32Array(0);
  private listX = new Float64Array(0);
  private listY = new Float64Array(0);
  private listCount = new Float64Array(0);
  private listLeaf = new Float64Array(0);

  /** Builds the tree over n points of the n × 2 layout `y`. */
  build(y: Float64Array, n: number): void {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = y[2 * i]!, v = y[2 * i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (v < minY) minY = v;
      if (v > maxY) maxY = v;
    }
    this.ensureCapacity(Math.max(16, 4 * n));
    if (this.nextInLeaf.length < n) { this.nextInLeaf = new Int32Array(n); this.pointOrder = new Int32Array(n); }
    this.nodeCount = 0;
    const half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-12;
    this.newNode((minX + maxX) / 2, (minY + maxY) / 2, half * (1 + 1e-9));
    for (let i = 0; i < n; i++) this.insert(y, i);
    this.pack();
  }

  /**
   * Writes the unnormalised repulsion on every point, Σ_j q_ij² Z² (y_i − y_j), into forces
   * (n × 2) and returns Z = Σ_{i≠j} 1 / (1 + ‖y_i − y_j‖²).
   *
   * Points are handled in groups (subtrees of at most `groupSize` points): one walk of the tree
   * per group collects an interaction list, accepting a cell only when it looks small from the
   * nearest edge of the group's box, so every point in the group meets the usual per-point
   * criterion and the result is at least as accurate as classic Barnes-Hut. The list is then
   * evaluated for each point in a tight, branch-light loop, which is where the time goes.
   */
  repulsion(y: Float64Array, thetaSquared: number, forces: Float64Array, groupSize = 16): number {
    const packed = this.packed;
    const end = this.packedCount;
    let z = 0;
    for (let group = 0; group < end; ) {
      const at = group * recordSize;
      if (packed[at + 3]! > groupSize && packed[at + 2]! >= 0) { group++; continue; }
      const length = this.interactionList(group, thetaSquared);
      const listX = this.listX, listY = this.listY, listCount = this.listCount, listLeaf = this.listLeaf;
      for (let p = this.firstPoint[group]!; p < this.firstPoint[packed[at + 4]!]!; p++) {
        const i = this.pointOrder[p]!;
        const xi = y[2 * i]!, yi = y[2 * i + 1]!;
        let zi = 0, fx = 0, fy = 0;
        for (let e = 0; e < length; e++) {
          const dx = xi - listX[e]!;
          const dy = yi - listY[e]!;
          const distanceSquared = dx * dx + dy * dy;
          // A leaf at distance 0 holds i itself (with any exact duplicates): leave i out.
          const bodies = distanceSquared === 0 ? listCount[e]! - listLeaf[e]! : listCount[e]!;
          const q = 1 / (1 + distanceSquared);
          zi += bodies * q;
          const weight = bodies * q * q;
          fx += weight * dx;
          fy += weight * dy;
        }
        forces[2 * i] = fx;
        forces[2 * i + 1] = fy;
        z += zi;
      }
      group = packed[at + 4]!;
    }
    return z;
  }

  /** Fills the interaction list of the group rooted at packed node `group`; returns its length. */
  private interactionList(group: number, thetaSquared: number): number {
    const packed = this.packed, box = this.packedBox;
    const groupEnd = packed[group * recordSize + 4]!;
    const boxX = box[group * 3]!, boxY = box[group * 3 + 1]!, boxHalf = box[group * 3 + 2]!;
    this.ensureListCapacity(this.packedCount);
    const listX = this.listX, listY = this.listY, listCount = this.listCount, listLeaf = this.listLeaf;
    let length = 0;
    for (let node = 0; node < this.packedCount; ) {
      const at = node * recordSize;
      const leaf = packed[at + 2]! < 0;
      // The group's own subtree and its ancestors are always opened: such a cell contains the
      // group's points, and accepting it would make them repel themselves.
      const inside = node < groupEnd && packed[at + 4]! > group;
      let accept = leaf;
      if (!leaf && !inside) {
        const gapX = Math.max(Math.abs(packed[at]! - boxX) - boxHalf, 0);
        const gapY = Math.max(Math.abs(packed[at + 1]! - boxY) - boxHalf, 0);
        accept = packed[at + 2]! < thetaSquared * (gapX * gapX + gapY * gapY);
      }
      if (accept) {
        listX[length] = packed[at]!;
        listY[length] = packed[at + 1]!;
        listCount[length] = packed[at + 3]!;
        listLeaf[length++] = leaf ? 1 : 0;
        node = packed[at + 4]!;
      } else {
        node++;
      }
    }
    return length;
  }

  private insert(y: Float64Array, i: number): void {
    const x = y[2 * i]!, v = y[2 * i + 1]!;
    let node = 0;
    for (let depth = 0; ; depth++) {
      if (this.firstChild[node] === -1) {
        const bodies = this.count[node]!;
        if (bodies === 0) {
          this.count[node] = 1; this.massX[node] = x; this.massY[node] = v; this.point[node] = i; this.nextInLeaf[i] = -1;
          return;
        }
        const other = this.point[node]!;
        const ox = y[2 * other]!, oy = y[2 * other + 1]!;
        if ((ox === x && oy === v) || depth >= maxDepth) {
          // Exact duplicates (or points closer than 2^-48 of the layout) share a leaf.
          this.count[node]!++; this.massX[node]! += x; this.massY[node]! += v;
          this.nextInLeaf[i] = this.point[node]!;
          this.point[node] = i;
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

  /** Lays the non-empty nodes out depth-first as packed records, the form repulsion() walks. */
  private pack(): void {
    if (this.packed.length < recordSize * this.nodeCount) this.packed = new Float64Array(recordSize * this.capacity);
    if (this.packedBox.length < 3 * this.nodeCount) this.packedBox = new Float64Array(3 * this.capacity);
    if (this.firstPoint.length < this.nodeCount + 1) this.firstPoint = new Int32Array(this.capacity + 1);
    const packed = this.packed, box = this.packedBox, firstPoint = this.firstPoint, pointOrder = this.pointOrder;
    let next = 0;
    let points = 0;
    const visit = (node: number): void => {
      const index = next++;
      const at = index * recordSize;
      box[index * 3] = this.centreX[node]!;
      box[index * 3 + 1] = this.centreY[node]!;
      box[index * 3 + 2] = this.halfWidth[node]!;
      firstPoint[index] = points;
      if (this.firstChild[node] === -1) for (let i = this.point[node]!; i !== -1; i = this.nextInLeaf[i]!) pointOrder[points++] = i;
      const bodies = this.count[node]!;
      const child = this.firstChild[node]!;
      packed[at] = this.massX[node]! / bodies;
      packed[at + 1] = this.massY[node]! / bodies;
      packed[at + 2] = child === -1 ? -1 : 4 * this.halfWidth[node]! ** 2;
      packed[at + 3] = bodies;
      if (child !== -1) for (let c = child; c < child + 4; c++) if (this.count[c]! > 0) visit(c);
      packed[at + 4] = next;
    };
    visit(0);
    this.packedCount = next;
    firstPoint[next] = points;
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

  private ensureListCapacity(needed: number): void {
    if (this.listX.length >= needed) return;
    this.listX = new Float64Array(needed);
    this.listY = new Float64Array(needed);
    this.listCount = new Float64Array(needed);
    this.listLeaf = new Float64Array(needed);
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
    this.capacity = capacity;
  }
}
