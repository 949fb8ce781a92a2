// Neural-network functional ops: convolution, pooling, normalisation, losses, distances.
#include "common.h"

namespace reid {

void registerNn(Napi::Env env, Napi::Object m) {
  // conv2d(x, weight, bias|null, stride[2], padding[2], dilation[2], groups)
  REID_OP(m, "conv2d", return wrap(a.env(), at::conv2d(a.t(0), a.t(1), a.optT(2), a.ints(3), a.ints(4), a.ints(5), a.i64(6))););
  // maxPool2d(x, kernel[2], stride[2], padding[2], ceilMode)
  REID_OP(m, "maxPool2d", return wrap(a.env(), at::max_pool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), {1, 1}, a.b(4))););
  REID_OP(m, "avgPool2d", return wrap(a.env(), at::avg_pool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.b(4))););
  REID_OP(m, "adaptiveAvgPool2d", return wrap(a.env(), at::adaptive_avg_pool2d(a.t(0), a.ints(1))););
  REID_OP(m, "adaptiveMaxPool2d", return wrap(a.env(), std::get<0>(at::adaptive_max_pool2d(a.t(0), a.ints(1)))););
  // batchNorm(x, weight|null, bias|null, runningMean|null, runningVar|null, training, momentum, eps)
  REID_OP(m, "batchNorm", return wrap(a.env(), at::batch_norm(a.t(0), a.optT(1), a.optT(2), a.optT(3), a.optT(4), a.b(5), a.f64(6), a.f64(7), true)););
  REID_OP(m, "dropout", return wrap(a.env(), at::dropout(a.t(0), a.f64(1), a.b(2))););
  REID_OP(m, "linear", return wrap(a.env(), at::linear(a.t(0), a.t(1), a.optT(2))););
  REID_OP(m, "logSoftmax", return wrap(a.env(), at::log_softmax(a.t(0), a.i64(1))););
  REID_OP(m, "softmax", return wrap(a.env(), at::softmax(a.t(0), a.i64(1))););
  // crossEntropy(logits, target, reduction 0 none | 1 mean | 2 sum, labelSmoothing)
  REID_OP(m, "crossEntropy", return wrap(a.env(), at::cross_entropy_loss(a.t(0), a.t(1), {}, a.i64(2), -100, a.f64(3))););
  REID_OP(m, "mseLoss", return wrap(a.env(), at::mse_loss(a.t(0), a.t(1), a.i64(2))););
  // normalize(x, p, dim, eps)
  REID_OP(m, "normalize", {
    // Same formula as torch.nn.functional.normalize: x / max(||x||_p, eps).
    at::Tensor& x = a.t(0);
    at::Tensor denom = x.norm(a.scalar(1), a.i64(2), true).clamp_min(a.f64(3)).expand_as(x);
    return wrap(a.env(), x / denom);
  });
  REID_OP(m, "cdist", return wrap(a.env(), at::cdist(a.t(0), a.t(1), a.f64(2))););
  // interpolate(x, size[2], mode 0 nearest | 1 bilinear, alignCorners)
  REID_OP(m, "interpolate", {
    if (a.i64(2) == 0) return wrap(a.env(), at::upsample_nearest2d(a.t(0), a.ints(1)));
    return wrap(a.env(), at::upsample_bilinear2d(a.t(0), a.ints(1), a.b(3)));
  });
  REID_OP(m, "pad", return wrap(a.env(), at::constant_pad_nd(a.t(0), a.ints(1), a.scalar(2))););
}

}  // namespace reid
