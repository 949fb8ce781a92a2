// Shape, joining and indexing.
#include "common.h"

namespace reid {

void registerShape(Napi::Env env, Napi::Object m) {
  REID_OP(m, "reshape", return wrap(a.env(), at::reshape(a.t(0), a.ints(1))););
  REID_OP(m, "permute", return wrap(a.env(), a.t(0).permute(a.ints(1))););
  REID_OP(m, "transpose", return wrap(a.env(), at::transpose(a.t(0), a.i64(1), a.i64(2))););
  REID_OP(m, "unsqueeze", return wrap(a.env(), at::unsqueeze(a.t(0), a.i64(1))););
  REID_OP(m, "squeeze", {
    if (!a.has(1)) return wrap(a.env(), at::squeeze(a.t(0)));
    return wrap(a.env(), at::squeeze(a.t(0), a.i64(1)));
  });
  REID_OP(m, "flatten", return wrap(a.env(), at::flatten(a.t(0), a.i64(1), a.i64(2))););
  REID_OP(m, "cat", return wrap(a.env(), at::cat(a.ts(0), a.i64(1))););
  REID_OP(m, "stack", return wrap(a.env(), at::stack(a.ts(0), a.i64(1))););
  REID_OP(m, "split", return wrapList(a.env(), at::split_with_sizes(a.t(0), a.ints(1), a.i64(2))););
  // slice(t, dim, start, end, step)
  REID_OP(m, "slice", return wrap(a.env(), a.t(0).slice(a.i64(1), a.i64(2), a.i64(3), a.i64(4))););
  REID_OP(m, "select", return wrap(a.env(), a.t(0).select(a.i64(1), a.i64(2))););
  REID_OP(m, "indexSelect", return wrap(a.env(), at::index_select(a.t(0), a.i64(1), a.t(2))););
  REID_OP(m, "gather", return wrap(a.env(), at::gather(a.t(0), a.i64(1), a.t(2))););
  REID_OP(m, "scatter", {
    if (a.isNumber(3)) return wrap(a.env(), at::scatter(a.t(0), a.i64(1), a.t(2), a.scalar(3)));
    return wrap(a.env(), at::scatter(a.t(0), a.i64(1), a.t(2), a.t(3)));
  });
  REID_OP(m, "scatterAdd", return wrap(a.env(), at::scatter_add(a.t(0), a.i64(1), a.t(2), a.t(3))););
  REID_OP(m, "maskedFill", return wrap(a.env(), at::masked_fill(a.t(0), a.t(1), a.scalar(2))););
  REID_OP(m, "maskedSelect", return wrap(a.env(), at::masked_select(a.t(0), a.t(1))););
  REID_OP(m, "repeat", return wrap(a.env(), a.t(0).repeat(a.ints(1))););
  REID_OP(m, "expand", return wrap(a.env(), a.t(0).expand(a.ints(1))););
  REID_OP(m, "nonzero", return wrap(a.env(), at::nonzero(a.t(0))););
  REID_OP(m, "triu", return wrap(a.env(), at::triu(a.t(0), a.i64(1))););
  REID_OP(m, "diagonal", return wrap(a.env(), at::diagonal(a.t(0), a.i64(1), a.i64(2), a.i64(3))););
  REID_OP(m, "flip", return wrap(a.env(), at::flip(a.t(0), a.ints(1))););
}

}  // namespace reid
