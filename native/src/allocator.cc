// A caching CPU allocator for tensor buffers, installed once per process when the addon loads.
//
// Why: libtorch's default CPU allocator is posix_memalign/free, and a training step allocates
// and frees the same few-MB activations and gradients every step. Under glibc malloc those are
// first mmapped, then (once the dynamic mmap threshold has risen) carved from the heap, and the
// heap top is trimmed back to the kernel whenever it is left free at a step's end, so each
// step faults its pages in again; small long-lived mallocs (autograd nodes, N-API wrappers freed
// only by V8's GC) land in the holes and the heap keeps growing. Measured on the bench's small
// CNN (bench engine, batch 128, 2 threads, before this allocator): ~12,500 minor page faults
// per step (49 MB zeroed by the kernel) and resident memory climbing ~13 MB per step (832 MB
// after 30 steps). mallopt was tried first and is not enough: a fixed trim threshold alone
// freezes the mmap threshold at 128 KiB (~104,000 faults per step); a fixed mmap threshold
// (32 MiB) plus trim threshold (1 GiB) still faulted 3,000-12,500 pages per step and grew
// ~25 MB per step (fragmentation).
// So blocks of 128 KiB and more are mapped directly and kept, after their tensor dies, in a
// free list by page-rounded size (at most kDefaultLimitMb of free blocks, REID_CPU_CACHE_MB),
// and a step's next request of the same size reuses them: the same idea as PyTorch's CUDA
// caching allocator. Smaller blocks go to c10::alloc_cpu as before. REID_CPU_CACHE_MB=0 keeps
// libtorch's allocator. Arithmetic is untouched (test/tensor/allocator.test.ts compares the
// losses of training steps bit for bit against libtorch's allocator).
// Measured with it (load 7-12 on 2 cores): bench engine at batch 128, 2-106 faults per step
// (21,896 in the same session with REID_CPU_CACHE_MB=0; PyTorch's own loop 1,500-18,800);
// 200 steps at batch 64 yielding to the event loop as the Learner does: RSS 326 -> 330 MB,
// 27 blocks (69 MB) mapped in the first step and none after, ~16 faults per step.
#include "common.h"
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <sys/mman.h>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace reid {

namespace {

constexpr size_t kPage = 4096;
constexpr size_t kMinCached = 128 * 1024;  // glibc's own mmap threshold: below it the heap serves well
constexpr int64_t kDefaultLimitMb = 1024;

class CachingCpuAllocator final : public c10::Allocator {
 public:
  explicit CachingCpuAllocator(size_t limit) : limit_(limit) {}

  c10::DataPtr allocate(size_t n) const override {
    if (n < kMinCached) {
      void* p = c10::alloc_cpu(n);
      return {p, p, &c10::free_cpu, c10::Device(c10::DeviceType::CPU)};
    }
    void* p = self().take(n);
    return {p, p, &release, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &release; }

  // Frees every cached block; returns the bytes handed back.
  size_t empty() {
    std::multimap<size_t, void*> blocks;
    {
      std::lock_guard<std::mutex> lock(mu_);
      blocks.swap(free_);
      cachedBytes_ = 0;
    }
    size_t bytes = 0;
    for (const auto& [size, p] : blocks) {
      munmap(p, size);
      bytes += size;
    }
    return bytes;
  }

  struct Stats {
    size_t liveBytes, cachedBytes, limit;
    uint64_t hits, misses;
  };
  Stats stats() {
    std::lock_guard<std::mutex> lock(mu_);
    return {liveBytes_, cachedBytes_, limit_, hits_, misses_};
  }

  static CachingCpuAllocator* installed;

 private:
  CachingCpuAllocator& self() const { return const_cast<CachingCpuAllocator&>(*this); }

  void* take(size_t n) {
    const size_t size = (n + kPage - 1) / kPage * kPage;
    {
      std::lock_guard<std::mutex> lock(mu_);
      // The smallest cached block that fits, if it wastes at most a quarter of itself.
      auto it = free_.lower_bound(size);
      if (it != free_.end() && it->first - size <= it->first / 4) {
        void* p = it->second;
        const size_t got = it->first;
        free_.erase(it);
        cachedBytes_ -= got;
        live_.emplace(p, got);
        liveBytes_ += got;
        hits_++;
        return p;
      }
      misses_++;
    }
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED && empty() > 0) p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    TORCH_CHECK(p != MAP_FAILED, "reid CPU allocator: out of memory allocating ", n, " bytes");
    std::lock_guard<std::mutex> lock(mu_);
    live_.emplace(p, size);
    liveBytes_ += size;
    return p;
  }

  // Blocks this allocator mapped go back to the free list (or the kernel past the limit);
  // anything else (a small block handed out through raw_allocate) to c10::free_cpu.
  static void release(void* p) {
    if (p == nullptr) return;
    CachingCpuAllocator& a = *installed;
    size_t size = 0;
    {
      std::lock_guard<std::mutex> lock(a.mu_);
      auto it = a.live_.find(p);
      if (it != a.live_.end()) {
        size = it->second;
        a.live_.erase(it);
        a.liveBytes_ -= size;
        if (a.cachedBytes_ + size <= a.limit_) {
          a.free_.emplace(size, p);
          a.cachedBytes_ += size;
          return;
        }
      }
    }
    if (size > 0) munmap(p, size);
    else c10::free_cpu(p);
  }

  mutable std::mutex mu_;
  std::unordered_map<void*, size_t> live_;
  std::multimap<size_t, void*> free_;
  size_t liveBytes_ = 0, cachedBytes_ = 0;
  const size_t limit_;
  uint64_t hits_ = 0, misses_ = 0;
};

CachingCpuAllocator* CachingCpuAllocator::installed = nullptr;
std::once_flag installOnce;

int64_t limitMb() {
  const char* text = std::getenv("REID_CPU_CACHE_MB");
  if (text == nullptr || *text == '\0') return kDefaultLimitMb;
  char* end = nullptr;
  const long long v = std::strtoll(text, &end, 10);
  return (end != nullptr && *end == '\0' && v >= 0) ? v : kDefaultLimitMb;
}

void install() {
  const int64_t mb = limitMb();
  if (mb == 0) return;
  // Never destroyed: tensors released during process exit still call back into it.
  CachingCpuAllocator::installed = new CachingCpuAllocator(static_cast<size_t>(mb) << 20);
  c10::SetCPUAllocator(CachingCpuAllocator::installed, /*priority=*/1);
}

}  // namespace

void installAllocator() { std::call_once(installOnce, install); }

void registerAllocator(Napi::Env env, Napi::Object m) {
  // allocatorStats() -> { caching, liveBytes, cachedBytes, limitBytes, hits, misses } (zeros when not caching).
  REID_OP(m, "allocatorStats", {
    Napi::Object out = Napi::Object::New(a.env());
    CachingCpuAllocator* cache = CachingCpuAllocator::installed;
    const CachingCpuAllocator::Stats s = cache ? cache->stats() : CachingCpuAllocator::Stats{0, 0, 0, 0, 0};
    out.Set("caching", Napi::Boolean::New(a.env(), cache != nullptr));
    out.Set("liveBytes", Napi::Number::New(a.env(), static_cast<double>(s.liveBytes)));
    out.Set("cachedBytes", Napi::Number::New(a.env(), static_cast<double>(s.cachedBytes)));
    out.Set("limitBytes", Napi::Number::New(a.env(), static_cast<double>(s.limit)));
    out.Set("hits", Napi::Number::New(a.env(), static_cast<double>(s.hits)));
    out.Set("misses", Napi::Number::New(a.env(), static_cast<double>(s.misses)));
    return out;
  });
  // releaseMemory() -> bytes: hands cached tensor blocks and malloc's free heap back to the kernel.
  REID_OP(m, "releaseMemory", {
    size_t bytes = CachingCpuAllocator::installed ? CachingCpuAllocator::installed->empty() : 0;
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return Napi::Number::New(a.env(), static_cast<double>(bytes));
  });
}

}  // namespace reid
