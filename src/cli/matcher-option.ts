// --matcher and --shortlist, declared once for gallery build|add|enroll, identify, calibrate and eval.
import { matchers } from '../index.ts';
import { oneOf, positiveInt } from './parse-options.ts';

export const parseMatcher = oneOf('--matcher', matchers);
export const parseShortlist = positiveInt('--shortlist');

/**
 * --matcher has no default here, so each command takes its own: a new gallery's from its model
 * (fused for photo models, embedding for glyph models), identify's and calibrate's from the gallery.
 */
export const matcherHelp = {
  build: `${matchers.join(' | ')} (default: fused for photo models, which stores local features; embedding for glyph models)`,
  existing: `${matchers.join(' | ')}; checked against the gallery: local and fused need stored local features`,
  identify: `${matchers.join(' | ')} (default: the gallery's, fused when it stores local features)`,
  shortlist: 'identities the embedding shortlists for local re-ranking (fused; default: the nearest ones holding at most 300 enrolled images, at least 20)',
};
