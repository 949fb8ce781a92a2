// Exact search's fast path (src/gallery/quantised-scan.ts): one pass over 8-bit codes with a
// running top-k, and the exact re-scoring of the rows it shortlists from float32 rows.
// Why here and not a library: libtorch 1.13 has no int8 (or half) matrix product on the CPU, so
// its path converts every block to float first (~410-480 ms over 1M × 128); usearch's exactSearch
// scans Int8Array by inner product only (no per-row norm or per-dimension scale, so not squared L2
// of reid's codes) and measured 12.8 ms on one thread and 25 ms on two over 1M × 128, above the
// 10 ms target. A scan of 128 MB of codes is memory bound (~18 GB/s here) and a 70k gallery's 9 MB
// sits in cache, so the kernels aim at few instructions a row: u8 codes against an i16 query,
// summed in i32. Kernels: codes in blocks of 16 rows (blockCodes) with AVX-512 VNNI, 16 rows per
// dpbusd and no horizontal sums; rows with VNNI (dpbusd on the weights' two signed bytes), AVX-512
// (dpwssd) or AVX2 (madd), four rows at a time; a plain loop everywhere else.
// Thin, like the rest of the layer: TypeScript quantises the query, checks every size and bound
// (|weight| · 255 · dim < 2^31, so no sum overflows), and decides the thread count.
#include "common.h"
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <immintrin.h>
#include <thread>
#include <utility>

namespace reid {

namespace {

struct Hit {
  float score;
  int32_t index;
};
// Rank order: smaller score first, then smaller index (what orderTies gives), so the result does
// not depend on how the rows were split between threads.
// A function object, so the sorts inline it without relying on the optimiser to see through a
// function pointer (no difference measured at -O2 with GCC; the top-k's cost is its nth_element).
struct Before {
  bool operator()(const Hit& a, const Hit& b) const { return a.score < b.score || (a.score == b.score && a.index < b.index); }
};
constexpr Before before{};

// The k best hits seen so far: hits below the bar collect in a buffer of 2k, which nth_element
// cuts back to k when full (amortised O(1) a hit; a heap cost ~10 sift steps a hit, which measured
// 0.4 ms of a 70k scan's 1 ms at k = 1024). The bar is the k-th best kept score once k are kept.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { hits_.reserve(2 * k); }
  // Scores at or above this cannot enter (rows come in ascending index, so a tie loses too).
  float bar() const { return bar_; }
  void offer(float score, int32_t index) {
    hits_.push_back({score, index});
    if (hits_.size() == 2 * k_) cut();
  }
  // The kept hits, best first.
  std::vector<Hit>& hits() {
    std::sort(hits_.begin(), hits_.end(), before);
    if (hits_.size() > k_) hits_.resize(k_);
    return hits_;
  }

 private:
  void cut() {
    std::nth_element(hits_.begin(), hits_.begin() + (k_ - 1), hits_.end(), before);
    hits_.resize(k_);
    bar_ = hits_[k_ - 1].score;
  }
  size_t k_;
  float bar_ = INFINITY;
  std::vector<Hit> hits_;
};

struct ScanJob {
  const uint8_t* codes;
  int64_t dim;
  const float* bias;  // per row, added to the score (‖x̂‖²)
  const int16_t* weights;
  float offset;  // per query, added to the score
  float scale;   // score = bias + offset + scale · Σ weights·codes
  // weights = 128·high + low (high in −128..127, low in 0..127), zero-padded to a multiple of 64,
  // when every weight fits: the form AVX-512 VNNI's u8 × s8 dpbusd takes; empty otherwise.
  std::vector<int8_t> high, low;
  // Codes in blocks of 16 rows (blockCodes): 4 values of each of the 16 rows per 64 bytes.
  bool blocked = false;
};

int32_t dotScalar(const uint8_t* row, const int16_t* w, int64_t dim) {
  int32_t s = 0;
  for (int64_t j = 0; j < dim; j++) s += static_cast<int32_t>(row[j]) * w[j];
  return s;
}

void scanScalar(const ScanJob& job, int64_t begin, int64_t end, TopK& top) {
  for (int64_t r = begin; r < end; r++) {
    const float score = job.bias[r] + job.offset + job.scale * static_cast<float>(dotScalar(job.codes + r * job.dim, job.weights, job.dim));
    if (score < top.bar()) top.offer(score, static_cast<int32_t>(r));
  }
}

__attribute__((target("avx2"))) inline int32_t sum8(__m256i acc) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

// Dots of four consecutive rows with the weights over the first `wide` values (the kernel's width
// divides it), so each block of weights is loaded once for four rows.
__attribute__((target("avx2"))) void dots4Avx2(const uint8_t* row, int64_t dim, int64_t wide, const int16_t* weights, int32_t* out) {
  __m256i acc[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
  for (int64_t j = 0; j < wide; j += 16) {
    const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(weights + j));
    for (int i = 0; i < 4; i++) {
      const __m256i c = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + i * dim + j)));
      acc[i] = _mm256_add_epi32(acc[i], _mm256_madd_epi16(c, w));
    }
  }
  for (int i = 0; i < 4; i++) out[i] = sum8(acc[i]);
}

