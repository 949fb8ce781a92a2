export { Gallery } from './gallery.ts';
export type { Candidate, Identification, IdentityScoring, GalleryInit } from './gallery.ts';
export type { GalleryItem, Calibration } from './gallery-item.ts';
export { saveGallery, loadGallery } from './gallery-store.ts';
export type { LoadGalleryOptions } from './gallery-store.ts';
export { ExactIndex } from './exact-search.ts';
export type { Neighbours } from './exact-search.ts';
export { HnswIndex } from './hnsw-index.ts';
export type { HnswOptions } from './hnsw-index.ts';
