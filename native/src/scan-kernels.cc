// The quantised scan's kernels: codes in blocks of 16 rows (blockCodes) with AVX-512 VNNI, 16 rows
// per dpbusd and no horizontal sums; rows with VNNI (dpbusd on the weights' two signed bytes),
// AVX-512 (dpwssd) or AVX2 (madd), four rows at a time; a plain loop everywhere else. Why they are
// hand-written, and what was measured, is in scan.cc.
// GCC 12's AVX-512 headers warn on their own _mm512_undefined_* values (GCC bug 105593, fixed in 13).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "scan-kernels.h"
#include "scan-pool.h"
#include <cstdlib>
#include <iterator>
#include <immintrin.h>
#include <string>

namespace reid {

namespace {

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

}  // namespace

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

int64_t blockedBytes(int64_t count, int64_t dim) { return (count + 15) / 16 * 16 * ((dim + 3) / 4) * 4; }

std::vector<Hit> scanTopK(const ScanJob& job, int64_t count, int64_t k, int64_t parts) {
  std::vector<TopK> tops;
  tops.reserve(parts);
  for (int64_t p = 0; p < parts; p++) tops.emplace_back(static_cast<size_t>(k));  // each with its own 2k reserve
  // Chunks of about 1 MB of codes (8,192 rows at dim 128; a multiple of 16, a block of the blocked
  // layout), taken by the threads in turn; each thread keeps one TopK and ranks it when it is done,
  // so what is left here is a linear merge.
  const int64_t chunkRows = parts <= 1 ? std::max<int64_t>(1, count) : std::max<int64_t>(16, (1 << 20) / std::max<int64_t>(1, job.dim) / 16 * 16);
  const int64_t chunks = std::max<int64_t>(1, (count + chunkRows - 1) / chunkRows);
  ScanPool::shared().run(
      parts, chunks, [&](int64_t slot, int64_t c) { scanRange(job, c * chunkRows, std::min(count, (c + 1) * chunkRows), tops[slot]); },
      [&](int64_t slot) { tops[slot].hits(); });
  std::vector<Hit> all = std::move(tops[0].hits());
  for (int64_t p = 1; p < parts; p++) {
    const std::vector<Hit>& more = tops[p].hits();
    std::vector<Hit> merged;
    merged.reserve(std::min(all.size() + more.size(), static_cast<size_t>(k)));
    std::merge(all.begin(), all.end(), more.begin(), more.end(), std::back_inserter(merged), before);
    all.swap(merged);
  }
  all.resize(std::min<size_t>(all.size(), static_cast<size_t>(k)));
  return all;
}

}  // namespace reid
