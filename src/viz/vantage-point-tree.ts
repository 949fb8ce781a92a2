// Exact k nearest neighbours by a vantage-point tree (Yianilos 1993), as bhtsne does for its
// 3 × perplexity neighbours: each node splits the points by their distance to one vantage point
// at the median, and the triangle inequality prunes whole subtrees during search. On clustered
// data (embeddings are) it visits a small fraction of the points; it stays exact either way.
import { Random } from '../util/random.ts';

export interface NearestNeighbours {
  /** Row-major n × k neighbour indices, nearest first (the point itself excluded). */
  indices: Int32Array;
  /** Matching Euclidean distances. */
  distances: Float32Array;
  k: number;
}

export function vantagePointNeighbours(points: Float32Array, n: number, dim: number, k: number, seed: number): NearestNeighbours {
  const tree = new VantagePointTree(points, n, dim, new Random(seed));
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const heap = new NeighbourHeap(k);
  for (let i = 0; i < n; i++) {
    heap.clear();
    tree.search(i, heap);
    heap.drainAscending(indices.subarray(i * k, (i + 1) * k), distances.subarray(i * k, (i + 1) * k));
  }
  return { indices, distances, k };
}

class VantagePointTree {
  // Node t sits at position t of `items`: its vantage point, its median radius, and children.
  private readonly items: Int32Array;
  private readonly radius: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly scratch: Float64Array;

  constructor(private readonly points: Float32Array, n: number, private readonly dim: number, private readonly random: Random) {
    this.items = Int32Array.from({ length: n }, (_, i) => i);
    this.radius = new Float64Array(n);
    this.left = new Int32Array(n).fill(-1);
    this.right = new Int32Array(n).fill(-1);
    this.scratch = new Float64Array(n);
    // Explicit stack: recursion depth is only log n, but the build loop stays flat this way.
    const stack: [number, number][] = [[0, n]];
    while (stack.length > 0) {
      const [low, high] = stack.pop()!;
      if (high - low <= 1) continue;
      const pick = low + this.random.int(high - low);
      [this.items[low], this.items[pick]] = [this.items[pick]!, this.items[low]!];
      const median = (low + 1 + high) >> 1;
      const vantage = this.items[low]!;
      for (let t = low + 1; t < high; t++) this.scratch[t] = this.distance(vantage, this.items[t]!);
      this.select(low + 1, high - 1, median);
      this.radius[low] = this.scratch[median]!;
      if (median > low + 1) { this.left[low] = low + 1; stack.push([low + 1, median]); }
      this.right[low] = median;
      stack.push([median, high]);
    }
  }

  search(query: number, heap: NeighbourHeap): void {
    const visit = (node: number): void => {
      if (node === -1) return;
      const item = this.items[node]!;
      const d = this.distance(query, item);
      if (item !== query) heap.push(d, item);
      const radius = this.radius[node]!;
      const hasChildren = this.left[node] !== -1 || this.right[node] !== -1;
      if (!hasChildren) return;
      if (d < radius) {
        if (d - heap.bound() <= radius) visit(this.left[node]!);
        if (d + heap.bound() >= radius) visit(this.right[node]!);
      } else {
        if (d + heap.bound() >= radius) visit(this.right[node]!);
        if (d - heap.bound() <= radius) visit(this.left[node]!);
      }
    };
    visit(0);
  }

  private distance(a: number, b: number): number {
    const points = this.points;
    const dim = this.dim;
    let sum = 0;
    for (let t = 0, i = a * dim, j = b * dim; t < dim; t++, i++, j++) {
      const diff = points[i]! - points[j]!;
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  }

  /** Quickselect on items/scratch over [low, high] so that position `nth` holds its order statistic. */
  private select(low: number, high: number, nth: number): void {
    const items = this.items;
    const keys = this.scratch;
    const swap = (a: number, b: number): void => {
      [items[a], items[b]] = [items[b]!, items[a]!];
      [keys[a], keys[b]] = [keys[b]!, keys[a]!];
    };
    while (low < high) {
      swap((low + high) >> 1, high); // middle pivot: sorted runs do not degrade it
      const pivot = keys[high]!;
      let store = low;
      for (let t = low; t < high; t++) if (keys[t]! < pivot) swap(t, store++);
      swap(store, high);
      if (store === nth) return;
      if (store < nth) low = store + 1;
      else high = store - 1;
    }
  }
}

/** Bounded max-heap of (distance, index): the k nearest found so far. */
class NeighbourHeap {
  private readonly distance: Float64Array;
  private readonly index: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.distance = new Float64Array(k);
    this.index = new Int32Array(k);
  }

  clear(): void { this.size = 0; }

  /** Search radius: the k-th distance once k are known. */
  bound(): number { return this.size < this.k ? Infinity : this.distance[0]!; }

  push(d: number, item: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.distance[parent]! >= d) break;
        this.distance[i] = this.distance[parent]!; this.index[i] = this.index[parent]!;
        i = parent;
      }
      this.distance[i] = d; this.index[i] = item;
      return;
    }
    if (d >= this.distance[0]!) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.distance[child + 1]! > this.distance[child]!) child++;
      if (this.distance[child]! <= d) break;
      this.distance[i] = this.distance[child]!; this.index[i] = this.index[child]!;
      i = child;
    }
    this.distance[i] = d; this.index[i] = item;
  }

  drainAscending(indices: Int32Array, distances: Float32Array): void {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.distance[a]! - this.distance[b]! || this.index[a]! - this.index[b]!);
    order.forEach((slot, rank) => { indices[rank] = this.index[slot]!; distances[rank] = this.distance[slot]!; });
    this.size = 0;
  }
}
