// Majority vote of the k nearest neighbours' labels. Ties between equally frequent labels go to
// the label whose first occurrence is nearest, so the vote never depends on label values and
// k = 1 reduces to the nearest neighbour.

/** `labels` is ordered nearest first; only the first k are used. Returns undefined for an empty list. */
export function knnVote(labels: ArrayLike<number>, k: number = labels.length): number | undefined {
  const used = Math.min(k, labels.length);
  let best: number | undefined;
  let bestVotes = 0;
  for (let i = 0; i < used; i++) {
    const label = labels[i]!;
    let seenBefore = false;
    for (let h = 0; h < i; h++) if (labels[h] === label) { seenBefore = true; break; }
    if (seenBefore) continue; // counted at its first (nearest) occurrence
    let votes = 1;
    for (let h = i + 1; h < used; h++) if (labels[h] === label) votes++;
    // Strictly greater: an equal count later in the list loses to the nearer label.
    if (votes > bestVotes) { best = label; bestVotes = votes; }
  }
  return best;
}
