// Fused optimiser steps: the whole Adam/AdamW update of every parameter in one native call.
// Each parameter runs exactly the ATen ops src/optim/adam.ts ran one N-API call at a time
// (same ops, same order, same scalars), so results are bit-identical; what changes is that the
// parameters are shared out between the intra-op threads inside ONE parallel region (ops nested
// in a region run inline), instead of one thread hand-off per large op, and no handle is made.
#include "common.h"
#include <ATen/Parallel.h>
#include <cmath>

namespace reid {

namespace {

// The scalar Args::scalar makes of a JS number: integral values become integer scalars.
at::Scalar scalarOf(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9.0e15) return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}

double numberAt(const Args& a, size_t i, uint32_t k) {
  Napi::Value v = a.info[i].As<Napi::Array>().Get(k);
  if (!v.IsNumber()) throw std::invalid_argument(std::string("expected numbers in argument ") + std::to_string(i));
  return v.As<Napi::Number>().DoubleValue();
}

// Per parameter, 7 numbers: mode (0 no decay, 1 decoupled, 2 L2), decay (1 - lr·wd for mode 1,
// wd for mode 2), 1 - beta1, beta2, 1 - beta2, sqrt(bias2), eps, then -lr / bias1 (8 in all).
constexpr uint32_t kCoefficients = 8;

void adamUpdate(at::Tensor& p, at::Tensor& m, at::Tensor& v, const at::Tensor& g, const double* c) {
  at::Tensor grad = g;
  if (c[0] == 1) p.mul_(scalarOf(c[1]));
  else if (c[0] == 2) grad = at::add(g, at::mul(p, scalarOf(c[1])));
  m.lerp_(grad, scalarOf(c[2]));
  v.mul_(scalarOf(c[3]));
  v.addcmul_(grad, grad, scalarOf(c[4]));
  at::Tensor denom = at::add(at::div(at::sqrt(v), scalarOf(c[5])), scalarOf(c[6]));
  p.addcdiv_(m, denom, scalarOf(c[7]));
}

}  // namespace

void registerOptim(Napi::Env env, Napi::Object m) {
  // definedGrads(params[]) -> boolean[]: which parameters hold a gradient (without making handles).
  REID_OP(m, "definedGrads", {
    std::vector<at::Tensor> params = a.ts(0);
    Napi::Array out = Napi::Array::New(a.env(), params.size());
    for (size_t k = 0; k < params.size(); k++) out.Set(static_cast<uint32_t>(k), Napi::Boolean::New(a.env(), params[k].grad().defined()));
    return out;
  });
  // adamStep(params[], ms[], vs[], coefficients[8 per param]): in place, under no-grad.
  // Parameters without a gradient are skipped (the caller passes only those that have one).
  REID_OP(m, "adamStep", {
    std::vector<at::Tensor> params = a.ts(0), ms = a.ts(1), vs = a.ts(2);
    const size_t n = params.size();
    if (ms.size() != n || vs.size() != n || !a.info[3].IsArray() || a.info[3].As<Napi::Array>().Length() != n * kCoefficients) {
      throw std::invalid_argument("expected as many moments as parameters and 8 coefficients per parameter");
    }
    std::vector<double> coefficients(n * kCoefficients);
    for (uint32_t k = 0; k < n * kCoefficients; k++) coefficients[k] = numberAt(a, 3, k);
    std::vector<at::Tensor> grads(n);
    for (size_t k = 0; k < n; k++) {
      grads[k] = params[k].grad();
      if (!grads[k].defined()) throw std::invalid_argument("parameter " + std::to_string(k) + " has no gradient");
    }
    // Share the parameters out by element count, one contiguous run per thread.
    const int64_t parts = std::max<int64_t>(1, std::min<int64_t>(at::get_num_threads(), static_cast<int64_t>(n)));
    int64_t total = 0;
    for (const auto& p : params) total += p.numel();
    std::vector<size_t> bounds{0};
    int64_t running = 0;
    for (size_t k = 0; k < n; k++) {
      running += params[k].numel();
      if (static_cast<int64_t>(bounds.size()) < parts && running * parts >= total * static_cast<int64_t>(bounds.size())) bounds.push_back(k + 1);
    }
    while (bounds.size() <= static_cast<size_t>(parts)) bounds.push_back(n);
    bounds.back() = n;
    c10::AutoGradMode noGrad(false);
    at::parallel_for(0, parts, 1, [&](int64_t begin, int64_t end) {
      c10::AutoGradMode inner(false);
      for (int64_t part = begin; part < end; part++) {
        for (size_t k = bounds[part]; k < bounds[part + 1]; k++) adamUpdate(params[k], ms[k], vs[k], grads[k], &coefficients[k * kCoefficients]);
      }
    });
    return a.env().Undefined();
  });
}

}  // namespace reid
