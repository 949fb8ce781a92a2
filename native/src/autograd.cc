// Autograd: gradient flags, backward, gradient access and the grad mode switch.
#include "common.h"

namespace reid {

void registerAutograd(Napi::Env env, Napi::Object m) {
  REID_OP(m, "setRequiresGrad", a.t(0).set_requires_grad(a.b(1)); return a.env().Undefined(););
  REID_OP(m, "requiresGrad", return Napi::Boolean::New(a.env(), a.t(0).requires_grad()););
  REID_OP(m, "isLeaf", return Napi::Boolean::New(a.env(), a.t(0).is_leaf()););
  REID_OP(m, "grad", {
    const at::Tensor& g = a.t(0).grad();
    if (!g.defined()) return a.env().Null();
    return wrap(a.env(), g);
  });
  REID_OP(m, "clearGrad", a.t(0).mutable_grad().reset(); return a.env().Undefined(););
  REID_OP(m, "setGrad", a.t(0).mutable_grad() = a.t(1).detach().clone(); return a.env().Undefined(););
  // backward(t, gradient|null, retainGraph)
  REID_OP(m, "backward", {
    c10::optional<at::Tensor> g;
    if (a.has(1)) g = a.t(1);
    a.t(0).backward(g.has_value() ? *g : at::Tensor(), a.b(2));
    return a.env().Undefined();
  });
  REID_OP(m, "detach", return wrap(a.env(), a.t(0).detach()););
  REID_OP(m, "setGradEnabled", {
    bool previous = at::GradMode::is_enabled();
    at::GradMode::set_enabled(a.b(0));
    return Napi::Boolean::New(a.env(), previous);
  });
  REID_OP(m, "isGradEnabled", return Napi::Boolean::New(a.env(), at::GradMode::is_enabled()););
}

}  // namespace reid
