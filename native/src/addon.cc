// Module entry: one InstanceData per environment, then every op group.
#include "common.h"

namespace reid {

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  installAllocator();
  auto* data = new InstanceData();
  env.SetInstanceData<InstanceData>(data);
  Napi::Function ctor = TensorHandle::Define(env);
  data->handleCtor = Napi::Persistent(ctor);
  exports.Set("TensorHandle", ctor);
  registerCreation(env, exports);
  registerElementwise(env, exports);
  registerReduction(env, exports);
  registerShape(env, exports);
  registerNn(env, exports);
  registerAutograd(env, exports);
  registerSystem(env, exports);
  registerOptim(env, exports);
  registerAllocator(env, exports);
  registerScan(env, exports);
  return exports;
}

}  // namespace reid

static Napi::Object InitReid(Napi::Env env, Napi::Object exports) { return reid::Init(env, exports); }

NODE_API_MODULE(reid_native, InitReid)
