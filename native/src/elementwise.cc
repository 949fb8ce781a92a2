// Elementwise arithmetic, comparison and logic; matrix products; in-place updates for optimisers.
#include "common.h"

namespace reid {

// A binary op whose right side is a tensor or a JS number.
#define BINARY(NAME, FN)                                                        \
  REID_OP(m, NAME, {                                                            \
    if (a.isNumber(1)) return wrap(a.env(), at::FN(a.t(0), a.scalar(1)));       \
    return wrap(a.env(), at::FN(a.t(0), a.t(1)));                               \
  })
#define UNARY(NAME, FN) REID_OP(m, NAME, return wrap(a.env(), at::FN(a.t(0)));)

void registerElementwise(Napi::Env env, Napi::Object m) {
  BINARY("add", add);
  BINARY("sub", sub);
  BINARY("mul", mul);
  BINARY("div", div);
  BINARY("pow", pow);
  BINARY("eq", eq);
  BINARY("ne", ne);
  BINARY("lt", lt);
  BINARY("le", le);
  BINARY("gt", gt);
  BINARY("ge", ge);
  BINARY("remainder", remainder);
  REID_OP(m, "rsub", return wrap(a.env(), at::rsub(a.t(0), a.scalar(1))););
  REID_OP(m, "maximum", return wrap(a.env(), at::maximum(a.t(0), a.t(1))););
  REID_OP(m, "minimum", return wrap(a.env(), at::minimum(a.t(0), a.t(1))););
  REID_OP(m, "logicalAnd", return wrap(a.env(), at::logical_and(a.t(0), a.t(1))););
  REID_OP(m, "logicalOr", return wrap(a.env(), at::logical_or(a.t(0), a.t(1))););
  REID_OP(m, "logicalXor", return wrap(a.env(), at::logical_xor(a.t(0), a.t(1))););
  UNARY("logicalNot", logical_not);
  UNARY("neg", neg);
  UNARY("abs", abs);
  UNARY("exp", exp);
  UNARY("log", log);
  UNARY("log1p", log1p);
  UNARY("sqrt", sqrt);
  UNARY("rsqrt", rsqrt);
  UNARY("square", square);
  UNARY("sign", sign);
  UNARY("floor", floor);
  UNARY("ceil", ceil);
  UNARY("round", round);
  UNARY("sin", sin);
  UNARY("cos", cos);
  UNARY("tanh", tanh);
  UNARY("sigmoid", sigmoid);
  UNARY("relu", relu);
  UNARY("isnan", isnan);
  UNARY("isfinite", isfinite);
  REID_OP(m, "gelu", return wrap(a.env(), at::gelu(a.t(0))););
  REID_OP(m, "softplus", return wrap(a.env(), at::softplus(a.t(0), a.scalar(1), a.scalar(2))););
  REID_OP(m, "where", {
    at::Tensor& cond = a.t(0);
    if (a.isNumber(1) && a.isNumber(2)) {
      at::Tensor x = at::scalar_tensor(a.scalar(1), at::TensorOptions().device(cond.device()));
      return wrap(a.env(), at::where(cond, x, a.scalar(2)));
    }
    if (a.isNumber(1)) return wrap(a.env(), at::where(cond, a.scalar(1), a.t(2)));
    if (a.isNumber(2)) return wrap(a.env(), at::where(cond, a.t(1), a.scalar(2)));
    return wrap(a.env(), at::where(cond, a.t(1), a.t(2)));
  });
  REID_OP(m, "clamp", {
    c10::optional<at::Scalar> lo, hi;
    if (a.has(1)) lo = a.scalar(1);
    if (a.has(2)) hi = a.scalar(2);
    return wrap(a.env(), at::clamp(a.t(0), lo, hi));
  });
  REID_OP(m, "matmul", return wrap(a.env(), at::matmul(a.t(0), a.t(1))););
  REID_OP(m, "bmm", return wrap(a.env(), at::bmm(a.t(0), a.t(1))););
  REID_OP(m, "mm", return wrap(a.env(), at::mm(a.t(0), a.t(1))););
  REID_OP(m, "addmm", return wrap(a.env(), at::addmm(a.t(0), a.t(1), a.t(2), a.scalar(3), a.scalar(4))););

  // In-place updates, used by optimisers on parameters (outside autograd).
  REID_OP(m, "mul_", {
    if (a.isNumber(1)) a.t(0).mul_(a.scalar(1)); else a.t(0).mul_(a.t(1));
    return a.env().Undefined();
  });
  REID_OP(m, "add_", {
    if (a.isNumber(1)) a.t(0).add_(a.scalar(1)); else a.t(0).add_(a.t(1), a.scalar(2));
    return a.env().Undefined();
  });
  REID_OP(m, "addcmul_", a.t(0).addcmul_(a.t(1), a.t(2), a.scalar(3)); return a.env().Undefined(););
  REID_OP(m, "addcdiv_", a.t(0).addcdiv_(a.t(1), a.t(2), a.scalar(3)); return a.env().Undefined(););
  REID_OP(m, "lerp_", a.t(0).lerp_(a.t(1), a.scalar(2)); return a.env().Undefined(););
  REID_OP(m, "copy_", a.t(0).copy_(a.t(1)); return a.env().Undefined(););
  REID_OP(m, "zero_", a.t(0).zero_(); return a.env().Undefined(););
  REID_OP(m, "fill_", a.t(0).fill_(a.scalar(1)); return a.env().Undefined(););
  REID_OP(m, "maskedFill_", a.t(0).masked_fill_(a.t(1), a.scalar(2)); return a.env().Undefined(););
}

}  // namespace reid
