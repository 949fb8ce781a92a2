// Argument readers and dtype codes shared by every op group.
#include "common.h"

namespace reid {

// Codes shared with src/binding/dtype-codes.ts.
at::ScalarType dtypeFromCode(int64_t code) {
  switch (code) {
    case 0: return at::kFloat;
    case 1: return at::kDouble;
    case 2: return at::kLong;
    case 3: return at::kInt;
    case 4: return at::kByte;
    case 5: return at::kBool;
    case 6: return at::kHalf;
    default: throw std::invalid_argument("unknown dtype code " + std::to_string(code));
  }
}

int64_t codeFromDtype(at::ScalarType type) {
  switch (type) {
    case at::kFloat: return 0;
    case at::kDouble: return 1;
    case at::kLong: return 2;
    case at::kInt: return 3;
    case at::kByte: return 4;
    case at::kBool: return 5;
    case at::kHalf: return 6;
    default: return -1;
  }
}

static void need(const Args& a, size_t i, bool ok, const char* what) {
  if (!ok) throw std::invalid_argument("argument " + std::to_string(i) + " should be " + what);
}

at::Tensor& Args::t(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsObject(), "a tensor handle");
  Napi::Object obj = info[i].As<Napi::Object>();
  need(*this, i, obj.InstanceOf(instance(env()).handleCtor.Value()), "a tensor handle");
  return TensorHandle::Unwrap(obj)->tensor(env(), op);
}

c10::optional<at::Tensor> Args::optT(size_t i) const {
  if (!has(i)) return c10::nullopt;
  return t(i);
}

std::vector<at::Tensor> Args::ts(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsArray(), "an array of tensor handles");
  Napi::Array arr = info[i].As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr.Get(k);
    need(*this, i, v.IsObject() && v.As<Napi::Object>().InstanceOf(instance(env()).handleCtor.Value()),
         "an array of tensor handles");
    out.push_back(TensorHandle::Unwrap(v.As<Napi::Object>())->tensor(env(), op));
  }
  return out;
}

int64_t Args::i64(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsNumber(), "an integer");
  return info[i].As<Napi::Number>().Int64Value();
}

double Args::f64(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsNumber(), "a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

bool Args::b(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsBoolean(), "a boolean");
  return info[i].As<Napi::Boolean>().Value();
}

std::vector<int64_t> Args::ints(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsArray(), "an array of integers");
  Napi::Array arr = info[i].As<Napi::Array>();
  std::vector<int64_t> out(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) out[k] = arr.Get(k).As<Napi::Number>().Int64Value();
  return out;
}

std::optional<std::vector<int64_t>> Args::optInts(size_t i) const {
  if (!has(i)) return std::nullopt;
  return ints(i);
}

// Integral JS numbers become integer scalars so that int tensors stay int (as in PyTorch).
at::Scalar Args::scalar(size_t i) const {
  need(*this, i, isNumber(i), "a number");
  if (info[i].IsBoolean()) return at::Scalar(info[i].As<Napi::Boolean>().Value());
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9.0e15) return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}

at::ScalarType Args::dtype(size_t i) const { return dtypeFromCode(i64(i)); }

at::Device Args::device(size_t i) const {
  if (!has(i)) return at::Device(at::kCPU);
  return at::Device(str(i));
}

std::string Args::str(size_t i) const {
  need(*this, i, info.Length() > i && info[i].IsString(), "a string");
  return info[i].As<Napi::String>().Utf8Value();
}

}  // namespace reid
