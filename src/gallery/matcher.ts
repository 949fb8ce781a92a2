// How a gallery compares a query with its individuals: by embedding distance alone, by local
// features alone (verified inliers against every enrolled image), or fused (the embedding
// shortlists identities, local matching re-ranks them, one calibrated probability decides).
import type { ModelPreprocessingLike } from './matcher-defaults.ts';

export type Matcher = 'embedding' | 'local' | 'fused';
export const matchers: readonly Matcher[] = ['embedding', 'local', 'fused'];

/** Whether the matcher needs every enrolled image's local features. */
export function needsFeatures(matcher: Matcher): boolean {
  return matcher !== 'embedding';
}

export function isMatcher(value: unknown): value is Matcher {
  return typeof value === 'string' && (matchers as readonly string[]).includes(value);
}

/**
 * The matcher a new gallery gets from its model: fused for photo models (RGB input, or the photo
 * network), embedding for glyph models, whose 28×28 drawings have too little texture for SIFT.
 */
export function defaultMatcherFor(model: ModelPreprocessingLike): Matcher {
  const { preprocessing, arch } = model;
  if (preprocessing.glyph) return 'embedding';
  return preprocessing.channels === 3 || arch === 'photo' ? 'fused' : 'embedding';
}
