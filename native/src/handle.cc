// The tensor handle: owns one at::Tensor until dispose() or garbage collection,
// and reports its bytes to V8 so the GC sees native memory pressure.
#include "common.h"

namespace reid {

InstanceData& instance(Napi::Env env) { return *env.GetInstanceData<InstanceData>(); }

static int64_t bytesOf(const at::Tensor& t) {
  if (!t.defined() || !t.has_storage()) return 0;
  return static_cast<int64_t>(t.storage().nbytes());
}

Napi::Function TensorHandle::Define(Napi::Env env) {
  return DefineClass(env, "TensorHandle",
                     {InstanceMethod("dispose", &TensorHandle::Dispose),
                      InstanceMethod("isDisposed", &TensorHandle::IsDisposed)});
}

Napi::Object TensorHandle::New(Napi::Env env, at::Tensor tensor) {
  Napi::Object obj = instance(env).handleCtor.New({});
  TensorHandle* self = Unwrap(obj);
  self->reportedBytes_ = bytesOf(tensor);
  self->tensor_ = std::move(tensor);
  instance(env).liveHandles++;
  if (self->reportedBytes_ > 0) Napi::MemoryManagement::AdjustExternalMemory(env, self->reportedBytes_);
  return obj;
}

TensorHandle::TensorHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TensorHandle>(info) {}

TensorHandle::~TensorHandle() {
  if (tensor_.has_value()) release(Env());
}

void TensorHandle::release(Napi::Env env) {
  tensor_.reset();
  InstanceData* data = env.GetInstanceData<InstanceData>();
  if (data != nullptr) data->liveHandles--;
  if (reportedBytes_ > 0) Napi::MemoryManagement::AdjustExternalMemory(env, -reportedBytes_);
  reportedBytes_ = 0;
}

at::Tensor& TensorHandle::tensor(Napi::Env env, const char* op) {
  if (!tensor_.has_value()) {
    InstanceData& data = instance(env);
    std::string msg = std::string(op) + ": tensor was already disposed";
    if (!data.disposedErrorCtor.IsEmpty()) {
      throw Napi::Error(env, data.disposedErrorCtor.New({Napi::String::New(env, msg)}));
    }
    throw Napi::Error::New(env, msg);
  }
  return *tensor_;
}

Napi::Value TensorHandle::Dispose(const Napi::CallbackInfo& info) {
  if (tensor_.has_value()) release(info.Env());
  return info.Env().Undefined();
}

Napi::Value TensorHandle::IsDisposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !tensor_.has_value());
}

Napi::Error torchError(Napi::Env env, const char* op, const std::string& message) {
  InstanceData& data = instance(env);
  std::string msg = std::string(op) + ": " + message;
  Napi::Error err = data.torchErrorCtor.IsEmpty()
                        ? Napi::Error::New(env, msg)
                        : Napi::Error(env, data.torchErrorCtor.New({Napi::String::New(env, msg)}));
  err.Value().Set("op", Napi::String::New(env, op));
  return err;
}

Napi::Value wrap(Napi::Env env, at::Tensor t) { return TensorHandle::New(env, std::move(t)); }

Napi::Value wrapPair(Napi::Env env, std::tuple<at::Tensor, at::Tensor> pair) {
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, wrap(env, std::get<0>(pair)));
  out.Set(1u, wrap(env, std::get<1>(pair)));
  return out;
}

Napi::Value wrapList(Napi::Env env, const std::vector<at::Tensor>& list) {
  Napi::Array out = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); i++) out.Set(i, wrap(env, list[i]));
  return out;
}

}  // namespace reid
