// Exact search's fast path (src/gallery/quantised-scan.ts) at the N-API boundary: one pass over
// 8-bit codes with a running top-k (the kernels are in scan-kernels.cc), and the exact re-scoring
// of the rows it shortlists from float32 rows.
// Why here and not a library: libtorch 1.13 has no int8 (or half) matrix product on the CPU, so
// its path converts every block to float first (~410-480 ms over 1M × 128); usearch's exactSearch
// scans Int8Array by inner product only (no per-row norm or per-dimension scale, so not squared L2
// of reid's codes) and measured 12.8 ms on one thread and 25 ms on two over 1M × 128, above the
// 10 ms target. A scan of 128 MB of codes is memory bound (~18 GB/s here) and a 70k gallery's 9 MB
// sits in cache, so the kernels aim at few instructions a row: u8 codes against an i16 query,
// summed in i32.
// Thin, like the rest of the layer: TypeScript quantises the query, checks every size and bound
// (|weight| · 255 · dim < 2^31, so no sum overflows), and decides the thread count.
// GCC 12's AVX-512 headers warn on their own _mm512_undefined_* values (GCC bug 105593, fixed in 13).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "common.h"
#include "scan-kernels.h"
#include <algorithm>
#include <cmath>
#include <immintrin.h>
#include <string>
#include <utility>

