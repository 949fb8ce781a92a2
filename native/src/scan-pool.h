// Worker threads kept alive between scans, so a query split over cores pays a wake-up, not a
// thread start: std::thread per query made a 70k-row identify slower on two threads than on one
// (0.65 against 0.60 ms, idle 2-core VM). Each part is claimed by whoever comes first: the caller
// runs part 0, then claims every part no worker has started, so a worker that wakes late (asleep,
// or its core busy) costs at most what one thread would have taken, not a wake-up on top. One scan
// uses the pool at a time; a second, concurrent one (another worker_thread's gallery) runs its
// parts on its own thread instead.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace reid {

class ScanPool {
 public:
  static constexpr int64_t kMaxParts = 16;
  // The process's pool. Never destroyed: its threads are detached and may outlive static destructors.
  static ScanPool& shared();
  // Runs part(0..parts-1) (parts ≤ kMaxParts) and returns when all are done; the caller runs those no worker claimed.
  void run(int64_t parts, const std::function<void(int64_t)>& part);

 private:
  void work(int64_t index);
  // Marks part p as taken in this generation; false when another thread took it first.
  bool claim(int64_t p, int64_t generation);
  std::mutex use_;  // held by the scan using the pool
  std::mutex m_;    // guards workers_ and the sleeps below
  std::condition_variable wake_, done_;
  // Written before generation_ is raised (release) and read after it is seen (acquire); a worker that
  // reads a later scan's values cannot claim a part with them (claim below).
  std::atomic<const std::function<void(int64_t)>*> part_{nullptr};
  std::atomic<int64_t> parts_{0};
  int64_t workers_ = 0;
  std::atomic<int64_t> generation_{0}, finished_{0};
  // The generation in which each part was last claimed: a part is free while this is older, so a
  // worker that wakes after its scan ended finds every part taken and touches nothing of it.
  std::atomic<int64_t> claimed_[kMaxParts] = {};
};

}  // namespace reid
