// Shared plumbing of the native layer: the tensor handle, argument readers and the
// guard that turns every libtorch exception into a typed JS error naming the op.
// Policy and validation live in TypeScript; this layer only converts and calls.
#pragma once
// binding.gyp defines it for every file; kept here for a file compiled outside it.
#ifndef NAPI_CPP_EXCEPTIONS
#define NAPI_CPP_EXCEPTIONS
#endif
#include <napi.h>
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <optional>
#include <string>
#include <vector>

namespace reid {

// Per-environment state (one per Node thread: main or worker), so the addon is
// safe to load in worker_threads, where batch inference runs off the main thread.
struct InstanceData {
  Napi::FunctionReference handleCtor;
  Napi::FunctionReference torchErrorCtor;     // set from TS: TorchError class
  Napi::FunctionReference disposedErrorCtor;  // set from TS: DisposedTensorError class
  int64_t liveHandles = 0;
};

InstanceData& instance(Napi::Env env);

class TensorHandle : public Napi::ObjectWrap<TensorHandle> {
 public:
  static Napi::Function Define(Napi::Env env);
  static Napi::Object New(Napi::Env env, at::Tensor tensor);
  explicit TensorHandle(const Napi::CallbackInfo& info);
  ~TensorHandle() override;

  at::Tensor& tensor(Napi::Env env, const char* op);
  bool disposed() const { return !tensor_.has_value(); }

 private:
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  Napi::Value IsDisposed(const Napi::CallbackInfo& info);
  void release(Napi::Env env);

  std::optional<at::Tensor> tensor_;
  int64_t reportedBytes_ = 0;
};

Napi::Error torchError(Napi::Env env, const char* op, const std::string& message);

// Argument readers. They trust TypeScript to have validated user input; a wrong
// type here is a bug in reid, reported as a TorchError naming the op.
struct Args {
  const Napi::CallbackInfo& info;
  const char* op;
  Napi::Env env() const { return info.Env(); }
  at::Tensor& t(size_t i) const;
  c10::optional<at::Tensor> optT(size_t i) const;
  std::vector<at::Tensor> ts(size_t i) const;
  int64_t i64(size_t i) const;
  double f64(size_t i) const;
  bool b(size_t i) const;
  bool has(size_t i) const { return info.Length() > i && !info[i].IsUndefined() && !info[i].IsNull(); }
  std::vector<int64_t> ints(size_t i) const;
  std::optional<std::vector<int64_t>> optInts(size_t i) const;
  at::Scalar scalar(size_t i) const;
  bool isNumber(size_t i) const { return info.Length() > i && (info[i].IsNumber() || info[i].IsBoolean()); }
  at::ScalarType dtype(size_t i) const;
  at::Device device(size_t i) const;
  std::string str(size_t i) const;
};

Napi::Value wrap(Napi::Env env, at::Tensor t);
Napi::Value wrapPair(Napi::Env env, std::tuple<at::Tensor, at::Tensor> pair);
Napi::Value wrapList(Napi::Env env, const std::vector<at::Tensor>& list);

at::ScalarType dtypeFromCode(int64_t code);
int64_t codeFromDtype(at::ScalarType type);

// Runs body, converting c10::Error / std::exception into a JS TorchError named after op.
template <typename Body>
Napi::Value guarded(const Napi::CallbackInfo& info, const char* op, Body body) {
  try {
    Args args{info, op};
    return body(args);
  } catch (const Napi::Error&) {
    throw;
  } catch (const c10::Error& e) {
    throw torchError(info.Env(), op, e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw torchError(info.Env(), op, e.what());
  }
}

using Registrar = void (*)(Napi::Env, Napi::Object);
void registerCreation(Napi::Env env, Napi::Object exports);
void registerElementwise(Napi::Env env, Napi::Object exports);
void registerReduction(Napi::Env env, Napi::Object exports);
void registerShape(Napi::Env env, Napi::Object exports);
void registerNn(Napi::Env env, Napi::Object exports);
void registerAutograd(Napi::Env env, Napi::Object exports);
void registerSystem(Napi::Env env, Napi::Object exports);
void registerOptim(Napi::Env env, Napi::Object exports);
void registerAllocator(Napi::Env env, Napi::Object exports);
// Installs the caching CPU allocator for tensor buffers, once per process (allocator.cc).
void installAllocator();
void registerScan(Napi::Env env, Napi::Object exports);

}  // namespace reid

// Defines exports[NAME] as a guarded function whose body sees `a` (Args).
#define REID_OP(EXPORTS, NAME, ...)                                                          \
  (EXPORTS).Set(NAME, Napi::Function::New(                                                    \
                          (EXPORTS).Env(),                                                    \
                          [](const Napi::CallbackInfo& info) -> Napi::Value {                 \
                            return ::reid::guarded(info, NAME, [&](const ::reid::Args& a)     \
                                                                   -> Napi::Value { __VA_ARGS__ }); \
                          },                                                                  \
                          NAME))
