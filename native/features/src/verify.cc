// Geometric verification: a robust fit (RANSAC or MAGSAC++) of an affine map or a homography
// from query to candidate keypoint positions; the inlier mask marks the matches that agree.
#include "common.h"
#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>

namespace reidfeat {

Verified verifyMatches(const FeatureView& query, const FeatureView& candidate, const Tentative& tentative, const VerifyOptions& options) {
  Verified out;
  size_t n = tentative.size();
  out.inlier.assign(n, 0);
  size_t minimal = options.model == Model::homography ? 4 : 3;
  if (options.model == Model::none || n < minimal || n < size_t(options.minTentative)) return out;
  std::vector<cv::Point2f> from(n), to(n);
  for (size_t t = 0; t < n; t++) {
    const float* a = query.keypoints + size_t(tentative.query[t]) * kKeypointFields;
    const float* b = candidate.keypoints + size_t(tentative.candidate[t]) * kKeypointFields;
    from[t] = cv::Point2f(a[0], a[1]);
    to[t] = cv::Point2f(b[0], b[1]);
  }
  cv::Mat mask, model;
  if (options.model == Model::homography) {
    int method = options.method == Method::magsac ? cv::USAC_MAGSAC : cv::RANSAC;
    model = cv::findHomography(from, to, method, options.reprojThreshold, mask, options.maxIters, options.confidence);
  } else if (options.method == Method::magsac) {
    cv::UsacParams params;
    params.score = cv::SCORE_METHOD_MAGSAC;
    params.loMethod = cv::LOCAL_OPTIM_SIGMA;
    params.threshold = options.reprojThreshold;
    params.maxIterations = options.maxIters;
    params.confidence = options.confidence;
    model = cv::estimateAffine2D(from, to, mask, params);
  } else {
    model = cv::estimateAffine2D(from, to, mask, cv::RANSAC, options.reprojThreshold, options.maxIters, options.confidence, 10);
  }
  if (model.empty() || mask.total() != n) return out;
  const uint8_t* flags = mask.ptr<uint8_t>(0);
  for (size_t t = 0; t < n; t++) {
    out.inlier[t] = flags[t] ? 1 : 0;
    out.inlierCount += out.inlier[t];
  }
  cv::Mat m;
  model.convertTo(m, CV_64F);
  out.transform.assign(9, 0.0);
  for (int r = 0; r < m.rows && r < 3; r++)
    for (int c = 0; c < 3; c++) out.transform[r * 3 + c] = m.at<double>(r, c);
  if (m.rows == 2) out.transform[8] = 1.0;
  return out;
}

}  // namespace reidfeat
