// Reductions, sorting and selection.
#include "common.h"

namespace reid {

static at::OptionalIntArrayRef dimsOrAll(const std::optional<std::vector<int64_t>>& dims) {
  if (!dims.has_value()) return c10::nullopt;
  return at::IntArrayRef(*dims);
}

void registerReduction(Napi::Env env, Napi::Object m) {
  // sum(t, dims|null, keepdim)
  REID_OP(m, "sum", {
    auto dims = a.optInts(1);
    if (!dims) return wrap(a.env(), at::sum(a.t(0)));
    return wrap(a.env(), at::sum(a.t(0), *dims, a.b(2)));
  });
  REID_OP(m, "mean", {
    auto dims = a.optInts(1);
    if (!dims) return wrap(a.env(), at::mean(a.t(0)));
    return wrap(a.env(), at::mean(a.t(0), *dims, a.b(2)));
  });
  REID_OP(m, "prod", return wrap(a.env(), a.has(1) ? at::prod(a.t(0), a.i64(1), a.b(2)) : at::prod(a.t(0))););
  REID_OP(m, "std", {
    auto dims = a.optInts(1);
    return wrap(a.env(), at::std(a.t(0), dimsOrAll(dims), a.i64(2), a.b(3)));
  });
  REID_OP(m, "var", {
    auto dims = a.optInts(1);
    return wrap(a.env(), at::var(a.t(0), dimsOrAll(dims), a.i64(2), a.b(3)));
  });
  REID_OP(m, "maxAll", return wrap(a.env(), at::max(a.t(0))););
  REID_OP(m, "minAll", return wrap(a.env(), at::min(a.t(0))););
  REID_OP(m, "max", return wrapPair(a.env(), at::max(a.t(0), a.i64(1), a.b(2))););
  REID_OP(m, "min", return wrapPair(a.env(), at::min(a.t(0), a.i64(1), a.b(2))););
  REID_OP(m, "amax", return wrap(a.env(), at::amax(a.t(0), a.ints(1), a.b(2))););
  REID_OP(m, "amin", return wrap(a.env(), at::amin(a.t(0), a.ints(1), a.b(2))););
  REID_OP(m, "argmax", {
    if (!a.has(1)) return wrap(a.env(), at::argmax(a.t(0)));
    return wrap(a.env(), at::argmax(a.t(0), a.i64(1), a.b(2)));
  });
  REID_OP(m, "argmin", {
    if (!a.has(1)) return wrap(a.env(), at::argmin(a.t(0)));
    return wrap(a.env(), at::argmin(a.t(0), a.i64(1), a.b(2)));
  });
  // sort(t, dim, descending, stable)
  REID_OP(m, "sort", return wrapPair(a.env(), at::sort(a.t(0), a.b(3), a.i64(1), a.b(2))););
  REID_OP(m, "argsort", return wrap(a.env(), std::get<1>(at::sort(a.t(0), a.b(3), a.i64(1), a.b(2)))););
  // topk(t, k, dim, largest, sorted)
  REID_OP(m, "topk", return wrapPair(a.env(), at::topk(a.t(0), a.i64(1), a.i64(2), a.b(3), a.b(4))););
  REID_OP(m, "logsumexp", return wrap(a.env(), at::logsumexp(a.t(0), a.ints(1), a.b(2))););
  // norm(t, p, dims|null, keepdim)
  REID_OP(m, "norm", {
    auto dims = a.optInts(2);
    if (!dims) return wrap(a.env(), at::norm(a.t(0), a.scalar(1)));
    return wrap(a.env(), at::norm(a.t(0), a.scalar(1), *dims, a.b(3)));
  });
  REID_OP(m, "cumsum", return wrap(a.env(), at::cumsum(a.t(0), a.i64(1))););
  REID_OP(m, "all", return wrap(a.env(), a.has(1) ? at::all(a.t(0), a.i64(1), a.b(2)) : at::all(a.t(0))););
  REID_OP(m, "any", return wrap(a.env(), a.has(1) ? at::any(a.t(0), a.i64(1), a.b(2)) : at::any(a.t(0))););
  REID_OP(m, "countNonzero", return wrap(a.env(), at::count_nonzero(a.t(0), a.ints(1))););
  REID_OP(m, "searchsorted", return wrap(a.env(), at::searchsorted(a.t(0), a.t(1), false, a.b(2))););
}

}  // namespace reid
