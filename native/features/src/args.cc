// Reading JS arguments into feature views and option structs; size mismatches become JS errors
// naming the op instead of out-of-bounds reads.
#include "common.h"

namespace reidfeat {

void fail(const Napi::Env& env, const std::string& op, const std::string& message) {
  throw Napi::Error::New(env, "reid_features." + op + ": " + message);
}

Napi::Object optionsArg(const Napi::CallbackInfo& info, size_t index, const std::string& op) {
  if (info.Length() <= index || info[index].IsUndefined()) return Napi::Object::New(info.Env());
  if (!info[index].IsObject()) fail(info.Env(), op, "expected an options object as argument " + std::to_string(index + 1));
  return info[index].As<Napi::Object>();
}

double numberOption(const Napi::Object& options, const char* key, double fallback) {
  Napi::Value value = options.Get(key);
  return value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : fallback;
}

bool boolOption(const Napi::Object& options, const char* key, bool fallback) {
  Napi::Value value = options.Get(key);
  return value.IsBoolean() ? value.As<Napi::Boolean>().Value() : fallback;
}

FeatureView readFeatures(const Napi::Env& env, Napi::Value value, const std::string& op, const std::string& name, FeatureRefs& refs) {
  if (!value.IsObject()) fail(env, op, "expected {keypoints, descriptors} for " + name);
  Napi::Object object = value.As<Napi::Object>();
  Napi::Value keypoints = object.Get("keypoints");
  Napi::Value descriptors = object.Get("descriptors");
  if (!keypoints.IsTypedArray() || keypoints.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    fail(env, op, "expected a Float32Array for " + name + ".keypoints");
  }
  if (!descriptors.IsTypedArray() || descriptors.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    fail(env, op, "expected a Uint8Array for " + name + ".descriptors");
  }
  auto points = keypoints.As<Napi::Float32Array>();
  auto bytes = descriptors.As<Napi::Uint8Array>();
  if (points.ElementLength() % kKeypointFields != 0) fail(env, op, name + ".keypoints length is not a multiple of 5");
  size_t count = points.ElementLength() / kKeypointFields;
  if (bytes.ElementLength() != count * kDescriptorBytes) {
    fail(env, op, name + ".descriptors holds " + std::to_string(bytes.ElementLength()) + " bytes, expected " +
                      std::to_string(count * kDescriptorBytes) + " (128 per keypoint)");
  }
  refs.keep(keypoints);
  refs.keep(descriptors);
  FeatureView view;
  view.keypoints = points.Data();
  view.descriptors = bytes.Data();
  view.count = static_cast<int>(count);
  return view;
}

NearestOptions readNearestOptions(const Napi::Object& options) {
  NearestOptions out;
  out.ratio = numberOption(options, "ratio", out.ratio);
  out.mutual = boolOption(options, "mutual", out.mutual);
  return out;
}

VerifyOptions readVerifyOptions(const Napi::Object& options, const std::string& op, const Napi::Env& env) {
  VerifyOptions out;
  int model = static_cast<int>(numberOption(options, "model", 2));
  int method = static_cast<int>(numberOption(options, "method", 0));
  if (model < 0 || model > 2) fail(env, op, "expected model 0 (none), 1 (affine) or 2 (homography)");
  if (method < 0 || method > 1) fail(env, op, "expected method 0 (RANSAC) or 1 (MAGSAC++)");
  out.model = static_cast<Model>(model);
  out.method = static_cast<Method>(method);
  out.reprojThreshold = numberOption(options, "reprojThreshold", out.reprojThreshold);
  out.maxIters = static_cast<int>(numberOption(options, "maxIters", out.maxIters));
  out.confidence = numberOption(options, "confidence", out.confidence);
  out.minTentative = static_cast<int>(numberOption(options, "minTentative", out.minTentative));
  return out;
}

}  // namespace reidfeat