// AVX-512 with VNNI: dpwssd does the i16 multiply-add and the i32 accumulate in one instruction.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) void dots4Avx512(const uint8_t* row, int64_t dim, int64_t wide, const int16_t* weights, int32_t* out) {
  __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
  for (int64_t j = 0; j < wide; j += 32) {
    const __m512i w = _mm512_loadu_si512(weights + j);
    for (int i = 0; i < 4; i++) {
      const __m512i c = _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + i * dim + j)));
      acc[i] = _mm512_dpwssd_epi32(acc[i], c, w);
    }
  }
  for (int i = 0; i < 4; i++) out[i] = _mm512_reduce_add_epi32(acc[i]);
}

// u8 codes × s8 halves of the weights, 64 values an instruction and no widening: half the work of
// dpwssd, which matters when the codes sit in cache (a 70k gallery). The row's last block is a
// masked load, so no row is read past its end.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) void dots4Vnni8(const uint8_t* row, int64_t dim, const int8_t* high, const int8_t* low, int32_t* out) {
  __m512i hi[4], lo[4];
  for (int i = 0; i < 4; i++) hi[i] = lo[i] = _mm512_setzero_si512();
  for (int64_t j = 0; j < dim; j += 64) {
    const __mmask64 mask = j + 64 <= dim ? ~0ULL : (1ULL << (dim - j)) - 1;
    const __m512i h = _mm512_loadu_si512(high + j), l = _mm512_loadu_si512(low + j);
    for (int i = 0; i < 4; i++) {
      const __m512i c = _mm512_maskz_loadu_epi8(mask, row + i * dim + j);
      hi[i] = _mm512_dpbusd_epi32(hi[i], c, h);
      lo[i] = _mm512_dpbusd_epi32(lo[i], c, l);
    }
  }
  for (int i = 0; i < 4; i++) out[i] = _mm512_reduce_add_epi32(_mm512_add_epi32(_mm512_slli_epi32(hi[i], 7), lo[i]));
}

void scanVnni8(const ScanJob& job, int64_t begin, int64_t end, TopK& top) {
  const int64_t dim = job.dim;
  int64_t r = begin;
  int32_t dots[4];
  for (; r + 4 <= end; r += 4) {
    dots4Vnni8(job.codes + r * dim, dim, job.high.data(), job.low.data(), dots);
    for (int i = 0; i < 4; i++) {
      const float score = job.bias[r + i] + job.offset + job.scale * static_cast<float>(dots[i]);
      if (score < top.bar()) top.offer(score, static_cast<int32_t>(r + i));
    }
  }
  scanScalar(job, r, end, top);
}

using Dots4 = void (*)(const uint8_t*, int64_t, int64_t, const int16_t*, int32_t*);

