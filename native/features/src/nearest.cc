// Exact nearest-neighbour search between two uint8 descriptor sets, with Lowe's ratio test
// and an optional mutual-nearest check. Squared L2 distances come from integer dot products,
// |a|² + |b|² − 2 a·b: an AVX2 path (picked at run time, so the addon still runs on older CPUs)
// and a portable loop that must give the same integers.
#include "common.h"
#include <limits>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define REID_HAVE_AVX2_PATH 1
#endif

namespace reidfeat {

static inline int32_t squaredNorm(const uint8_t* a) {
  int32_t sum = 0;
  for (int k = 0; k < kDescriptorBytes; k++) sum += int32_t(a[k]) * a[k];
  return sum;
}

struct Best {
  int32_t first = std::numeric_limits<int32_t>::max(), second = std::numeric_limits<int32_t>::max();
  int32_t index = -1;
};

static inline void consider(Best& best, int32_t* colBest, int32_t* colIndex, int i, int j, int32_t d) {
  if (d < best.first) { best.second = best.first; best.first = d; best.index = j; }
  else if (d < best.second) best.second = d;
  if (d < colBest[j]) { colBest[j] = d; colIndex[j] = i; }
}

static void searchScalar(const uint8_t* q, int nq, const int32_t* qNorm, const uint8_t* c, int nc, const int32_t* cNorm,
                         Best* rowBest, int32_t* colBest, int32_t* colIndex) {
  for (int i = 0; i < nq; i++) {
    const uint8_t* a = q + size_t(i) * kDescriptorBytes;
    Best best;
    for (int j = 0; j < nc; j++) {
      const uint8_t* b = c + size_t(j) * kDescriptorBytes;
      int32_t dot = 0;
      for (int k = 0; k < kDescriptorBytes; k++) dot += int32_t(a[k]) * b[k];
      consider(best, colBest, colIndex, i, j, qNorm[i] + cNorm[j] - 2 * dot);
    }
    rowBest[i] = best;
  }
}

#ifdef REID_HAVE_AVX2_PATH
// Bytes widened to int16 once per call; each dot product is 8 multiply-adds of 16 lanes
// (_mm256_madd_epi16: 255 × 255 × 2 fits int32), four candidates reduced together.
#define LOAD_ROW(row, k) _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + (row) * kDescriptorBytes + 16 * (k)))
__attribute__((target("avx2"))) static void searchAvx2(const uint8_t* q, int nq, const int32_t* qNorm, const uint8_t* c, int nc,
                                                       const int32_t* cNorm, Best* rowBest, int32_t* colBest, int32_t* colIndex) {
  constexpr int chunks = kDescriptorBytes / 16;
  // int16 storage with unaligned loads: a std::vector of __m256i would drop the 32-byte alignment.
  std::vector<int16_t> wide(size_t(nc) * kDescriptorBytes);
  for (size_t k = 0; k < wide.size(); k++) wide[k] = c[k];
  for (int i = 0; i < nq; i++) {
    __m256i a[chunks];
    for (int k = 0; k < chunks; k++) a[k] = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + size_t(i) * kDescriptorBytes + 16 * k)));
    Best best;
    int j = 0;
    for (; j + 4 <= nc; j += 4) {
      const int16_t* b = &wide[size_t(j) * kDescriptorBytes];
      __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
      for (int k = 0; k < chunks; k++) {
        s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(a[k], LOAD_ROW(0, k)));
        s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(a[k], LOAD_ROW(1, k)));
        s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(a[k], LOAD_ROW(2, k)));
        s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(a[k], LOAD_ROW(3, k)));
      }
      __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(s0, s1), _mm256_hadd_epi32(s2, s3));
      __m128i dots = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
      alignas(16) int32_t d[4];
      _mm_store_si128(reinterpret_cast<__m128i*>(d), dots);
      for (int t = 0; t < 4; t++) consider(best, colBest, colIndex, i, j + t, qNorm[i] + cNorm[j + t] - 2 * d[t]);
    }
    for (; j < nc; j++) {
      const uint8_t* b = c + size_t(j) * kDescriptorBytes;
      int32_t dot = 0;
      for (int k = 0; k < kDescriptorBytes; k++) dot += int32_t(q[size_t(i) * kDescriptorBytes + k]) * b[k];
      consider(best, colBest, colIndex, i, j, qNorm[i] + cNorm[j] - 2 * dot);
    }
    rowBest[i] = best;
  }
}
#endif

static void searchAll(const uint8_t* q, int nq, const int32_t* qNorm, const uint8_t* c, int nc, const int32_t* cNorm,
                      Best* rowBest, int32_t* colBest, int32_t* colIndex) {
#ifdef REID_HAVE_AVX2_PATH
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return searchAvx2(q, nq, qNorm, c, nc, cNorm, rowBest, colBest, colIndex);
#endif
  searchScalar(q, nq, qNorm, c, nc, cNorm, rowBest, colBest, colIndex);
}

Tentative nearestMatches(const FeatureView& query, const FeatureView& candidate, const NearestOptions& options) {
  Tentative out;
  int nq = query.count, nc = candidate.count;
  if (nq == 0 || nc < 2) return out;
  std::vector<int32_t> qNorm(nq), cNorm(nc), colBest(nc, std::numeric_limits<int32_t>::max()), colIndex(nc, -1);
  for (int i = 0; i < nq; i++) qNorm[i] = squaredNorm(query.descriptors + size_t(i) * kDescriptorBytes);
  for (int j = 0; j < nc; j++) cNorm[j] = squaredNorm(candidate.descriptors + size_t(j) * kDescriptorBytes);
  std::vector<Best> rowBest(nq);
  searchAll(query.descriptors, nq, qNorm.data(), candidate.descriptors, nc, cNorm.data(), rowBest.data(), colBest.data(), colIndex.data());
  double ratio2 = options.ratio * options.ratio;
  for (int i = 0; i < nq; i++) {
    const Best& best = rowBest[i];
    if (best.index < 0 || double(best.first) >= ratio2 * double(best.second)) continue;
    if (options.mutual && colIndex[best.index] != i) continue;
    out.query.push_back(i);
    out.candidate.push_back(best.index);
    out.distance.push_back(static_cast<float>(best.first));
  }
  return out;
}

}  // namespace reidfeat
