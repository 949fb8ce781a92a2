// Module entry of the local-feature addon (OpenCV SIFT, matching, verification), kept apart from
// the libtorch addon so each links only what it needs.
#include "common.h"
#include <opencv2/core.hpp>

namespace reidfeat {

static Napi::Value Version(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), CV_VERSION); }

// OpenCV's own worker threads (SIFT's pyramid); 1 when matches already run in parallel on libuv's pool.
static Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsNumber()) fail(info.Env(), "setNumThreads", "expected a number of threads");
  try {
    cv::setNumThreads(info[0].As<Napi::Number>().Int32Value());
  } catch (const std::exception& error) {
    fail(info.Env(), "setNumThreads", error.what());
  }
  return info.Env().Undefined();
}

static Napi::Value NumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), cv::getNumThreads()); }

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("version", Napi::Function::New(env, Version, "version"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("numThreads", Napi::Function::New(env, NumThreads, "numThreads"));
  registerDetect(env, exports);
  registerMatch(env, exports);
  return exports;
}

}  // namespace reidfeat

static Napi::Object InitFeatures(Napi::Env env, Napi::Object exports) { return reidfeat::Init(env, exports); }

NODE_API_MODULE(reid_features, InitFeatures)
