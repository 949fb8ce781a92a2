// Worker threads kept alive between scans, so a query split over cores pays a wake-up, not a
// thread start: std::thread per query made a 70k-row identify slower on two threads than on one
// (0.65 against 0.60 ms, idle 2-core VM). The rows come in chunks that each thread claims in turn
// from one counter (dynamic scheduling, as OpenMP's): a worker that wakes late, or whose core is
// busy, takes fewer chunks and the caller more, so a slow thread delays the answer by at most one
// chunk. One scan uses the pool at a time; a second, concurrent one (another worker_thread's
// gallery) runs on its own thread instead.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace reid {

class ScanPool {
 public:
  // The process's pool. Never destroyed: its threads are detached and may outlive static destructors.
  static ScanPool& shared();
  // Runs chunk(slot, c) for every c in 0..chunks-1 on up to `slots` threads (slot 0 is the caller's),
  // each slot taking its chunks in ascending order; done(slot) runs on that thread after a slot's last
  // chunk. Returns when every chunk and done is finished.
  void run(int64_t slots, int64_t chunks, const std::function<void(int64_t, int64_t)>& chunk, const std::function<void(int64_t)>& done);

 private:
  struct Scan {
    const std::function<void(int64_t, int64_t)>* chunk;
    const std::function<void(int64_t)>* done;
    int64_t slots, chunks;
  };
  void work(int64_t slot);
  // Takes chunks for `slot` of the scan of `generation` until none is left; returns how many it ran.
  int64_t take(int64_t slot, int64_t generation, const Scan& scan);
  std::mutex use_;  // held by the scan using the pool
  std::mutex m_;    // guards workers_ and the sleeps below
  std::condition_variable wake_, done_;
  // The scan in progress, written before generation_ is raised (release) and read after it is seen
  // (acquire). A worker may read a later scan's values; it cannot take a chunk with them, because
  // next_ carries the generation, and it calls the functions only after taking a chunk.
  std::atomic<const std::function<void(int64_t, int64_t)>*> chunk_{nullptr};
  std::atomic<const std::function<void(int64_t)>*> done_fn_{nullptr};
  std::atomic<int64_t> slots_{0}, chunks_{0};
  int64_t workers_ = 0;
  std::atomic<int64_t> generation_{0}, finished_{0};
  // The next chunk to take, with the scan's generation above kChunkBits: a thread that woke after
  // its scan ended finds another generation (or no chunk left) and touches nothing of it.
  static constexpr int kChunkBits = 24;
  std::atomic<uint64_t> next_{0};
};

}  // namespace reid
