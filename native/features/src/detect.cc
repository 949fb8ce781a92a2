// SIFT detection off the main thread: grey uint8 H×W in, keypoints N×5 and uint8 descriptors
// N×128 out (OpenCV's SIFT, or RootSIFT quantised back to uint8 with a given scale).
#include "common.h"
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <algorithm>
#include <cmath>

namespace reidfeat {

struct DetectOptions {
  int maxKeypoints = 0;
  int octaveLayers = 3;
  double contrastThreshold = 0.04;
  double edgeThreshold = 10;
  double sigma = 1.6;
  bool rootSift = true;
  double rootSiftScale = 512;  // RootSIFT components lie in [0, 1]; 0.5 saturates at this scale
};

static void toRootSift(cv::Mat& descriptors, double scale) {
  for (int r = 0; r < descriptors.rows; r++) {
    uint8_t* row = descriptors.ptr<uint8_t>(r);
    double sum = 0;
    for (int k = 0; k < kDescriptorBytes; k++) sum += row[k];
    if (sum <= 0) continue;
    for (int k = 0; k < kDescriptorBytes; k++) {
      double value = std::sqrt(row[k] / sum) * scale;
      row[k] = static_cast<uint8_t>(std::min(255.0, std::round(value)));
    }
  }
}

class DetectWorker : public Napi::AsyncWorker {
 public:
  DetectWorker(Napi::Env env, Napi::Uint8Array grey, int height, int width, DetectOptions options)
      : Napi::AsyncWorker(env, "reid_features.detect"), deferred_(Napi::Promise::Deferred::New(env)),
        grey_(Napi::Persistent(grey)), pixels_(grey.Data()), height_(height), width_(width), options_(options) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      cv::Mat image(height_, width_, CV_8UC1, const_cast<uint8_t*>(pixels_));
      auto sift = cv::SIFT::create(options_.maxKeypoints, options_.octaveLayers, options_.contrastThreshold,
                                   options_.edgeThreshold, options_.sigma, CV_8U);
      sift->detectAndCompute(image, cv::noArray(), keypoints_, descriptors_);
      keepStrongest(options_.maxKeypoints);
      if (options_.rootSift) toRootSift(descriptors_, options_.rootSiftScale);
    } catch (const cv::Exception& error) {
      SetError(std::string("reid_features.detect: OpenCV: ") + error.what());
    } catch (const std::exception& error) {
      SetError(std::string("reid_features.detect: ") + error.what());
    }
  }

  // OpenCV keeps every keypoint tied with the last one it retains; the cap here is exact.
  void keepStrongest(int limit) {
    if (limit <= 0 || keypoints_.size() <= size_t(limit)) return;
    std::vector<int> order(keypoints_.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return keypoints_[a].response > keypoints_[b].response; });
    order.resize(limit);
    std::sort(order.begin(), order.end());
    std::vector<cv::KeyPoint> kept(limit);
    cv::Mat rows(limit, descriptors_.cols, descriptors_.type());
    for (int k = 0; k < limit; k++) {
      kept[k] = keypoints_[order[k]];
      descriptors_.row(order[k]).copyTo(rows.row(k));
    }
    keypoints_.swap(kept);
    descriptors_ = rows;
  }

  void OnOK() override {
    Napi::Env env = Env();
    size_t n = keypoints_.size();
    auto points = Napi::Float32Array::New(env, n * kKeypointFields);
    auto bytes = Napi::Uint8Array::New(env, n * kDescriptorBytes);
    for (size_t i = 0; i < n; i++) {
      const cv::KeyPoint& k = keypoints_[i];
      float* out = points.Data() + i * kKeypointFields;
      out[0] = k.pt.x; out[1] = k.pt.y; out[2] = k.size; out[3] = k.angle; out[4] = k.response;
    }
    if (n > 0) std::copy(descriptors_.ptr<uint8_t>(0), descriptors_.ptr<uint8_t>(0) + n * kDescriptorBytes, bytes.Data());
    Napi::Object result = Napi::Object::New(env);
    result.Set("keypoints", points);
    result.Set("descriptors", bytes);
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Uint8Array> grey_;
  const uint8_t* pixels_;
  int height_, width_;
  DetectOptions options_;
  std::vector<cv::KeyPoint> keypoints_;
  cv::Mat descriptors_;
};

// detect(grey: Uint8Array, height, width, options) → Promise<{keypoints, descriptors}>
static Napi::Value Detect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string op = "detect";
  if (info.Length() < 3 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    fail(env, op, "expected (grey: Uint8Array, height, width, options?)");
  }
  if (!info[1].IsNumber() || !info[2].IsNumber()) fail(env, op, "expected numbers for height and width");
  auto grey = info[0].As<Napi::Uint8Array>();
  int64_t height = info[1].As<Napi::Number>().Int64Value(), width = info[2].As<Napi::Number>().Int64Value();
  if (height <= 0 || width <= 0 || static_cast<size_t>(height * width) != grey.ElementLength()) {
    fail(env, op, "expected height × width = " + std::to_string(grey.ElementLength()) + " grey pixels, got " +
                      std::to_string(height) + " × " + std::to_string(width));
  }
  Napi::Object options = optionsArg(info, 3, op);
  DetectOptions parsed;
  parsed.maxKeypoints = static_cast<int>(numberOption(options, "maxKeypoints", parsed.maxKeypoints));
  parsed.octaveLayers = static_cast<int>(numberOption(options, "octaveLayers", parsed.octaveLayers));
  parsed.contrastThreshold = numberOption(options, "contrastThreshold", parsed.contrastThreshold);
  parsed.edgeThreshold = numberOption(options, "edgeThreshold", parsed.edgeThreshold);
  parsed.sigma = numberOption(options, "sigma", parsed.sigma);
  parsed.rootSift = boolOption(options, "rootSift", parsed.rootSift);
  parsed.rootSiftScale = numberOption(options, "rootSiftScale", parsed.rootSiftScale);
  auto* worker = new DetectWorker(env, grey, static_cast<int>(height), static_cast<int>(width), parsed);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

void registerDetect(Napi::Env env, Napi::Object exports) { exports.Set("detect", Napi::Function::New(env, Detect, "detect")); }

}  // namespace reidfeat
