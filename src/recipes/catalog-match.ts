// Identification of waiting sightings against the catalogue's confirmed ones, with the gallery
// machinery: one gallery item per confirmed sighting, on its live individual, scored by identity
// centroid (fair between individuals seen 100 times and twice), with the model's calibrated
// probabilities where it has a calibration and the verdict "uncalibrated" where it has none.
// The top-k candidates are stored, not a cut-off: the reviewer sees them all.
import type { MatchingInput } from '../catalog/index.ts';
import { Gallery } from '../gallery/index.ts';
import type { CatalogSession } from './catalog-session.ts';

export interface CatalogMatchOptions {
  /** Sightings to match (default: every waiting one). */
  sightings?: readonly number[];
  /** Candidates kept per sighting (default 10). */
  top?: number;
  who?: string;
}

/** Computes and stores the candidates of waiting sightings; returns how many were matched. */
export function catalogMatch(session: CatalogSession, options: CatalogMatchOptions = {}): number {
  const { catalog, bundle } = session;
  const ids = options.sightings ?? catalog.queue().map((e) => e.sighting.id);
  if (ids.length === 0) return 0;
  const known = catalog.embeddings();
  const queries = catalog.embeddings({ sightings: ids });
  const gallery = new Gallery({
    dim: catalog.info.dim, modelFingerprint: catalog.info.modelFingerprint, calibration: bundle.config.calibration ?? null,
    items: known.sightings.map((s, i) => ({ id: `s${s}`, identity: String(catalog.resolveIndividual(known.individuals[i]!).id), source: `sighting:${s}` })),
    embeddings: known.vectors,
  });
  try {
    const results = gallery.identify(queries.vectors, { top: options.top ?? 10, scoring: { kind: 'centroid' } });
    const matchings: MatchingInput[] = queries.sightings.map((sighting, row) => ({
      sighting,
      modelFingerprint: catalog.info.modelFingerprint,
      verdict: results[row]!.verdict,
      candidates: results[row]!.candidates.map((c, rank) => ({
        individual: Number(c.identity), rank: rank + 1, probability: c.probability ?? null,
        scores: { embeddingDistance: c.distance, nearestSightingDistance: c.support[0]?.distance ?? c.distance },
      })),
    }));
    catalog.setMatchings(matchings, options.who);
    return matchings.length;
  } finally {
    gallery.dispose();
  }
}