namespace reid {

namespace {

// ‖q − x‖² with the differences taken and summed in double (q already in double): the re-scoring
// that makes the quantised scan exact. Eight lanes in the plain loop; AVX-512 converts and sums 8
// values an instruction, a quarter of the plain loop's time over a 512-row shortlist.
double squaredPlain(const double* q, const float* x, int64_t dim) {
  double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t j = 0;
  for (; j + 8 <= dim; j += 8)
    for (int l = 0; l < 8; l++) {
      const double d = q[j + l] - x[j + l];
      lanes[l] += d * d;
    }
  double s = 0;
  for (; j < dim; j++) s += (q[j] - x[j]) * (q[j] - x[j]);
  for (double l : lanes) s += l;
  return s;
}

__attribute__((target("avx512f"))) double squaredAvx512(const double* q, const float* x, int64_t dim) {
  __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
  int64_t j = 0;
  for (; j + 16 <= dim; j += 16) {
    const __m512d d0 = _mm512_sub_pd(_mm512_loadu_pd(q + j), _mm512_cvtps_pd(_mm256_loadu_ps(x + j)));
    const __m512d d1 = _mm512_sub_pd(_mm512_loadu_pd(q + j + 8), _mm512_cvtps_pd(_mm256_loadu_ps(x + j + 8)));
    a0 = _mm512_fmadd_pd(d0, d0, a0);
    a1 = _mm512_fmadd_pd(d1, d1, a1);
  }
  double s = _mm512_reduce_add_pd(_mm512_add_pd(a0, a1));
  for (; j < dim; j++) s += (q[j] - x[j]) * (q[j] - x[j]);
  return s;
}

// [indices Int32Array, values] of n ranked hits; at(i) gives hit i as {value, index}.
template <typename Values, typename At>
Napi::Array rankedPair(Napi::Env env, size_t n, At at) {
  auto indices = Napi::Int32Array::New(env, n);
  auto values = Values::New(env, n);
  for (size_t i = 0; i < n; i++) {
    const auto [value, index] = at(i);
    indices[i] = index;
    values[i] = value;
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, indices);
  out.Set(1u, values);
  return out;
}

template <typename T>
T* dataOf(const Args& a, size_t i, size_t atLeast) {
  auto arr = a.info[i].As<Napi::TypedArrayOf<T>>();
  if (arr.ElementLength() < atLeast) throw std::invalid_argument("argument " + std::to_string(i) + " holds " + std::to_string(arr.ElementLength()) + " values, expected at least " + std::to_string(atLeast));
  return arr.Data();
}

}  // namespace

void registerScan(Napi::Env env, Napi::Object m) {
  // scanCodesTopK(codes u8, count, dim, bias f32[count], weights i16[dim], offset, scale, k, threads, blocked)
  //   -> [indices Int32Array, scores Float32Array]: the k smallest bias + offset + scale·(w·u), in rank order.
  //   codes: count × dim rows, or (blocked) blockCodes' layout.
  REID_OP(m, "scanCodesTopK", {
    const int64_t count = a.i64(1), dim = a.i64(2), k = std::max<int64_t>(1, std::min(a.i64(7), count));
    const int64_t threads = std::max<int64_t>(1, std::min<int64_t>(a.i64(8), 16));
    const bool blocked = a.has(9) && a.b(9);
    ScanJob job{dataOf<uint8_t>(a, 0, blocked ? blockedBytes(count, dim) : count * dim), dim, dataOf<float>(a, 3, count), dataOf<int16_t>(a, 4, dim),
                static_cast<float>(a.f64(5)), static_cast<float>(a.f64(6)), {}, {}, blocked};
    if (std::all_of(job.weights, job.weights + dim, [](int16_t w) { return w >= -16384 && w <= 16383; })) {
      job.high.assign((dim + 63) / 64 * 64, 0);
      job.low.assign(job.high.size(), 0);
      for (int64_t j = 0; j < dim; j++) {
        const int w = job.weights[j], h = (w >= 0 ? w : w - 127) / 128;  // floor(w / 128)
        job.high[j] = static_cast<int8_t>(h);
        job.low[j] = static_cast<int8_t>(w - 128 * h);
      }
    }
    // A part of at least 1 MB of codes: on the pool's threads (scan-pool.h) a 16k × 128 scan at k = 512 took
    // 0.064 ms on two against 0.105 ms on one, 35k rows 0.137 against 0.233 (idle 2-core VM).
    const int64_t parts = std::max<int64_t>(1, std::min(threads, count * dim / (1 << 20)));
    const std::vector<Hit> all = scanTopK(job, count, k, parts);
    return rankedPair<Napi::Float32Array>(a.env(), all.size(), [&](size_t i) { return std::pair{all[i].score, all[i].index}; });
  });
  // blockedScan() -> whether scanCodesTopK has a vector kernel for the blocked layout (AVX-512 VNNI).
  REID_OP(m, "blockedScan", return Napi::Boolean::New(a.env(), hasVnni()););
  REID_OP(m, "scanKernel", { static const char* names[] = {"plain", "avx2", "avx512-vnni"}; return Napi::String::New(a.env(), names[scanLevel()]); });
  // blockCodes(codes u8[count·dim], count, dim) -> Uint8Array: rows in blocks of 16, byte
  // ((g·⌈dim/4⌉ + c)·16 + i)·4 + b holding row 16g + i, value 4c + b (zero past the last row and value).
  REID_OP(m, "blockCodes", {
    const int64_t count = a.i64(1), dim = a.i64(2), dim4 = (dim + 3) / 4;
    const uint8_t* codes = dataOf<uint8_t>(a, 0, count * dim);
    auto out = Napi::Uint8Array::New(a.env(), blockedBytes(count, dim));
    uint8_t* o = out.Data();
    std::fill(o, o + out.ElementLength(), 0);
    for (int64_t r = 0; r < count; r++)
      for (int64_t j = 0; j < dim; j++) o[(((r / 16) * dim4 + j / 4) * 16 + r % 16) * 4 + j % 4] = codes[r * dim + j];
    return out;
  });
  // encodeCodes(vectors f32[count·dim], count, dim, lo f32[dim], step f32[dim]) -> [codes Uint8Array, sqNorms Float32Array, maxError, maxSqNorm]:
  // int8-dim codes u = clamp(round((v − lo) / step), 0, 255), exactly as vector-storage.ts's loop made them
  // (the same double arithmetic), with ‖x̂‖² of each row and the largest ‖x − x̂‖ and ‖x̂‖²; 9M values took 0.5 s in JS.
  REID_OP(m, "encodeCodes", {
    const int64_t count = a.i64(1), dim = a.i64(2);
    const float* v = dataOf<float>(a, 0, count * dim);
    const float* lo = dataOf<float>(a, 3, dim);
    const float* step = dataOf<float>(a, 4, dim);
    auto codes = Napi::Uint8Array::New(a.env(), count * dim);
    auto sqNorms = Napi::Float32Array::New(a.env(), count);
    uint8_t* c = codes.Data();
    float* norms = sqNorms.Data();
    double maxError = 0, maxSqNorm = 0;
    for (int64_t r = 0; r < count; r++) {
      double sq = 0, error = 0;
      for (int64_t j = 0; j < dim; j++) {
        const double x = v[r * dim + j];
        const double u = step[j] > 0 ? std::min(255.0, std::max(0.0, std::floor((x - lo[j]) / step[j] + 0.5))) : 0.0;
        c[r * dim + j] = static_cast<uint8_t>(u);
        const double decoded = static_cast<float>(static_cast<double>(lo[j]) + static_cast<double>(step[j]) * u);
        sq += decoded * decoded;
        error += (x - decoded) * (x - decoded);
      }
      norms[r] = static_cast<float>(sq);
      maxError = std::max(maxError, std::sqrt(error));
      maxSqNorm = std::max(maxSqNorm, static_cast<double>(norms[r]));
    }
    Napi::Array out = Napi::Array::New(a.env(), 4);
    out.Set(0u, codes);
    out.Set(1u, sqNorms);
    out.Set(2u, Napi::Number::New(a.env(), maxError));
    out.Set(3u, Napi::Number::New(a.env(), maxSqNorm));
    return out;
  });
  // rerankTopK(rows f32[count·dim], count, dim, query f32[dim], candidates i32[n], k) -> [indices Int32Array, squared Float64Array]:
  // the k candidates nearest by ‖q − x‖², differences summed in double, in rank order (candidates are checked in TS).
  REID_OP(m, "rerankTopK", {
    const int64_t count = a.i64(1), dim = a.i64(2);
    const float* rows = dataOf<float>(a, 0, count * dim);
    const float* q = dataOf<float>(a, 3, dim);
    auto candidates = a.info[4].As<Napi::Int32Array>();
    const size_t n = candidates.ElementLength();
    std::vector<double> qd(q, q + dim);
    const auto squared = scanLevel() == 2 ? squaredAvx512 : squaredPlain;
    std::vector<std::pair<double, int32_t>> scored(n);
    for (size_t i = 0; i < n; i++) {
      const int32_t r = candidates[i];
      if (r < 0 || r >= count) throw std::invalid_argument("candidate row " + std::to_string(r) + " is outside 0.." + std::to_string(count - 1));
      // The candidates are scattered over the rows: fetch the next row's lines while this one sums.
      if (i + 1 < n && candidates[i + 1] >= 0 && candidates[i + 1] < count) {
        const char* next = reinterpret_cast<const char*>(rows + static_cast<int64_t>(candidates[i + 1]) * dim);
        for (int64_t b = 0; b < dim * 4; b += 64) _mm_prefetch(next + b, _MM_HINT_T0);
      }
      scored[i] = {squared(qd.data(), rows + static_cast<int64_t>(r) * dim, dim), r};
    }
    const size_t k = std::min<size_t>(n, static_cast<size_t>(std::max<int64_t>(0, a.i64(5))));
    std::partial_sort(scored.begin(), scored.begin() + k, scored.end());
    return rankedPair<Napi::Float64Array>(a.env(), k, [&](size_t i) { return scored[i]; });
  });
}

}  // namespace reid
