// The part of a model's config that chooses a gallery's default matcher (kept structural, so the
// gallery layer needs nothing from train/).
export interface ModelPreprocessingLike {
  arch?: string;
  preprocessing: { channels: number; glyph?: boolean };
}
