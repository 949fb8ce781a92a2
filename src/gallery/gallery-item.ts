// One enrolled image: which individual it shows, where it came from, and free-form metadata.
export interface GalleryItem {
  /** Unique within the gallery. */
  id: string;
  identity: string;
  /** File path or pseudo-path ("mnist:test/17"). */
  source: string;
  metadata?: Record<string, string | number | boolean>;
}

/** The decision threshold on the distance to the best match, and how it was chosen. */
export interface Calibration {
  threshold: number;
  /** e.g. "precision≥0.95" or "best-f1". */
  target: string;
  precision: number;
  recall: number;
  /** Number of calibration queries. */
  queries: number;
  calibratedAt: string;
}
