// Versions, threads, seeds and devices: what `reid doctor` reports.
#include "common.h"
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

namespace reid {

void registerSystem(Napi::Env env, Napi::Object m) {
  REID_OP(m, "torchVersion", return Napi::String::New(a.env(), TORCH_VERSION););
  REID_OP(m, "getNumThreads", return Napi::Number::New(a.env(), at::get_num_threads()););
  REID_OP(m, "setNumThreads", at::set_num_threads(static_cast<int>(a.i64(0))); return a.env().Undefined(););
  REID_OP(m, "manualSeed", at::manual_seed(static_cast<uint64_t>(a.i64(0))); return a.env().Undefined(););
  REID_OP(m, "cudaAvailable", return Napi::Boolean::New(a.env(), at::hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0););
  REID_OP(m, "cudaDeviceCount", return Napi::Number::New(a.env(), static_cast<double>(at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0)););
  REID_OP(m, "buildConfig", return Napi::String::New(a.env(), at::show_config()););
  REID_OP(m, "parallelInfo", return Napi::String::New(a.env(), at::get_parallel_info()););
  REID_OP(m, "hasMkldnn", return Napi::Boolean::New(a.env(), at::hasMKLDNN()););
  REID_OP(m, "liveHandles", return Napi::Number::New(a.env(), static_cast<double>(instance(a.env()).liveHandles)););
  // setErrorClasses(TorchError, DisposedTensorError): errors thrown natively are instances of the TS classes.
  REID_OP(m, "setErrorClasses", {
    InstanceData& data = instance(a.env());
    data.torchErrorCtor = Napi::Persistent(a.info[0].As<Napi::Function>());
    data.disposedErrorCtor = Napi::Persistent(a.info[1].As<Napi::Function>());
    return a.env().Undefined();
  });
}

}  // namespace reid
