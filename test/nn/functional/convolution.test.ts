import { test } from 'node:test';
import { conv2d, linear } from '../../../src/nn/functional/index.ts';
import { tensor, tidy, type Tensor } from '../../../src/tensor/index.ts';
import { Random } from '../../../src/util/random.ts';
import { assertClose, assertTensor, values } from '../../tensor/helpers/values.ts';

test('conv2d: a hand-computed 3×3 input, 2×2 kernel, with bias', () => tidy(() => {
  const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
  const w = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
  // [1·1+2·2+4·3+5·4, ...] + 1
  assertTensor(conv2d(x, w, tensor([1])), [1, 1, 2, 2], [38, 48, 68, 78]);
  // padding 1, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1)
  assertTensor(conv2d(x, w, null, { padding: 1, stride: 2 }), [1, 1, 2, 2], [4, 2 * 3 + 3 * 4 - 0, 4 * 2 + 7 * 4, 5 * 1 + 6 * 2 + 8 * 3 + 9 * 4]);
}));

/** Direct loop: out[n][o][i][j] = b[o] + Σ x[n][g·cpg + c][i·s − p + u·d][j·s − p + v·d] · w[o][c][u][v]. */
function bruteConv(x: Tensor, w: Tensor, b: Tensor | null, stride: [number, number], padding: [number, number], dilation: [number, number], groups: number): number[] {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, cpg, KH, KW] = w.shape as [number, number, number, number];
  const xs = values(x);
  const ws = values(w);
  const bs = b ? values(b) : null;
  const OH = Math.floor((H + 2 * padding[0] - dilation[0] * (KH - 1) - 1) / stride[0]) + 1;
  const OW = Math.floor((W + 2 * padding[1] - dilation[1] * (KW - 1) - 1) / stride[1]) + 1;
  const out: number[] = [];
  const opg = O / groups;
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    let s = bs ? bs[o]! : 0;
    const g = Math.floor(o / opg);
    for (let c = 0; c < cpg; c++) for (let u = 0; u < KH; u++) for (let v = 0; v < KW; v++) {
      const r = i * stride[0] - padding[0] + u * dilation[0];
      const q = j * stride[1] - padding[1] + v * dilation[1];
      if (r < 0 || r >= H || q < 0 || q >= W) continue;
      s += xs[((n * C + g * cpg + c) * H + r) * W + q]! * ws[((o * cpg + c) * KH + u) * KW + v]!;
    }
    out.push(s);
  }
  void C;
  return out;
}

test('conv2d matches a direct loop with stride, padding, dilation and groups', () => tidy(() => {
  const random = new Random(7);
  const make = (shape: number[]) => tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.uniform(-1, 1)), shape);
  const x = make([2, 4, 7, 6]);
  const w = make([6, 2, 3, 2]);
  const b = make([6]);
  const got = conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 });
  assertClose(got, bruteConv(x, w, b, [2, 1], [1, 2], [1, 2], 2), 1e-12);
}));

test('linear is x·Wᵀ + b, on batches of any rank', () => tidy(() => {
  const x = tensor([[1, 2, 3], [0, -1, 1]]);
  const w = tensor([[1, 0, 0], [0, 1, 0], [1, 1, 1], [2, 0, -1]]);
  assertTensor(linear(x, w, tensor([0, 0, 0, 10])), [2, 4], [1, 2, 6, 9, 0, -1, 0, 9]);
  assertTensor(linear(tensor([[[1, 2, 3]]]), w), [1, 1, 4], [1, 2, 6, -1]);
}));
