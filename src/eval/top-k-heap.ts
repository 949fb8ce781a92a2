// Partial selection of the k smallest keys out of a stream (a bounded max-heap), so top-k
// metrics cost O(G log k) per query instead of a full sort of the gallery.

/** Keys compare by `primary`, then `secondary`; both are plain numbers. */
export class TopKHeap {
  readonly k: number;
  private readonly primary: Float64Array;
  private readonly secondary: Float64Array;
  private readonly payload: Int32Array;
  private size = 0;

  constructor(k: number) {
    this.k = k;
    this.primary = new Float64Array(k);
    this.secondary = new Float64Array(k);
    this.payload = new Int32Array(k);
  }

  clear(): void {
    this.size = 0;
  }

  get length(): number {
    return this.size;
  }

  push(primary: number, secondary: number, payload: number): void {
    if (this.k === 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.greater(primary, secondary, parent)) break;
        this.move(parent, i);
        i = parent;
      }
      this.set(i, primary, secondary, payload);
      return;
    }
    // Full: only a key smaller than the current worst (the root) gets in.
    if (!this.less(primary, secondary, 0)) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      let child = left;
      if (right < this.size && this.lessAt(left, right)) child = right;
      if (!this.less(primary, secondary, child)) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, primary, secondary, payload);
  }

  /** Payloads ordered by ascending key; empties the heap. */
  drainAscending(out: Int32Array = new Int32Array(this.size)): Int32Array {
    const count = this.size;
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => this.primary[a]! - this.primary[b]! || this.secondary[a]! - this.secondary[b]!);
    for (let i = 0; i < count; i++) out[i] = this.payload[order[i]!]!;
    this.size = 0;
    return out.subarray(0, count);
  }

  private greater(primary: number, secondary: number, at: number): boolean {
    const p = this.primary[at]!;
    return primary > p || (primary === p && secondary > this.secondary[at]!);
  }

  private less(primary: number, secondary: number, at: number): boolean {
    const p = this.primary[at]!;
    return primary < p || (primary === p && secondary < this.secondary[at]!);
  }

  private lessAt(a: number, b: number): boolean {
    return this.less(this.primary[a]!, this.secondary[a]!, b);
  }

  private move(from: number, to: number): void {
    this.primary[to] = this.primary[from]!;
    this.secondary[to] = this.secondary[from]!;
    this.payload[to] = this.payload[from]!;
  }

  private set(at: number, primary: number, secondary: number, payload: number): void {
    this.primary[at] = primary;
    this.secondary[at] = secondary;
    this.payload[at] = payload;
  }
}
