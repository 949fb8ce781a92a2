// Exact k-nearest-neighbour search of one chunk of queries on the engine (exact-search.ts decides
// the chunks and when the quantised scan serves instead): per block of stored rows one matrix
// product and a top-k, merged into one top-k, so memory stays at one block whatever the gallery's
// size. Ranked by ‖q − x̂‖² = ‖q‖² + ‖x̂‖² − 2 q·x̂, where x̂ is a stored row as its storage
// decodes it (vector-storage.ts).
import { tensor } from '../tensor/creation.ts';
import { add, clampMin, mul, sqrt } from '../tensor/elementwise.ts';
import { matmul } from '../tensor/matrix.ts';
import { dispose, keep, tidy } from '../tensor/memory.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { gather } from '../tensor/indexing.ts';
import { sum, topk } from '../tensor/reduction.ts';
import { cat, contiguous, reshape, transpose, unsqueeze } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { VectorBlocks } from './vector-blocks.ts';

export interface ChunkShape {
  /** Queries in the chunk. */
  rows: number;
  dim: number;
  /** Neighbours per query (at most the number of stored rows). */
  k: number;
  /** Stored rows per block. */
  blockRows: number;
  dtype: 'float32' | 'float64';
}

/** One chunk of queries against every block: each block's top-k of ‖x̂‖² − 2 q·x̂, then one merge (rows × k). */
export function searchBlocks(blocks: VectorBlocks, queries: Float32Array, shape: ChunkShape): { indices: Int32Array; distances: Float32Array } {
  const { k, blockRows } = shape;
  return noGrad(() => {
    const prepared = keepAll(tidy(() => prepareQueries(blocks, queries, shape)));
    const values: Tensor[] = [];
    const positions: Tensor[] = [];
    const starts: number[] = []; // candidate column → first stored row of its block
    try {
      for (let start = 0; start < blocks.size; start += blockRows) {
        const rowsHere = Math.min(blockRows, blocks.size - start);
        const top = tidy(() => topk(blockScores(blocks, start, rowsHere, prepared, shape), Math.min(k, rowsHere), { dim: 1, largest: false }));
        values.push(keep(top.values));
        positions.push(keep(top.indices));
        for (let j = 0; j < top.values.shape[1]!; j++) starts.push(start);
      }
      const merged = tidy(() => {
        const best = values.length === 1 ? { values: values[0]!, indices: null } : topk(cat(values, 1), k, { dim: 1, largest: false });
        const within = best.indices ? gather(cat(positions, 1), 1, best.indices) : positions[0]!;
        const squared = add(best.values, unsqueeze(prepared.sqNorms, 1));
        return {
          column: best.indices ? best.indices.to('int32').data<'int32'>() : null,
          within: within.to('int32').data<'int32'>(),
          distances: sqrt(clampMin(squared, 0)).to('float32').data<'float32'>(),
        };
      });
      const indices = merged.within;
      if (merged.column) for (let i = 0; i < indices.length; i++) indices[i]! += starts[merged.column[i]!]!;
      return { indices, distances: merged.distances };
    } finally {
      dispose(prepared);
      dispose(values);
      dispose(positions);
    }
  });
}

interface PreparedQueries {
  sqNorms: Tensor;
  /** dim × Q, −2 q. */
  queryT: Tensor;
  /** 1 × Q, added to every score (int8-dim's −2 q·lo). */
  offset?: Tensor;
  /** 1 × Q, −2 Σq (int8-row). */
  querySum?: Tensor;
}

/**
 * The query side of the score, −2 and each storage's offset and scale folded in: int8-dim scores
 * −2 ((q ⊙ step)·u + q·lo); int8-row scores −2 (step_r (q·u) + lo_r Σq); float storages −2 q·x.
 * Folding −2 into the Q × dim queries (exact: a power of two) spares a pass over the B × Q scores:
 * each elementwise pass over a 1M block cost 1 ms on one thread and 28-58 ms on two on this loaded
 * machine (each op's parallel region waits for a descheduled thread), most of the float32 path's
 * excess over its matrix-vector product.
 */
function prepareQueries(blocks: VectorBlocks, queries: Float32Array, { rows, dim, dtype }: ChunkShape): PreparedQueries {
  const query = tensor(queries, [rows, dim]).to(dtype);
  const sqNorms = sum(mul(query, query), { dim: 1 });
  const scaled = mul(query, -2);
  if (blocks.storage === 'int8-dim') {
    const lo = tensor(blocks.dimScale!.lo, [1, dim]).to(dtype);
    const step = tensor(blocks.dimScale!.step, [1, dim]).to(dtype);
    return { sqNorms, queryT: contiguous(transpose(mul(scaled, step), 0, 1)), offset: unsqueeze(sum(mul(scaled, lo), { dim: 1 }), 0) };
  }
  const queryT = contiguous(transpose(scaled, 0, 1));
  return blocks.storage === 'int8-row' ? { sqNorms, queryT, querySum: unsqueeze(sum(scaled, { dim: 1 }), 0) } : { sqNorms, queryT };
}

/** Q × B partial squared distances (‖x̂‖² − 2 q·x̂) of one block of stored rows. */
function blockScores(blocks: VectorBlocks, start: number, rows: number, prepared: PreparedQueries, { dim, dtype }: ChunkShape): Tensor {
  const block = blocks.block(start, rows);
  const x = block.codes.dtype === dtype ? block.codes : block.codes.to(dtype);
  // B × Q: a 1-column product is a matrix-vector product (libtorch's mv streams the block once).
  let dots = prepared.queryT.shape[1] === 1 ? unsqueeze(matmul(x, reshape(prepared.queryT, [dim])), 1) : matmul(x, prepared.queryT);
  if (prepared.offset) dots = add(dots, prepared.offset);
  if (prepared.querySum) dots = add(mul(dots, unsqueeze(block.rowStep!.to(dtype), 1)), mul(unsqueeze(block.rowLo!.to(dtype), 1), prepared.querySum));
  // float64 measures ‖x‖² in double from the rows themselves (the stored norms are float32).
  const decoded = blocks.storage === 'float32' || blocks.storage === 'float16';
  const sqNorms = dtype === 'float64' && decoded ? sum(mul(x, x), { dim: 1 }) : block.sqNorms.to(dtype);
  return transpose(add(dots, unsqueeze(sqNorms, 1)), 0, 1);
}

function keepAll<T extends object>(value: T): T {
  for (const t of Object.values(value)) if (t && typeof t === 'object' && 'dispose' in t) keep(t as Tensor);
  return value;
}
