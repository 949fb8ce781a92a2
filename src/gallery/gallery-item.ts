import type { OpenSetCalibration } from '../eval/index.ts';
// One enrolled image: which individual it shows, where it came from, and free-form metadata.
export interface GalleryItem {
  /** Unique within the gallery. */
  id: string;
  identity: string;
  /** File path or pseudo-path ("mnist:test/17"). */
  source: string;
  metadata?: Record<string, string | number | boolean>;
}

/** The decision threshold on the distance to the best match, how it was chosen, and the probability map. */
export type Calibration = OpenSetCalibration;

/** Past the size and every "<identity>#<n>" id, so a new id cannot repeat one, removed or not. */
export function firstFreeItemNumber(items: readonly GalleryItem[]): number {
  let next = items.length;
  for (const item of items) {
    const n = /#(\d+)$/.exec(item.id);
    if (n) next = Math.max(next, Number(n[1]) + 1);
  }
  return next;
}