void scanWide(const ScanJob& job, int64_t begin, int64_t end, TopK& top, Dots4 dots4, int64_t width) {
  const int64_t dim = job.dim, wide = dim / width * width;
  int64_t r = begin;
  int32_t dots[4];
  for (; r + 4 <= end; r += 4) {
    const uint8_t* row = job.codes + r * dim;
    dots4(row, dim, wide, job.weights, dots);
    for (int i = 0; i < 4; i++) {
      const int32_t dot = dots[i] + dotScalar(row + i * dim + wide, job.weights + wide, dim - wide);
      const float score = job.bias[r + i] + job.offset + job.scale * static_cast<float>(dot);
      if (score < top.bar()) top.offer(score, static_cast<int32_t>(r + i));
    }
  }
  scanScalar(job, r, end, top);
}

// Blocked layout, 16 rows side by side: one dpbusd multiplies 4 values of 16 rows by the same 4
// weights (broadcast), so a block's 16 dots end in one register with no horizontal sums, and its
// 16 scores are compared with the bar at once; only rows under it are offered. ~4 instructions a
// row at dim 128 against ~25 for the row kernel, which matters when the codes sit in cache.
// Blocks go `Blocks` at a time: one block's two sums are two dependency chains, so its loop waited
// on dpbusd's latency (perf put the samples on the instructions after each dpbusd); four blocks give
// eight independent chains and share each broadcast weight.
template <int Blocks>
__attribute__((target("avx512f,avx512bw,avx512vnni"))) inline void blockDots(const uint8_t* block, int64_t dim4, const int32_t* h4, const int32_t* l4, __m512i* dots) {
  // Unrolled over the blocks so the sums stay in registers (at -O2 GCC kept them in memory).
  __m512i hi[Blocks], lo[Blocks];
#pragma GCC unroll 8
  for (int b = 0; b < Blocks; b++) hi[b] = lo[b] = _mm512_setzero_si512();
  for (int64_t c = 0; c < dim4; c++) {
    const __m512i h = _mm512_set1_epi32(h4[c]), l = _mm512_set1_epi32(l4[c]);
#pragma GCC unroll 8
    for (int b = 0; b < Blocks; b++) {
      const __m512i v = _mm512_loadu_si512(block + (b * dim4 + c) * 64);
      hi[b] = _mm512_dpbusd_epi32(hi[b], v, h);
      lo[b] = _mm512_dpbusd_epi32(lo[b], v, l);
    }
  }
#pragma GCC unroll 8
  for (int b = 0; b < Blocks; b++) dots[b] = _mm512_add_epi32(_mm512_slli_epi32(hi[b], 7), lo[b]);
}

// Scores of block g's rows (below `end`) from their dots; offers those under the bar.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) inline void offerBlock(const ScanJob& job, int64_t g, int64_t end, __m512i dot, TopK& top) {
  const int64_t rows = std::min<int64_t>(16, end - g * 16);
  const __mmask16 valid = rows == 16 ? 0xFFFF : static_cast<__mmask16>((1u << rows) - 1);
  const __m512 bias = _mm512_maskz_loadu_ps(valid, job.bias + g * 16);
  const __m512 score = _mm512_add_ps(_mm512_add_ps(bias, _mm512_set1_ps(job.offset)), _mm512_mul_ps(_mm512_set1_ps(job.scale), _mm512_cvtepi32_ps(dot)));
  uint32_t pass = _mm512_mask_cmp_ps_mask(valid, score, _mm512_set1_ps(top.bar()), _CMP_LT_OQ);
  if (!pass) return;
  alignas(64) float scores[16];
  _mm512_store_ps(scores, score);
  for (; pass; pass &= pass - 1) {
    const int i = __builtin_ctz(pass);
    if (scores[i] < top.bar()) top.offer(scores[i], static_cast<int32_t>(g * 16 + i));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) void scanBlockedVnni(const ScanJob& job, int64_t begin, int64_t end, TopK& top) {
  const int64_t dim4 = (job.dim + 3) / 4;
  const int32_t* h4 = reinterpret_cast<const int32_t*>(job.high.data());
  const int32_t* l4 = reinterpret_cast<const int32_t*>(job.low.data());
  const int64_t blocks = (end + 15) / 16;
  int64_t g = begin / 16;
  __m512i dots[4];
  for (; g + 4 <= blocks; g += 4) {
    blockDots<4>(job.codes + g * dim4 * 64, dim4, h4, l4, dots);
    for (int b = 0; b < 4; b++) offerBlock(job, g + b, end, dots[b], top);
  }
  for (; g < blocks; g++) {
    blockDots<1>(job.codes + g * dim4 * 64, dim4, h4, l4, dots);
    offerBlock(job, g, end, dots[0], top);
  }
}

