// Worker threads kept alive between scans, so a query split over cores pays a wake-up, not a
// thread start: std::thread per query made a 70k-row identify slower on two threads than on one
// (0.65 against 0.60 ms, idle 2-core VM). One scan uses the pool at a time; a second, concurrent
// one (another worker_thread's gallery) runs its parts on its own thread instead.
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
  // Runs part(0..parts-1), part 0 on the calling thread, and returns when all are done.
  void run(int64_t parts, const std::function<void(int64_t)>& part);

 private:
  void work(int64_t index);
  std::mutex use_;  // held by the scan using the pool
  std::mutex m_;    // guards the sleeps below
  std::condition_variable wake_, done_;
  const std::function<void(int64_t)>* part_ = nullptr;
  int64_t parts_ = 0, workers_ = 0;
  std::atomic<int64_t> generation_{0}, pending_{0};
};

}  // namespace reid
