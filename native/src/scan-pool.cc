// The scan's worker threads (scan-pool.h). Both sides spin briefly on atomics before they sleep on a
// condition variable: queries tend to come back to back (a batch of identifies), and a futex
// wake-up on this VM cost about as much as half of a 70k-row scan.
#include "scan-pool.h"
#include <chrono>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <thread>

namespace reid {

namespace {

// Spins until done() or `micros` pass; true when done() held.
template <typename Done>
bool spinFor(int64_t micros, Done done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
  for (int i = 0; !done(); i++) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
    if ((i & 63) == 0 && std::chrono::steady_clock::now() >= until) return done();
  }
  return true;
}

// How long a worker spins for the next scan before it sleeps. One image embedded and identified against
// 70k rows (ONNX on one thread, then this scan on two; 1,000 queries, idle 2-core VM): 50 µs gave p50
// 0.79 ms and p99 1.4-1.5 ms; 2 ms gave p50 0.72 ms but p99 2.1-3.0 ms (the spinner took the core the
// embedding wanted); the scan on one thread gave p50 0.88-0.90 ms and p99 1.07-1.12 ms.
constexpr int64_t kWorkerSpinMicros = 50;

}  // namespace

ScanPool& ScanPool::shared() {
  static ScanPool* pool = new ScanPool();
  return *pool;
}

bool ScanPool::claim(int64_t p, int64_t generation) {
  int64_t seen = claimed_[p].load(std::memory_order_relaxed);
  while (seen < generation)
    if (claimed_[p].compare_exchange_weak(seen, generation, std::memory_order_acq_rel)) return true;
  return false;
}

void ScanPool::run(int64_t parts, const std::function<void(int64_t)>& part) {
  std::unique_lock<std::mutex> use(use_, std::try_to_lock);
  if (parts <= 1 || parts > kMaxParts || !use.owns_lock()) {
    for (int64_t p = 0; p < parts; p++) part(p);
    return;
  }
  int64_t generation;
  {
    std::lock_guard<std::mutex> lock(m_);
    for (; workers_ < parts - 1; workers_++) std::thread([this, index = workers_ + 1] { work(index); }).detach();
    part_.store(&part, std::memory_order_relaxed);
    parts_.store(parts, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    generation = generation_.fetch_add(1, std::memory_order_release) + 1;
  }
  wake_.notify_all();
  // Part 0 first, then any part a worker has not started (the last first: worker 1 starts at part 1).
  int64_t mine = 0;
  for (int64_t i = 0; i < parts; i++) {
    const int64_t p = i == 0 ? 0 : parts - i;
    if (!claim(p, generation)) continue;
    part(p);
    mine++;
  }
  if (finished_.fetch_add(mine, std::memory_order_acq_rel) + mine == parts) return;
  // Every part is claimed: wait for those the workers are running.
  if (spinFor(200, [&] { return finished_.load(std::memory_order_acquire) == parts; })) return;
  std::unique_lock<std::mutex> lock(m_);
  done_.wait(lock, [&] { return finished_.load(std::memory_order_acquire) == parts; });
}

void ScanPool::work(int64_t index) {
  int64_t seen = 0;
  for (;;) {
    if (!spinFor(kWorkerSpinMicros, [&] { return generation_.load(std::memory_order_acquire) != seen; })) {
      std::unique_lock<std::mutex> lock(m_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
    }
    seen = generation_.load(std::memory_order_acquire);
    const std::function<void(int64_t)>* part = part_.load(std::memory_order_relaxed);
    const int64_t parts = parts_.load(std::memory_order_relaxed);
    // Taken already (the caller got there first, or this scan has ended): nothing of it is touched.
    if (index >= parts || !claim(index, seen)) continue;
    (*part)(index);
    if (finished_.fetch_add(1, std::memory_order_acq_rel) + 1 == parts) {
      std::lock_guard<std::mutex> lock(m_);
      done_.notify_one();
    }
  }
}

}  // namespace reid