void scanBlockedScalar(const ScanJob& job, int64_t begin, int64_t end, TopK& top) {
  const int64_t dim4 = (job.dim + 3) / 4;
  for (int64_t r = begin; r < end; r++) {
    const uint8_t* block = job.codes + (r / 16) * dim4 * 64 + (r % 16) * 4;
    int32_t dot = 0;
    for (int64_t j = 0; j < job.dim; j++) dot += static_cast<int32_t>(block[(j / 4) * 64 + j % 4]) * job.weights[j];
    const float score = job.bias[r] + job.offset + job.scale * static_cast<float>(dot);
    if (score < top.bar()) top.offer(score, static_cast<int32_t>(r));
  }
}

// The widest kernel this CPU runs (2: AVX-512 VNNI, 1: AVX2, 0: plain), capped by REID_SCAN_KERNEL
// (avx512 | avx2 | plain), read once: the tests run every narrower kernel on a wide CPU this way,
// so a machine without AVX-512 never runs code that was only compiled.
int scanLevel() {
  static const int level = [] {
    const int cpu = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
    const char* want = std::getenv("REID_SCAN_KERNEL");
    const std::string w = want ? want : "";
    const int cap = w == "plain" ? 0 : w == "avx2" ? 1 : 2;
    return std::min(cpu, cap);
  }();
  return level;
}

bool hasVnni() { return scanLevel() == 2; }

void scanRange(const ScanJob& job, int64_t begin, int64_t end, TopK& top) {
  if (job.blocked) return hasVnni() && !job.high.empty() ? scanBlockedVnni(job, begin, end, top) : scanBlockedScalar(job, begin, end, top);
  const int level = scanLevel();
  if (level == 2 && !job.high.empty()) scanVnni8(job, begin, end, top);
  else if (level == 2) scanWide(job, begin, end, top, dots4Avx512, 32);
  else if (level == 1) scanWide(job, begin, end, top, dots4Avx2, 16);
  else scanScalar(job, begin, end, top);
}

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

int64_t blockedBytes(int64_t count, int64_t dim) { return (count + 15) / 16 * 16 * ((dim + 3) / 4) * 4; }

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
    // A thread pays for itself only over a few MB of codes (a 70k gallery stays on one).
    const int64_t parts = std::max<int64_t>(1, std::min(threads, count * dim / (4 << 20)));
    std::vector<TopK> tops(parts, TopK(static_cast<size_t>(k)));
    {
      std::vector<std::thread> workers;
      // Split at multiples of 16 rows (a block of the blocked layout).
      auto cut = [&](int64_t p) { return std::min(count, (count * p / parts + 15) / 16 * 16); };
      for (int64_t p = 1; p < parts; p++) workers.emplace_back(scanRange, std::cref(job), cut(p), cut(p + 1), std::ref(tops[p]));
      scanRange(job, 0, cut(1), tops[0]);
      for (auto& w : workers) w.join();
    }
    std::vector<Hit> all;
    for (auto& t : tops) all.insert(all.end(), t.hits().begin(), t.hits().end());
    std::sort(all.begin(), all.end(), before);
    all.resize(std::min<size_t>(all.size(), static_cast<size_t>(k)));
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
    std::fill(out.Data(), out.Data() + out.ElementLength(), 0);
    for (int64_t r = 0; r < count; r++)
      for (int64_t j = 0; j < dim; j++) out[(((r / 16) * dim4 + j / 4) * 16 + r % 16) * 4 + j % 4] = codes[r * dim + j];
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
      sqNorms[r] = static_cast<float>(sq);
      maxError = std::max(maxError, std::sqrt(error));
      maxSqNorm = std::max(maxSqNorm, static_cast<double>(sqNorms[r]));
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
