// Image indices per identity: the index that samplers and splits are built on.

/** Image indices of each identity, in dataset order. */
export function groupByIdentity(labels: Int32Array, identityCount: number): number[][] {
  const groups: number[][] = Array.from({ length: identityCount }, () => []);
  for (let i = 0; i < labels.length; i++) groups[labels[i]!]!.push(i);
  return groups;
}
