// Exact nearest-neighbour search between two uint8 descriptor sets, with Lowe's ratio test
// and an optional mutual-nearest check. Squared L2 distances come from integer dot products,
// |a|² + |b|² − 2 a·b, four candidate rows at a time; the hot loop is compiled for AVX2 and
// for baseline x86-64 and picked at load time, so the addon still runs on older CPUs.
#include "common.h"
#include <limits>

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

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
static void searchAll(const uint8_t* q, int nq, const int32_t* qNorm, const uint8_t* c, int nc, const int32_t* cNorm,
                      Best* rowBest, int32_t* colBest, int32_t* colIndex) {
  for (int i = 0; i < nq; i++) {
    const uint8_t* a = q + size_t(i) * kDescriptorBytes;
    Best best;
    int j = 0;
    for (; j + 4 <= nc; j += 4) {
      const uint8_t* b0 = c + size_t(j) * kDescriptorBytes;
      int32_t d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (int k = 0; k < kDescriptorBytes; k++) {
        int32_t x = a[k];
        d0 += x * b0[k];
        d1 += x * b0[k + kDescriptorBytes];
        d2 += x * b0[k + 2 * kDescriptorBytes];
        d3 += x * b0[k + 3 * kDescriptorBytes];
      }
      int32_t dist[4] = {qNorm[i] + cNorm[j] - 2 * d0, qNorm[i] + cNorm[j + 1] - 2 * d1,
                         qNorm[i] + cNorm[j + 2] - 2 * d2, qNorm[i] + cNorm[j + 3] - 2 * d3};
      for (int t = 0; t < 4; t++) {
        int32_t d = dist[t];
        if (d < best.first) { best.second = best.first; best.first = d; best.index = j + t; }
        else if (d < best.second) best.second = d;
        if (d < colBest[j + t]) { colBest[j + t] = d; colIndex[j + t] = i; }
      }
    }
    for (; j < nc; j++) {
      const uint8_t* b = c + size_t(j) * kDescriptorBytes;
      int32_t dot = 0;
      for (int k = 0; k < kDescriptorBytes; k++) dot += int32_t(a[k]) * b[k];
      int32_t d = qNorm[i] + cNorm[j] - 2 * dot;
      if (d < best.first) { best.second = best.first; best.first = d; best.index = j; }
      else if (d < best.second) best.second = d;
      if (d < colBest[j]) { colBest[j] = d; colIndex[j] = i; }
    }
    rowBest[i] = best;
  }
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
