// How equal distances are ordered when a ranking is built. Float distances tie more often than
// one expects (duplicate images, quantised features, a collapsed model), and a metric that
// depends on whatever order a sort happened to leave is neither reproducible nor honest.

/**
 * - `pessimistic` (the default everywhere in src/eval): among equal distances, gallery items of
 *   another identity rank before items of the query's identity; remaining ties go by gallery
 *   index. A collapsed embedding (all distances equal) then scores as badly as it deserves
 *   instead of scoring by the gallery's storage order.
 * - `gallery-order`: equal distances rank by gallery index, as a stable sort would leave them.
 */
export type TiePolicy = 'pessimistic' | 'gallery-order';
