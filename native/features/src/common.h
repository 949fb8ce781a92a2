// Shared declarations of the local-feature addon: plain feature views over JS typed arrays,
// option readers, and the kernels (detection, nearest neighbours, geometric verification).
// Thin: every policy (defaults, validation, scoring) lives in src/features; this checks only
// what would otherwise crash.
#pragma once
#include <napi.h>
#include <cstdint>
#include <string>
#include <vector>

namespace reidfeat {

constexpr int kDescriptorBytes = 128;
constexpr int kKeypointFields = 5;  // x, y, size, angle, response

/** A view of one image's features: N keypoints (N×5 float) and N uint8 descriptors (N×128). */
struct FeatureView {
  const float* keypoints = nullptr;
  const uint8_t* descriptors = nullptr;
  int count = 0;
};

/** Keeps the typed arrays of a FeatureView alive while a worker reads them off the main thread. */
struct FeatureRefs {
  std::vector<Napi::Reference<Napi::Value>> refs;
  void keep(Napi::Value value) { refs.push_back(Napi::Persistent(value)); }
};

/** Reads {keypoints: Float32Array, descriptors: Uint8Array} as `name`, checking the sizes agree. */
FeatureView readFeatures(const Napi::Env& env, Napi::Value value, const std::string& op, const std::string& name, FeatureRefs& refs);
double numberOption(const Napi::Object& options, const char* key, double fallback);
bool boolOption(const Napi::Object& options, const char* key, bool fallback);
Napi::Object optionsArg(const Napi::CallbackInfo& info, size_t index, const std::string& op);
[[noreturn]] void fail(const Napi::Env& env, const std::string& op, const std::string& message);

struct NearestOptions {
  double ratio = 0.8;  // Lowe's ratio on distances (not squared)
  bool mutual = true;
};

/** Tentative correspondences: query index, candidate index, squared descriptor distance. */
struct Tentative {
  std::vector<int32_t> query, candidate;
  std::vector<float> distance;
  size_t size() const { return query.size(); }
};

/** Ratio-test (and optionally mutual-nearest) matching of uint8 descriptors by exact L2 search. */
Tentative nearestMatches(const FeatureView& query, const FeatureView& candidate, const NearestOptions& options);

enum class Model { none = 0, affine = 1, homography = 2 };
enum class Method { ransac = 0, magsac = 1 };

struct VerifyOptions {
  Model model = Model::homography;
  Method method = Method::ransac;
  double reprojThreshold = 5.0;
  int maxIters = 2000;
  double confidence = 0.995;
  int minTentative = 0;  // fewer tentative matches than this: skip the model fit, 0 inliers
};

struct Verified {
  std::vector<uint8_t> inlier;  // per tentative match
  int inlierCount = 0;
  std::vector<double> transform;  // 3×3 row-major, empty when no model was found
};

/** Fits the model to the tentative matches with a robust estimator; the inlier mask says which agree. */
Verified verifyMatches(const FeatureView& query, const FeatureView& candidate, const Tentative& tentative, const VerifyOptions& options);

NearestOptions readNearestOptions(const Napi::Object& options);
VerifyOptions readVerifyOptions(const Napi::Object& options, const std::string& op, const Napi::Env& env);

void registerDetect(Napi::Env env, Napi::Object exports);
void registerMatch(Napi::Env env, Napi::Object exports);

}  // namespace reidfeat
