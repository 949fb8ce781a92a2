// Matching workers: one query against one candidate (every correspondence, for pictures and
// re-ranking) or against many (counts only, for a shortlist), each off the main thread.
#include "common.h"
#include <opencv2/core.hpp>

namespace reidfeat {

class PairWorker : public Napi::AsyncWorker {
 public:
  PairWorker(Napi::Env env, FeatureRefs refs, FeatureView query, FeatureView candidate, NearestOptions nearest, VerifyOptions verify)
      : Napi::AsyncWorker(env, "reid_features.matchPair"), deferred_(Napi::Promise::Deferred::New(env)), refs_(std::move(refs)),
        query_(query), candidate_(candidate), nearest_(nearest), verify_(verify) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      tentative_ = nearestMatches(query_, candidate_, nearest_);
      verified_ = verifyMatches(query_, candidate_, tentative_, verify_);
    } catch (const cv::Exception& error) {
      SetError(std::string("reid_features.matchPair: OpenCV: ") + error.what());
    } catch (const std::exception& error) {
      SetError(std::string("reid_features.matchPair: ") + error.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    size_t n = tentative_.size();
    auto query = Napi::Int32Array::New(env, n);
    auto candidate = Napi::Int32Array::New(env, n);
    auto distance = Napi::Float32Array::New(env, n);
    auto inlier = Napi::Uint8Array::New(env, n);
    for (size_t t = 0; t < n; t++) {
      query[t] = tentative_.query[t];
      candidate[t] = tentative_.candidate[t];
      distance[t] = tentative_.distance[t];
      inlier[t] = verified_.inlier[t];
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("query", query);
    result.Set("candidate", candidate);
    result.Set("distance", distance);
    result.Set("inlier", inlier);
    result.Set("inlierCount", Napi::Number::New(env, verified_.inlierCount));
    if (verified_.transform.empty()) {
      result.Set("transform", env.Null());
    } else {
      auto transform = Napi::Float64Array::New(env, 9);
      for (int k = 0; k < 9; k++) transform[k] = verified_.transform[k];
      result.Set("transform", transform);
    }
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  FeatureRefs refs_;
  FeatureView query_, candidate_;
  NearestOptions nearest_;
  VerifyOptions verify_;
  Tentative tentative_;
  Verified verified_;
};

class ManyWorker : public Napi::AsyncWorker {
 public:
  ManyWorker(Napi::Env env, FeatureRefs refs, FeatureView query, std::vector<FeatureView> candidates, NearestOptions nearest, VerifyOptions verify)
      : Napi::AsyncWorker(env, "reid_features.matchMany"), deferred_(Napi::Promise::Deferred::New(env)), refs_(std::move(refs)),
        query_(query), candidates_(std::move(candidates)), nearest_(nearest), verify_(verify),
        tentative_(candidates_.size(), 0), inliers_(candidates_.size(), 0) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      for (size_t c = 0; c < candidates_.size(); c++) {
        Tentative tentative = nearestMatches(query_, candidates_[c], nearest_);
        tentative_[c] = static_cast<int32_t>(tentative.size());
        inliers_[c] = verifyMatches(query_, candidates_[c], tentative, verify_).inlierCount;
      }
    } catch (const cv::Exception& error) {
      SetError(std::string("reid_features.matchMany: OpenCV: ") + error.what());
    } catch (const std::exception& error) {
      SetError(std::string("reid_features.matchMany: ") + error.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    auto tentative = Napi::Int32Array::New(env, candidates_.size());
    auto inliers = Napi::Int32Array::New(env, candidates_.size());
    for (size_t c = 0; c < candidates_.size(); c++) {
      tentative[c] = tentative_[c];
      inliers[c] = inliers_[c];
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("tentative", tentative);
    result.Set("inliers", inliers);
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  FeatureRefs refs_;
  FeatureView query_;
  std::vector<FeatureView> candidates_;
  NearestOptions nearest_;
  VerifyOptions verify_;
  std::vector<int32_t> tentative_, inliers_;
};

// matchPair(query, candidate, options) → Promise<{query, candidate, distance, inlier, inlierCount, transform}>
static Napi::Value MatchPair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "matchPair";
  if (info.Length() < 2) fail(env, op, "expected (query, candidate, options?)");
  FeatureRefs refs;
  FeatureView query = readFeatures(env, info[0], op, "query", refs);
  FeatureView candidate = readFeatures(env, info[1], op, "candidate", refs);
  Napi::Object options = optionsArg(info, 2, op);
  auto* worker = new PairWorker(env, std::move(refs), query, candidate, readNearestOptions(options), readVerifyOptions(options, op, env));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

// matchMany(query, candidates[], options) → Promise<{tentative: Int32Array, inliers: Int32Array}>
static Napi::Value MatchMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "matchMany";
  if (info.Length() < 2 || !info[1].IsArray()) fail(env, op, "expected (query, candidates: array, options?)");
  FeatureRefs refs;
  FeatureView query = readFeatures(env, info[0], op, "query", refs);
  Napi::Array list = info[1].As<Napi::Array>();
  std::vector<FeatureView> candidates;
  candidates.reserve(list.Length());
  for (uint32_t c = 0; c < list.Length(); c++) {
    candidates.push_back(readFeatures(env, list.Get(c), op, "candidates[" + std::to_string(c) + "]", refs));
  }
  Napi::Object options = optionsArg(info, 2, op);
  auto* worker = new ManyWorker(env, std::move(refs), query, std::move(candidates), readNearestOptions(options), readVerifyOptions(options, op, env));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

void registerMatch(Napi::Env env, Napi::Object exports) {
  exports.Set("matchPair", Napi::Function::New(env, MatchPair, "matchPair"));
  exports.Set("matchMany", Napi::Function::New(env, MatchMany, "matchMany"));
}

}  // namespace reidfeat
