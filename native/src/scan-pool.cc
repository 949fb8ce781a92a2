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

// How long a worker spins for the next scan before it sleeps. Measured with the scan in two halves (before
// chunks), one image embedded and identified against 70k rows (ONNX on one thread, then this scan on two;
// 1,000 queries, idle 2-core VM): 50 µs gave p50
// 0.79 ms and p99 1.4-1.5 ms; 2 ms gave p50 0.72 ms but p99 2.1-3.0 ms (the spinner took the core the
// embedding wanted); the scan on one thread gave p50 0.88-0.90 ms and p99 1.07-1.12 ms.
constexpr int64_t kWorkerSpinMicros = 50;

}  // namespace

ScanPool& ScanPool::shared() {
  static ScanPool* pool = new ScanPool();
  return *pool;
}

int64_t ScanPool::take(int64_t slot, int64_t generation, const Scan& scan) {
  const uint64_t mine = static_cast<uint64_t>(generation) << kChunkBits, mask = (uint64_t{1} << kChunkBits) - 1;
  int64_t taken = 0;
  for (;;) {
    uint64_t v = next_.load(std::memory_order_acquire);
    int64_t c = -1;
    while ((v & ~mask) == mine && static_cast<int64_t>(v & mask) < scan.chunks) {
      if (next_.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel)) {
        c = static_cast<int64_t>(v & mask);
        break;
      }
    }
    if (c < 0) break;
    (*scan.chunk)(slot, c);
    taken++;
  }
  if (taken > 0) (*scan.done)(slot);
  return taken;
}

void ScanPool::run(int64_t slots, int64_t chunks, const std::function<void(int64_t, int64_t)>& chunk, const std::function<void(int64_t)>& done) {
  std::unique_lock<std::mutex> use(use_, std::try_to_lock);
  if (slots <= 1 || chunks <= 1 || chunks >= (int64_t{1} << kChunkBits) || !use.owns_lock()) {
    for (int64_t c = 0; c < chunks; c++) chunk(0, c);
    if (chunks > 0) done(0);
    return;
  }
  const Scan scan{&chunk, &done, slots, chunks};
  int64_t generation;
  {
    std::lock_guard<std::mutex> lock(m_);
    for (; workers_ < slots - 1; workers_++) std::thread([this, slot = workers_ + 1] { work(slot); }).detach();
    chunk_.store(&chunk, std::memory_order_relaxed);
    done_fn_.store(&done, std::memory_order_relaxed);
    slots_.store(slots, std::memory_order_relaxed);
    chunks_.store(chunks, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    generation = generation_.load(std::memory_order_relaxed) + 1;
    next_.store(static_cast<uint64_t>(generation) << kChunkBits, std::memory_order_relaxed);
    generation_.store(generation, std::memory_order_release);
  }
  wake_.notify_all();
  const int64_t mine = take(0, generation, scan);
  if (finished_.fetch_add(mine, std::memory_order_acq_rel) + mine == chunks) return;
  // Every chunk is taken: wait for those the workers are running.
  if (spinFor(200, [&] { return finished_.load(std::memory_order_acquire) == chunks; })) return;
  std::unique_lock<std::mutex> lock(m_);
  done_.wait(lock, [&] { return finished_.load(std::memory_order_acquire) == chunks; });
}

void ScanPool::work(int64_t slot) {
  int64_t seen = 0;
  for (;;) {
    if (!spinFor(kWorkerSpinMicros, [&] { return generation_.load(std::memory_order_acquire) != seen; })) {
      std::unique_lock<std::mutex> lock(m_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
    }
    seen = generation_.load(std::memory_order_acquire);
    const Scan scan{chunk_.load(std::memory_order_relaxed), done_fn_.load(std::memory_order_relaxed), slots_.load(std::memory_order_relaxed),
                    chunks_.load(std::memory_order_relaxed)};
    // A slot this scan does not use, or a scan that has ended (take finds no chunk of its generation).
    if (slot >= scan.slots) continue;
    const int64_t taken = take(slot, seen, scan);
    if (taken > 0 && finished_.fetch_add(taken, std::memory_order_acq_rel) + taken == scan.chunks) {
      std::lock_guard<std::mutex> lock(m_);
      done_.notify_one();
    }
  }
}

}  // namespace reid
