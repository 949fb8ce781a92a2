// Maps arbitrary Int32 identity labels to dense ids 0..count-1, so per-identity bookkeeping
// can use flat typed arrays instead of Maps in the inner loops.

export interface LabelIds {
  /** Dense id of each input item. */
  ids: Int32Array;
  /** Number of distinct labels. */
  count: number;
  /** Dense id of a label, or undefined when the label does not occur. */
  idOf: ReadonlyMap<number, number>;
  /** Items per dense id. */
  sizes: Int32Array;
}

export function labelIds(labels: Int32Array): LabelIds {
  const idOf = new Map<number, number>();
  const ids = new Int32Array(labels.length);
  const sizeList: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    let id = idOf.get(label);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(label, id);
      sizeList.push(0);
    }
    ids[i] = id;
    sizeList[id]!++;
  }
  return { ids, count: idOf.size, idOf, sizes: Int32Array.from(sizeList) };
}
