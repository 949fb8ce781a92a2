// The quantised scan's kernels (scan-kernels.cc) behind scan.cc's N-API ops: a pass over 8-bit
// codes keeping a running top-k, on the widest instructions this CPU has. Plain C++, no N-API.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace reid {

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
// One cache line of its own (alignas): parts on two threads each keep one, and a TopK beside another
// in a vector shared a line, so every offer on one core evicted the other's (a 70k scan at k = 512 took
// as long on two threads as on one).
class alignas(64) TopK {
 public:
  explicit TopK(size_t k) : k_(k) { hits_.reserve(2 * k); }
  // Scores at or above this cannot enter (rows come in ascending index, so a tie loses too).
  float bar() const { return bar_; }
  void offer(float score, int32_t index) {
    hits_.push_back({score, index});
    if (hits_.size() == 2 * k_) cut();
  }
  // The kept hits, best first (ranked once; offer nothing after).
  std::vector<Hit>& hits() {
    if (!ranked_) {
      if (hits_.size() > k_) {
        std::nth_element(hits_.begin(), hits_.begin() + (k_ - 1), hits_.end(), before);
        hits_.resize(k_);
      }
      std::sort(hits_.begin(), hits_.end(), before);
      ranked_ = true;
    }
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
  bool ranked_ = false;
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

// The widest kernel this CPU runs (2: AVX-512 VNNI, 1: AVX2, 0: plain), capped by REID_SCAN_KERNEL.
int scanLevel();
bool hasVnni();
// Bytes of blockCodes' layout for count rows of dim values.
int64_t blockedBytes(int64_t count, int64_t dim);
// Offers rows begin..end (multiples of 16 apart in the blocked layout) to top.
void scanRange(const ScanJob& job, int64_t begin, int64_t end, TopK& top);
// The k best hits of rows 0..count, rank order, over `parts` threads (rows split at multiples of 16).
std::vector<Hit> scanTopK(const ScanJob& job, int64_t count, int64_t k, int64_t parts);

}  // namespace reid
