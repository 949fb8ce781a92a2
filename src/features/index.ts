// Public surface of src/features: local features (SIFT/RootSIFT over OpenCV), ratio-test matching,
// geometric verification, identity scores and the stored form of features.
export { KEYPOINT_FIELDS, DESCRIPTOR_BYTES, featureCount, checkLocalFeatures, type LocalFeatures, type DescriptorKind } from './local-features.ts';
export { defaultFeatureOptions, resolveFeatureOptions, type FeatureOptions, type ResolvedFeatureOptions } from './feature-options.ts';
export { extractFeatures, extractFeaturesFromFile, type GreyImage } from './extract-features.ts';
export { defaultMatchOptions, resolveMatchOptions, type MatchOptions, type ResolvedMatchOptions, type GeometricModel, type RobustMethod } from './match-options.ts';
export { matchFeatures, type FeatureMatch } from './match-features.ts';
export { matchMany, defaultConcurrency, type MatchManyOptions, type ManyMatchCounts } from './match-many.ts';
export { encodeLocalFeatures, decodeLocalFeatures, saveLocalFeatures, loadLocalFeatures, encodedFeatureBytes } from './feature-codec.ts';
export { identityScores, type IdentityScore, type IdentityScoreRule, type ImageMatchCount } from './identity-score.ts';
