// Creation, conversion and inspection: the bridge between TypedArrays and tensors.
#include "common.h"
#include <cstring>

namespace reid {

static at::TensorOptions opts(const Args& a, size_t dtypeAt, size_t deviceAt) {
  return at::TensorOptions().dtype(a.dtype(dtypeAt)).device(a.device(deviceAt));
}

static Napi::Value fromData(const Args& a) {
  // (typedArray, shape, dtype, device)
  Napi::TypedArray arr = a.info[0].As<Napi::TypedArray>();
  std::vector<int64_t> shape = a.ints(1);
  at::ScalarType type = a.dtype(2);
  int64_t numel = 1;
  for (int64_t s : shape) numel *= s;
  size_t need = static_cast<size_t>(numel) * c10::elementSize(type);
  if (arr.ByteLength() != need) {
    throw std::invalid_argument("data has " + std::to_string(arr.ByteLength()) + " bytes but shape needs " +
                                std::to_string(need));
  }
  uint8_t* ptr = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(type));
  if (need > 0) std::memcpy(t.data_ptr(), ptr, need);
  at::Device dev = a.device(3);
  if (!dev.is_cpu()) t = t.to(dev);
  return wrap(a.env(), t);
}

static Napi::Value toData(const Args& a) {
  at::Tensor t = a.t(0).detach().to(at::kCPU).contiguous();
  size_t bytes = t.numel() * t.element_size();
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(a.env(), bytes);
  if (bytes > 0) std::memcpy(buf.Data(), t.data_ptr(), bytes);
  return buf;
}

static Napi::Value shapeOf(const Args& a) {
  at::IntArrayRef sizes = a.t(0).sizes();
  Napi::Array out = Napi::Array::New(a.env(), sizes.size());
  for (size_t i = 0; i < sizes.size(); i++) out.Set(i, Napi::Number::New(a.env(), static_cast<double>(sizes[i])));
  return out;
}

static Napi::Value item(const Args& a) {
  at::Tensor& t = a.t(0);
  if (t.numel() != 1) throw std::invalid_argument("item() needs a tensor with one element, got " + std::to_string(t.numel()));
  if (t.scalar_type() == at::kBool) return Napi::Boolean::New(a.env(), t.item<bool>());
  return Napi::Number::New(a.env(), t.item<double>());
}

void registerCreation(Napi::Env env, Napi::Object m) {
  REID_OP(m, "fromData", return fromData(a););
  REID_OP(m, "toData", return toData(a););
  REID_OP(m, "shape", return shapeOf(a););
  REID_OP(m, "dtype", return Napi::Number::New(a.env(), static_cast<double>(codeFromDtype(a.t(0).scalar_type()))););
  REID_OP(m, "device", return Napi::String::New(a.env(), a.t(0).device().str()););
  REID_OP(m, "numel", return Napi::Number::New(a.env(), static_cast<double>(a.t(0).numel())););
  REID_OP(m, "item", return item(a););
  REID_OP(m, "isContiguous", return Napi::Boolean::New(a.env(), a.t(0).is_contiguous()););
  REID_OP(m, "to", return wrap(a.env(), a.t(0).to(a.device(2), a.dtype(1))););
  REID_OP(m, "clone", return wrap(a.env(), a.t(0).clone()););
  REID_OP(m, "contiguous", return wrap(a.env(), a.t(0).contiguous()););
  REID_OP(m, "channelsLast", return wrap(a.env(), a.t(0).contiguous(at::MemoryFormat::ChannelsLast)););
  REID_OP(m, "zeros", return wrap(a.env(), at::zeros(a.ints(0), opts(a, 1, 2))););
  REID_OP(m, "ones", return wrap(a.env(), at::ones(a.ints(0), opts(a, 1, 2))););
  REID_OP(m, "full", return wrap(a.env(), at::full(a.ints(0), a.scalar(1), opts(a, 2, 3))););
  REID_OP(m, "arange", return wrap(a.env(), at::arange(a.scalar(0), a.scalar(1), a.scalar(2), opts(a, 3, 4))););
  REID_OP(m, "linspace", return wrap(a.env(), at::linspace(a.scalar(0), a.scalar(1), a.i64(2), opts(a, 3, 4))););
  REID_OP(m, "rand", return wrap(a.env(), at::rand(a.ints(0), opts(a, 1, 2))););
  REID_OP(m, "randn", return wrap(a.env(), at::randn(a.ints(0), opts(a, 1, 2))););
  REID_OP(m, "randint", return wrap(a.env(), at::randint(a.i64(0), a.i64(1), a.ints(2), opts(a, 3, 4))););
  REID_OP(m, "randperm", return wrap(a.env(), at::randperm(a.i64(0), opts(a, 1, 2))););
  REID_OP(m, "eye", return wrap(a.env(), at::eye(a.i64(0), a.i64(1), opts(a, 2, 3))););
  REID_OP(m, "zerosLike", return wrap(a.env(), at::zeros_like(a.t(0))););
  REID_OP(m, "onesLike", return wrap(a.env(), at::ones_like(a.t(0))););
}

}  // namespace reid
